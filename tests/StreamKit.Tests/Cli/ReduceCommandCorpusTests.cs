using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Cli.Commands;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Cli
{
    /// <summary>
    /// <c>streamkit reduce --json</c> on recorded streams, against what a careful reader of each stream expects
    /// (text, complete tool-call JSON, finish reason, usage, reasoning), written down by hand from the recordings.
    /// </summary>
    public class ReduceCommandCorpusTests
    {
        private static async Task<(int Exit, JsonElement Envelope, JsonElement Message)> Reduce(string file)
        {
            string? corpus = TestPaths.Corpus;
            Assert.SkipWhen(corpus is null, TestPaths.CorpusAbsent);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = await ReduceCommand.RunAsync(Path.Combine(corpus!, "chat", file), null, json: true, stdout, stderr, TestContext.Current.CancellationToken);
            var envelope = JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
            var message = envelope.GetProperty("completion").GetProperty("choices")[0].GetProperty("message");
            return (exit, envelope, message);
        }

        private static string Outcome(JsonElement e) => e.GetProperty("outcome").GetString()!;

        private static string? FinishReason(JsonElement e, int choice = 0) =>
            e.GetProperty("completion").GetProperty("choices")[choice].GetProperty("finish_reason").GetString();

        private static long TotalTokens(JsonElement e) => e.GetProperty("completion").GetProperty("usage").GetProperty("total_tokens").GetInt64();

        private static (string Name, JsonElement Arguments) OnlyToolCall(JsonElement message)
        {
            var calls = message.GetProperty("tool_calls");
            Assert.Equal(1, calls.GetArrayLength());
            var fn = calls[0].GetProperty("function");
            // The arguments must be complete JSON, not a fragment.
            return (fn.GetProperty("name").GetString()!, JsonDocument.Parse(fn.GetProperty("arguments").GetString()!).RootElement.Clone());
        }

        [Fact]
        public async Task OpenAI_tool_call_arguments_split_over_chunks()
        {
            var (exit, e, m) = await Reduce("openai-tool-call-args-split.sse");
            Assert.Equal((0, "completed", "tool_calls", 100L), (exit, Outcome(e), FinishReason(e), TotalTokens(e)));
            var (name, args) = OnlyToolCall(m);
            Assert.Equal("GetWeatherArgs", name);
            Assert.Equal(("Edinburgh", "UK", "c"), (args.GetProperty("city").GetString(), args.GetProperty("country").GetString(), args.GetProperty("units").GetString()));
            Assert.Equal(JsonValueKind.Null, m.GetProperty("content").ValueKind);
        }

        [Fact]
        public async Task Alibaba_tool_call_with_empty_ids_on_later_fragments()
        {
            var (exit, e, m) = await Reduce("alibaba-qwen3-tool-call-empty-id.sse");
            Assert.Equal((0, "tool_calls", 317L), (exit, FinishReason(e), TotalTokens(e)));
            var (name, args) = OnlyToolCall(m);
            Assert.Equal(("weather", "San Francisco"), (name, args.GetProperty("location").GetString()));
            Assert.StartsWith("call_", m.GetProperty("tool_calls")[0].GetProperty("id").GetString());
        }

        [Fact]
        public async Task Mistral_tool_call_without_index_in_one_chunk()
        {
            var (exit, e, m) = await Reduce("mistral-tool-call-no-index.sse");
            Assert.Equal((0, "tool_calls", 146L), (exit, FinishReason(e), TotalTokens(e)));
            var (name, args) = OnlyToolCall(m);
            Assert.Equal(("weather", "San Francisco"), (name, args.GetProperty("location").GetString()));
            Assert.Equal("gSIMJiOkT", m.GetProperty("tool_calls")[0].GetProperty("id").GetString());
        }

        [Fact]
        public async Task Cerebras_reasoning_field_and_whole_tool_call()
        {
            var (exit, e, m) = await Reduce("cerebras-glm-reasoning-field-tool.sse");
            Assert.Equal((0, "tool_calls", 426L), (exit, FinishReason(e), TotalTokens(e)));
            var (name, args) = OnlyToolCall(m);
            Assert.Equal(("nonUsefulTool", JsonValueKind.Object), (name, args.ValueKind));
            Assert.Equal(423, m.GetProperty("reasoning_content").GetString()!.Length);
        }

        [Fact]
        public async Task DeepSeek_reasoner_reasoning_then_answer()
        {
            var (exit, e, m) = await Reduce("deepseek-reasoner-reasoning-content.sse");
            Assert.Equal((0, "stop", 237L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.Equal("The word \"strawberry\" contains three \"r\"s.", m.GetProperty("content").GetString());
            Assert.Equal(606, m.GetProperty("reasoning_content").GetString()!.Length);
        }

        [Fact]
        public async Task OpenAI_n3_interleaved_choices()
        {
            var (exit, e, _) = await Reduce("openai-n3-multiple-choices-interleaved.sse");
            var choices = e.GetProperty("completion").GetProperty("choices");
            Assert.Equal((0, 3, 121L), (exit, choices.GetArrayLength(), TotalTokens(e)));
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(i, choices[i].GetProperty("index").GetInt32());
                Assert.Equal("stop", FinishReason(e, i));
                var weather = JsonDocument.Parse(choices[i].GetProperty("message").GetProperty("content").GetString()!).RootElement;
                Assert.Equal("San Francisco", weather.GetProperty("city").GetString());
            }
        }

        [Fact]
        public async Task OpenAI_refusal_streamed_with_null_content()
        {
            var (exit, e, m) = await Reduce("openai-refusal-delta-structured-output.sse");
            Assert.Equal((0, "stop", 90L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.Equal("I'm sorry, I can't assist with that request.", m.GetProperty("refusal").GetString());
            Assert.Equal(JsonValueKind.Null, m.GetProperty("content").ValueKind);
        }

        [Fact]
        public async Task OpenAI_max_tokens_one_token_then_length()
        {
            var (exit, e, m) = await Reduce("openai-max-tokens-finish-length.sse");
            Assert.Equal((0, "length", 80L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.Equal("{\"", m.GetProperty("content").GetString());
        }

        [Fact]
        public async Task Azure_first_chunk_with_empty_id_and_prompt_filter_results()
        {
            var (exit, e, m) = await Reduce("azure-model-router-prompt-filter.sse");
            var completion = e.GetProperty("completion");
            Assert.Equal((0, "stop", 93L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.Equal("Capital of Denmark.", m.GetProperty("content").GetString());
            Assert.Equal("chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt", completion.GetProperty("id").GetString());
            Assert.Equal("gpt-5-nano-2025-08-07", completion.GetProperty("model").GetString());
            Assert.Equal(JsonValueKind.Array, completion.GetProperty("prompt_filter_results").ValueKind);
            Assert.False(completion.TryGetProperty("obfuscation", out _));
        }

        [Fact]
        public async Task OpenRouter_keepalives_and_reasoning_details_with_signature()
        {
            var (exit, e, m) = await Reduce("openrouter-claude-reasoning-details-signature.sse");
            Assert.Equal((0, "stop", 79L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.Equal("2 + 2 = 4", m.GetProperty("content").GetString());
            var detail = m.GetProperty("reasoning_details")[0];
            Assert.Equal("reasoning.text", detail.GetProperty("type").GetString());
            Assert.Equal(m.GetProperty("reasoning_content").GetString(), detail.GetProperty("text").GetString());
            Assert.StartsWith("Et0BCkgI", detail.GetProperty("signature").GetString());
            Assert.True(e.GetProperty("statistics").GetProperty("comments").GetInt32() > 0);
        }

        [Fact]
        public async Task OpenRouter_error_inside_a_200_stream_keeps_partial_reasoning_and_usage()
        {
            var (exit, e, m) = await Reduce("openrouter-minimax-keepalive-midstream-error.sse");
            Assert.Equal((4, "provider_error", "length", 53L), (exit, Outcome(e), FinishReason(e), TotalTokens(e)));
            var error = e.GetProperty("error");
            Assert.Equal(("Token limit reached", "400"), (error.GetProperty("provider_message").GetString(), error.GetProperty("code").GetString()));
            Assert.Equal("We need to respond to a greeting. The user", m.GetProperty("reasoning_content").GetString());
        }

        [Fact]
        public async Task Groq_error_event_ends_in_provider_error_with_the_reasoning_so_far()
        {
            var (exit, e, m) = await Reduce("groq-gptoss-tool-use-failed-error-event.sse");
            Assert.Equal((4, "provider_error"), (exit, Outcome(e)));
            Assert.Equal("tool_use_failed", e.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(412, m.GetProperty("reasoning_content").GetString()!.Length);
            Assert.Equal(JsonValueKind.Null, e.GetProperty("completion").GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
        }

        [Fact]
        public async Task Groq_compound_usage_comes_from_x_groq()
        {
            var (exit, e, m) = await Reduce("groq-web-search-executed-tools.sse");
            Assert.Equal((0, "stop", 5362L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.EndsWith("a humidity level of 90-94%.", m.GetProperty("content").GetString());
        }

        [Fact]
        public async Task Mistral_magistral_thinking_parts_become_reasoning()
        {
            var (exit, e, m) = await Reduce("mistral-magistral-thinking-raw.sse");
            Assert.Equal((0, "stop", 242L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.StartsWith("To cross the street safely, follow these steps:", m.GetProperty("content").GetString());
            Assert.StartsWith("Okay, the user", m.GetProperty("reasoning_content").GetString());
        }

        [Fact]
        public async Task Together_inline_think_block_is_split_from_the_answer()
        {
            var (exit, e, m) = await Reduce("huggingface-together-router-thinking-long.sse");
            Assert.Equal((0, "stop", 965L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.StartsWith("\nOkay, the user asked \"How do I cross the street?\"", m.GetProperty("reasoning_content").GetString());
            Assert.DoesNotContain("<think>", m.GetProperty("content").GetString());
            Assert.EndsWith("it could save your life! 🌟", m.GetProperty("content").GetString());
        }

        [Fact]
        public async Task Perplexity_citations_without_DONE_complete_on_the_finish_reason()
        {
            var (exit, e, m) = await Reduce("perplexity-sonar-citations.sse");
            Assert.Equal((0, "stop", 346L), (exit, FinishReason(e), TotalTokens(e)));
            Assert.Equal(7, e.GetProperty("completion").GetProperty("citations").GetArrayLength());
            Assert.Equal("The current population of **[2][3]", m.GetProperty("content").GetString());
        }

        [Fact]
        public async Task OpenAI_audio_transcript_and_data_are_concatenated()
        {
            var (exit, e, m) = await Reduce("openai-audio-output-delta.sse");
            Assert.Equal((0, "completed", 42L), (exit, Outcome(e), TotalTokens(e)));
            var audio = m.GetProperty("audio");
            Assert.Equal("audio_6a233a354ee081918e294494ab803d56", audio.GetProperty("id").GetString());
            Assert.Equal(1780697157, audio.GetProperty("expires_at").GetInt64());
            Assert.True(audio.GetProperty("data").GetString()!.Length > 1000);
            Assert.False(string.IsNullOrEmpty(audio.GetProperty("transcript").GetString()));
        }
    }
}
