using System.Linq;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Chat
{
    /// <summary>How each kind of stream ends, on the project's own fixtures.</summary>
    public class ChatStreamOutcomeTests
    {
        private static Task<StreamResult<ChatCompletion>> Reduce(string fixture) => Streams.ReduceAsync(TestPaths.FixtureBytes("chat/" + fixture));

        [Fact]
        public async Task A_final_DONE_without_blank_line_still_completes_and_index_1_becomes_the_first_call()
        {
            var r = await Reduce("tool-call-index-starts-at-1-unterminated.sse");
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            Assert.True(r.SawDone);
            var call = Assert.Single(r.Value.Choices![0].Message!.ToolCalls!);
            Assert.Equal(("toolu_01", "get_weather", "{\"city\":\"Paris\"}"), (call.Id, call.Function!.Name, call.Function.Arguments));
        }

        [Fact]
        public async Task Interleaved_parallel_tool_calls_keep_their_own_arguments()
        {
            var r = await Reduce("parallel-tool-calls-interleaved.sse");
            var calls = r.Value.Choices![0].Message!.ToolCalls!;
            Assert.Equal(new[] { "call_a", "call_b" }, calls.Select(c => c.Id));
            Assert.Equal(new[] { "{\"city\":\"Oslo\"}", "{\"tz\":\"UTC\"}" }, calls.Select(c => c.Function!.Arguments));
            Assert.Equal(80, r.Value.Usage!.TotalTokens);
            Assert.Null(r.Value.Choices[0].Message!.Content);
        }

        [Fact]
        public async Task Whole_calls_without_index_in_one_delta_stay_separate()
        {
            var r = await Reduce("whole-tool-calls-one-delta-no-index.sse");
            var calls = r.Value.Choices![0].Message!.ToolCalls!;
            Assert.Equal(new[] { "c1", "c2" }, calls.Select(c => c.Id));
            Assert.Equal(new[] { "{\"q\":\"a\"}", "{\"q\":\"b\"}" }, calls.Select(c => c.Function!.Arguments));
            Assert.Equal("tool_calls", r.Value.Choices[0].FinishReason!.Value.Value);
        }

        [Fact]
        public async Task Empty_id_and_name_in_later_fragments_do_not_overwrite()
        {
            var r = await Reduce("later-fragments-empty-id-and-name.sse");
            var call = Assert.Single(r.Value.Choices![0].Message!.ToolCalls!);
            Assert.Equal(("call_9", "lookup", "{\"id\":42}"), (call.Id, call.Function!.Name, call.Function.Arguments));
        }

        [Fact]
        public async Task Deprecated_function_call_folds_like_a_tool_call()
        {
            var r = await Reduce("deprecated-function-call.sse");
#pragma warning disable CS0618
            var fc = r.Value.Choices![0].Message!.FunctionCall!;
#pragma warning restore CS0618
            Assert.Equal(("get_stock", "{\"ticker\":\"MSFT\"}"), (fc.Name, fc.Arguments));
        }

        [Fact]
        public async Task Cumulative_usage_is_taken_last_not_summed()
        {
            var r = await Reduce("cumulative-usage-every-chunk.sse");
            Assert.Equal((3L, 8L), (r.Value.Usage!.CompletionTokens, r.Value.Usage.TotalTokens));
            Assert.Equal("One two three", r.Value.Choices![0].Message!.Content);
        }

        [Fact]
        public async Task A_moderation_chunk_after_usage_is_kept_with_both_union_cases()
        {
            var r = await Reduce("moderation-trailing-chunk.sse");
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            Assert.Equal(4, r.Value.Usage!.TotalTokens);
            Assert.IsType<ChatCompletionModerationResults>(r.Value.Moderation!.Input);
            var error = Assert.IsType<ChatCompletionModerationError>(r.Value.Moderation.Output);
            Assert.Equal("timeout", error.Code);
        }

        [Fact]
        public async Task Empty_strings_for_refusal_id_and_service_tier_do_not_become_values()
        {
            var r = await Reduce("empty-strings-everywhere.sse");
            var m = r.Value.Choices![0].Message!;
            Assert.Equal("Hello", m.Content);
            Assert.Equal("", m.Refusal);
            Assert.Null(r.Value.Id);
            Assert.Equal(0, r.Value.Created);
        }

        [Theory]
        [InlineData("crlf-bom-comments-multiline-data.sse", "Line two")]
        [InlineData("cr-only-line-endings.sse", "cr")]
        public async Task Framing_variants_reduce_to_the_text(string fixture, string text)
        {
            var r = await Reduce(fixture);
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            Assert.Equal(text, r.Value.Choices![0].Message!.Content);
        }

        [Fact]
        public async Task A_stream_without_DONE_or_finish_reason_is_truncated_with_its_partial_text()
        {
            var r = await Reduce("truncated-mid-answer.sse");
            Assert.Equal(StreamOutcome.Truncated, r.Outcome);
            var ex = Assert.IsType<TruncatedStreamException>(r.Error);
            Assert.Equal("The answer is forty", ((ChatCompletion)ex.Partial!).Choices![0].Message!.Content);
        }

        [Fact]
        public async Task Enumerating_a_truncated_stream_throws_with_the_partial_snapshot()
        {
            using var stream = ChatCompletionStream.FromStream(Streams.Whole(TestPaths.FixtureBytes("chat/truncated-mid-answer.sse")));
            int seen = 0;
            var ex = await Assert.ThrowsAsync<TruncatedStreamException>(async () =>
            {
                await foreach (var _ in stream) seen++;
            });
            Assert.Equal(2, seen);
            Assert.Equal("The answer is forty", stream.Snapshot().Choices![0].Message!.Content);
            Assert.Same(ex, stream.Result!.Error);
        }

        [Fact]
        public async Task Malformed_JSON_names_the_event_and_keeps_what_came_before()
        {
            var r = await Reduce("malformed-json-third-event.sse");
            Assert.Equal(StreamOutcome.Malformed, r.Outcome);
            var ex = Assert.IsType<MalformedStreamException>(r.Error);
            Assert.Equal(2, ex.EventIndex);
            byte[] bytes = TestPaths.FixtureBytes("chat/malformed-json-third-event.sse");
            Assert.Equal("data: {\"id\":\"chatcmpl-fx\",\"choices\"", System.Text.Encoding.UTF8.GetString(bytes, (int)ex.ByteOffset, 35));
            Assert.Equal("Partial text", r.Value.Choices![0].Message!.Content);
            Assert.Contains("event 2", ex.Message);
        }

        [Fact]
        public async Task A_member_of_the_wrong_kind_gives_its_JSON_path()
        {
            var r = await Reduce("wrong-kind-tool-call-index.sse");
            var ex = Assert.IsType<MalformedStreamException>(r.Error);
            Assert.Equal("$.choices[0].delta.tool_calls[0].index", ex.JsonPath);
            Assert.Equal(1, ex.EventIndex);
            Assert.Equal("ok", ((ChatCompletion)ex.Partial!).Choices![0].Message!.Content);
        }

        [Fact]
        public async Task An_error_event_with_plain_text_is_a_provider_error()
        {
            var r = await Reduce("error-event-plain-text.sse");
            Assert.Equal(StreamOutcome.ProviderError, r.Outcome);
            var ex = Assert.IsType<ProviderStreamException>(r.Error);
            Assert.Equal("upstream overloaded, retry later", ex.Error.Message);
            Assert.Equal("Working", r.Value.Choices![0].Message!.Content);
        }

        [Fact]
        public async Task Think_tags_split_across_deltas_become_reasoning()
        {
            var r = await Reduce("think-tags-split-across-deltas.sse");
            var m = r.Value.Choices![0].Message!;
            Assert.Equal("\nLet me add. 2+2=4.", m.ReasoningContent);
            Assert.Equal("It is 4.", m.Content);
        }

        [Fact]
        public async Task Mirrored_reasoning_fields_are_not_doubled()
        {
            var r = await Reduce("reasoning-mirrored-in-two-fields.sse");
            Assert.Equal("Thinking.Only-reasoning.", r.Value.Choices![0].Message!.ReasoningContent);
        }

        [Fact]
        public async Task Unknown_finish_reasons_and_members_survive()
        {
            var r = await Reduce("unknown-values-preserved.sse");
            var choice = r.Value.Choices![0];
            Assert.Equal("insufficient_system_resource", choice.FinishReason!.Value.Value);
            Assert.Equal(128009, choice.ExtensionData!["stop_reason"].GetInt32());
            Assert.Equal("v", r.Value.ExtensionData!["vendor_top"].GetProperty("k").GetString());
            Assert.Equal(1, choice.Message!.ExtensionData!["vendor_delta_field"].GetProperty("a").GetInt32());
        }

        [Fact]
        public async Task Statistics_count_events_comments_and_deltas()
        {
            var r = await Reduce("crlf-bom-comments-multiline-data.sse");
            Assert.Equal(3, r.Statistics.Events);
            Assert.Equal(2, r.Statistics.Comments);
            Assert.Equal(2, r.Statistics.Items);
            Assert.Equal(2, r.Statistics.Deltas);
            Assert.Equal(TestPaths.FixtureBytes("chat/crlf-bom-comments-multiline-data.sse").Length, r.Statistics.Bytes);
        }

        [Fact]
        public async Task A_stream_can_be_read_only_once()
        {
            using var stream = ChatCompletionStream.FromStream(Streams.Whole(TestPaths.FixtureBytes("chat/cr-only-line-endings.sse")));
            var ct = TestContext.Current.CancellationToken;
            await stream.ReduceAsync(cancellationToken: ct);
            await Assert.ThrowsAsync<System.InvalidOperationException>(() => stream.ReduceAsync(cancellationToken: ct));
        }
    }
}
