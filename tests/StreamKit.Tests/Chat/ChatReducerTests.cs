using System.Collections.Generic;
using System.Linq;
using StreamKit.Chat;
using Xunit;

namespace StreamKit.Tests.Chat
{
    /// <summary>The generated reducer's rules, one by one, on hand-written chunks.</summary>
    public class ChatReducerTests
    {
        private static ChatCompletion Reduce(params string[] chunks)
        {
            var reducer = new ChatCompletionReducer();
            foreach (var c in chunks) reducer.Apply(ChatCompletionChunk.Parse(c));
            return reducer.Snapshot();
        }

        private static string C(string choices, string extra = "") =>
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":" + choices + extra + "}";

        [Fact]
        public void Content_is_concatenated_and_null_when_nothing_arrived()
        {
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"He\"}}]"),
                C("[{\"index\":0,\"delta\":{\"content\":null}}]"),
                C("[{\"index\":0,\"delta\":{\"content\":\"llo\"},\"finish_reason\":\"stop\"}]"));
            var m = r.Choices![0].Message!;
            Assert.Equal("Hello", m.Content);
            Assert.Null(m.Refusal);
            Assert.Null(m.ToolCalls);
            Assert.Equal("assistant", m.Role);
            Assert.Equal("chat.completion", r.Object);
        }

        [Fact]
        public void Tool_calls_merge_by_index_with_id_and_name_taken_once()
        {
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]"),
                C("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"\",\"function\":{\"name\":\"\",\"arguments\":\"{\\\"a\\\"\"}}]}}]"),
                C("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\":1}\"}}]}}]"));
            var call = Assert.Single(r.Choices![0].Message!.ToolCalls!);
            Assert.Equal("call_1", call.Id);
            Assert.Equal("f", call.Function!.Name);
            Assert.Equal("{\"a\":1}", call.Function.Arguments);
            Assert.Equal("function", call.Type);
        }

        [Fact]
        public void Two_entries_with_the_same_index_in_one_chunk_merge()
        {
            var r = Reduce(C("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"x\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,\"}},{\"index\":0,\"function\":{\"arguments\":\"2]\"}}]}}]"));
            Assert.Equal("[1,2]", Assert.Single(r.Choices![0].Message!.ToolCalls!).Function!.Arguments);
        }

        [Fact]
        public void Choices_are_keyed_by_index_and_ordered_by_it()
        {
            var r = Reduce(
                C("[{\"index\":2,\"delta\":{\"content\":\"c\"}},{\"index\":0,\"delta\":{\"content\":\"a\"}}]"),
                C("[{\"index\":1,\"delta\":{\"content\":\"b\"}}]"),
                C("[{\"index\":0,\"delta\":{\"content\":\"A\"},\"finish_reason\":\"length\"}]"));
            Assert.Equal(new long[] { 0, 1, 2 }, r.Choices!.Select(c => c.Index));
            Assert.Equal(new[] { "aA", "b", "c" }, r.Choices!.Select(c => c.Message!.Content));
            Assert.Equal(ChatCompletionFinishReason.Length, r.Choices![0].FinishReason);
            Assert.Null(r.Choices![1].FinishReason);
        }

        [Fact]
        public void Finish_reason_is_the_last_non_null_and_unknown_values_are_kept()
        {
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]"),
                C("[{\"index\":0,\"delta\":{},\"finish_reason\":null}]"),
                C("[{\"index\":0,\"delta\":{},\"finish_reason\":\"error\"}]"),
                C("[{\"index\":0,\"delta\":{},\"finish_reason\":null}]"));
            var reason = r.Choices![0].FinishReason!.Value;
            Assert.Equal("error", reason.Value);
            Assert.False(reason.IsKnown);
        }

        [Fact]
        public void Usage_is_the_last_value_never_a_sum()
        {
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{\"content\":\"a\"}}]", ",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}"),
                C("[{\"index\":0,\"delta\":{\"content\":\"b\"}}]", ",\"usage\":null"),
                C("[]", ",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}"));
            Assert.Equal(7, r.Usage!.TotalTokens);
            Assert.Equal(2, r.Usage.CompletionTokens);
        }

        [Fact]
        public void Mistral_content_parts_route_thinking_to_reasoning_and_text_to_content()
        {
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Hmm\"}]}]}}]"),
                C("[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\", ok\"}]}]}}]"),
                C("[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"Answer\"}]}}]"),
                C("[{\"index\":0,\"delta\":{\"content\":\"!\"}}]"));
            var m = r.Choices![0].Message!;
            Assert.Equal("Hmm, ok", m.ReasoningContent);
            Assert.Equal("Answer!", m.Content);
        }

        [Fact]
        public void Reasoning_folds_into_reasoning_content_unless_both_are_sent()
        {
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{\"reasoning\":\"A\",\"reasoning_content\":\"A\"}}]"),
                C("[{\"index\":0,\"delta\":{\"reasoning\":\"B\"}}]"),
                C("[{\"index\":0,\"delta\":{\"reasoning_content\":\"C\"}}]"));
            Assert.Equal("ABC", r.Choices![0].Message!.ReasoningContent);
        }

        [Fact]
        public void Logprobs_are_appended_and_null_when_none_arrived()
        {
            string lp(string t) => "{\"content\":[{\"token\":\"" + t + "\",\"logprob\":-0.5,\"bytes\":[1],\"top_logprobs\":[]}],\"refusal\":null}";
            var r = Reduce(
                C("[{\"index\":0,\"delta\":{\"content\":\"a\"},\"logprobs\":" + lp("a") + "}]"),
                C("[{\"index\":0,\"delta\":{\"content\":\"b\"},\"logprobs\":null}]"),
                C("[{\"index\":0,\"delta\":{\"content\":\"c\"},\"logprobs\":" + lp("c") + "}]"),
                C("[{\"index\":1,\"delta\":{\"content\":\"z\"}}]"));
            Assert.Equal(new[] { "a", "c" }, r.Choices![0].Logprobs!.Content!.Select(t => t.Token));
            Assert.Null(r.Choices![1].Logprobs);
        }

        [Fact]
        public void A_snapshot_is_not_changed_by_later_chunks()
        {
            var reducer = new ChatCompletionReducer();
            reducer.Apply(ChatCompletionChunk.Parse(C("[{\"index\":0,\"delta\":{\"content\":\"a\",\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]}}]")));
            var early = reducer.Snapshot();
            reducer.Apply(ChatCompletionChunk.Parse(C("[{\"index\":0,\"delta\":{\"content\":\"b\",\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}}]")));
            Assert.Equal("a", early.Choices![0].Message!.Content);
            Assert.Equal("{", early.Choices[0].Message!.ToolCalls![0].Function!.Arguments);
            Assert.Equal("ab", reducer.Snapshot().Choices![0].Message!.Content);
            Assert.Equal(2, reducer.Count);
            reducer.Reset();
            Assert.Null(reducer.Snapshot().Choices);
        }

        [Fact]
        public void Id_model_and_created_take_the_first_non_empty_value()
        {
            var r = Reduce(
                "{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0}]}",
                "{\"id\":\"real\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"gpt\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}",
                "{\"id\":\"other\",\"object\":\"chat.completion.chunk\",\"created\":6,\"model\":\"gpt-2\",\"choices\":[]}");
            Assert.Equal("real", r.Id);
            Assert.Equal("gpt", r.Model);
            Assert.Equal(5, r.Created);
            Assert.True(r.ExtensionData!.ContainsKey("prompt_filter_results"));
        }

        [Fact]
        public void Unknown_members_of_chunks_reach_the_final_object()
        {
            var r = Reduce(C("[{\"index\":0,\"delta\":{\"content\":\"x\",\"channel\":\"analysis\"},\"stop_reason\":7}]", ",\"vendor\":{\"a\":[1,2]}"));
            Assert.Equal("[1,2]", r.ExtensionData!["vendor"].GetProperty("a").GetRawText());
            Assert.Equal(7, r.Choices![0].ExtensionData!["stop_reason"].GetInt32());
            Assert.Equal("analysis", r.Choices![0].Message!.ExtensionData!["channel"].GetString());
        }
    }
}
