using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Cli.Commands;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Cli
{
    /// <summary><c>streamkit reduce --api responses --json</c> on recorded streams, with expectations written from the recordings.</summary>
    public class ReduceResponsesCorpusTests
    {
        private static async Task<(int Exit, JsonElement Envelope, JsonElement Output)> Reduce(string file)
        {
            string? corpus = TestPaths.Corpus;
            Assert.SkipWhen(corpus is null, TestPaths.CorpusAbsent);
            var stdout = new StringWriter();
            int exit = await ReduceCommand.RunAsync(Path.Combine(corpus!, "responses", file), "responses", json: true, stdout, new StringWriter(), TestContext.Current.CancellationToken);
            var envelope = JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
            return (exit, envelope, envelope.GetProperty("response").GetProperty("output"));
        }

        private static string Text(JsonElement output, int item, int part = 0) => output[item].GetProperty("content")[part].GetProperty("text").GetString()!;

        [Fact]
        public async Task Hello_world_text_status_and_usage()
        {
            var (exit, e, output) = await Reduce("openai-hello-world.sse");
            var response = e.GetProperty("response");
            Assert.Equal((0, "completed", "completed"), (exit, e.GetProperty("outcome").GetString(), response.GetProperty("status").GetString()));
            Assert.Equal("message", output[0].GetProperty("type").GetString());
            Assert.Equal(34, Text(output, 0).Length);
            Assert.True(response.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        }

        [Fact]
        public async Task Function_call_arguments_are_complete_json()
        {
            var (exit, _, output) = await Reduce("openai-function-call-args-delta.sse");
            Assert.Equal(0, exit);
            var call = output.EnumerateArray().Single(o => o.GetProperty("type").GetString() == "function_call");
            var args = JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement;
            Assert.Equal(JsonValueKind.Object, args.ValueKind);
            Assert.False(string.IsNullOrEmpty(call.GetProperty("name").GetString()));
        }

        [Fact]
        public async Task Insufficient_quota_is_a_provider_error_with_code_and_exit_4()
        {
            var (exit, e, _) = await Reduce("openai-error-insufficient-quota.sse");
            Assert.Equal((4, "provider_error", "failed"), (exit, e.GetProperty("outcome").GetString(), e.GetProperty("terminal").GetString()));
            Assert.Equal("insufficient_quota", e.GetProperty("error").GetProperty("code").GetString());
        }

        [Fact]
        public async Task Trimmed_recording_reports_its_sequence_gaps()
        {
            var (exit, e, output) = await Reduce("openai-message-phase-commentary.sse");
            Assert.Equal(0, exit);
            Assert.Equal(3, e.GetProperty("sequence_gaps").GetArrayLength());
            Assert.Equal(2, output.GetArrayLength());
            Assert.StartsWith("Got it", Text(output, 0));
        }

        [Fact]
        public async Task OpenRouter_without_event_lines_reasoning_text_then_answer()
        {
            var (exit, e, output) = await Reduce("openrouter-gptoss-reasoning-text-no-event-lines.sse");
            Assert.Equal((0, "completed"), (exit, e.GetProperty("terminal").GetString()));
            Assert.Equal("reasoning", output[0].GetProperty("type").GetString());
            Assert.StartsWith("The user asks: \"What is 2+2?\"", Text(output, 0));
            Assert.Equal("4", Text(output, 1));
        }

        [Fact]
        public async Task Apply_patch_diff_is_rebuilt_from_its_deltas()
        {
            var (exit, _, output) = await Reduce("openai-apply-patch-diff-delta.sse");
            Assert.Equal(0, exit);
            Assert.StartsWith("+## Shopping Checklist\n", output[0].GetProperty("operation").GetProperty("diff").GetString());
        }

        [Fact]
        public async Task Reasoning_summary_parts_and_answer()
        {
            var (exit, _, output) = await Reduce("openai-reasoning-summary-long.sse");
            Assert.Equal(0, exit);
            var reasoning = output[0];
            Assert.Equal("reasoning", reasoning.GetProperty("type").GetString());
            Assert.Equal(4, reasoning.GetProperty("summary").GetArrayLength());
            Assert.Equal(6290, Text(output, 1).Length);
        }

        [Fact]
        public async Task xAI_custom_tool_inputs_and_web_search_calls()
        {
            var (exit, _, output) = await Reduce("xai-x-search-custom-tool-long.sse");
            Assert.Equal(0, exit);
            var customs = output.EnumerateArray().Where(o => o.GetProperty("type").GetString() == "custom_tool_call").ToList();
            Assert.NotEmpty(customs);
            Assert.All(customs, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("input").GetString())));
            Assert.Contains(output.EnumerateArray(), o => o.GetProperty("type").GetString() == "web_search_call");
        }
    }
}
