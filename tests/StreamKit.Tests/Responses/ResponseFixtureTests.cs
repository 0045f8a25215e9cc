using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Responses
{
    /// <summary>The Responses reducer and stream on the project's own fixtures, one behaviour each.</summary>
    public class ResponseFixtureTests
    {
        private static string? TextOf(Response r, int output, int content = 0) =>
            ((r.Output![output] as OutputMessage)?.Content?[content] as OutputTextContent)?.Text;

        [Fact]
        public async Task A_duplicate_is_not_applied_twice_and_gaps_are_reported()
        {
            var r = await ResponseStreams.Fixture("duplicate-and-gap.sse");
            Assert.Equal("Hello!", TextOf(r.Value, 0));
            Assert.Equal(1, r.Duplicates);
            Assert.Equal(new[] { (5L, 6L) }, r.SequenceGaps);
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            Assert.Null(r.Terminal);
            Assert.True(r.SawDone);
        }

        [Fact]
        public async Task A_stream_resumed_mid_way_without_created_still_reduces()
        {
            var events = new System.Collections.Generic.List<IResponseStreamEvent>();
            using var stream = ResponseStream.FromStream(Streams.Whole(TestPaths.FixtureBytes("responses/resumed-starting-after-1.sse")));
            var r = await stream.ReduceAsync(events.Add, TestContext.Current.CancellationToken);
            Assert.IsType<ResponseInProgressEvent>(events[0]);
            Assert.Equal("Resumed text", TextOf(r.Value, 0));
            Assert.Equal(("completed", 7L), (r.Terminal, r.Value.Usage!.TotalTokens));
            Assert.Empty(r.SequenceGaps);
            Assert.Equal(9, r.LastSequenceNumber);
        }

        [Fact]
        public async Task A_stream_without_event_lines_ending_in_DONE_works()
        {
            var r = await ResponseStreams.Fixture("no-event-lines-done.sse");
            Assert.Equal(("Plain data", StreamOutcome.Completed, 1), (TextOf(r.Value, 0), r.Outcome, r.Statistics.Comments));
        }

        [Fact]
        public async Task An_error_event_then_failed_is_a_provider_error_with_the_partial_text()
        {
            var r = await ResponseStreams.Fixture("error-then-failed.sse");
            Assert.Equal(StreamOutcome.ProviderError, r.Outcome);
            var ex = Assert.IsType<ProviderStreamException>(r.Error);
            Assert.Equal(("server_error", 4), (ex.Error.Code, ex.EventIndex));
            var partial = (Response)ex.Partial!;
            Assert.Equal("partial answer", TextOf(partial, 0));
            Assert.Equal("failed", r.Terminal);
        }

        [Fact]
        public async Task A_stream_without_terminal_or_DONE_is_truncated()
        {
            var r = await ResponseStreams.Fixture("truncated-no-terminal.sse");
            Assert.Equal(StreamOutcome.Truncated, r.Outcome);
            Assert.Equal("cut off", TextOf(((Response)r.Error!.Partial!), 0));
        }

        [Fact]
        public async Task Unknown_events_and_items_are_kept_and_never_terminal()
        {
            var events = new System.Collections.Generic.List<IResponseStreamEvent>();
            var r = await ResponseStreams.ReduceAsync(Streams.Whole(TestPaths.FixtureBytes("responses/unknown-event-and-item.sse")), events);
            var unknownEvent = Assert.IsType<UnknownResponseStreamEvent>(events[1]);
            Assert.Equal("acme:trace_event", unknownEvent.Tag);
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            var item = Assert.IsType<UnknownOutputItem>(Assert.Single(r.Value.Output!));
            Assert.Equal("acme_widget", item.Tag);
            Assert.Equal("completed", item.Json.GetProperty("status").GetString());
            Assert.Equal("[1,2.50,\"é\"]", item.Json.GetProperty("payload").GetProperty("x").GetRawText());
            Assert.Empty(r.SequenceGaps);
        }

        [Fact]
        public async Task A_terminal_snapshot_with_empty_output_keeps_the_items_built_from_events()
        {
            var r = await ResponseStreams.Fixture("completed-with-empty-output.sse");
            Assert.Equal(("completed", "completed"), (r.Terminal, r.Value.Status?.Value));
            Assert.Equal("kept", TextOf(r.Value, 0));
        }

        [Fact]
        public async Task The_flat_error_event_gives_code_and_message_without_the_event_type()
        {
            var r = await ResponseStreams.Fixture("error-then-failed.sse");
            var error = ((ProviderStreamException)r.Error!).Error;
            Assert.Equal(("server_error", "The server had an error while processing your request.", (string?)null), (error.Code, error.Message, error.Type));
        }

        [Fact]
        public async Task Items_are_placed_by_output_index_whatever_the_order()
        {
            var r = await ResponseStreams.Fixture("items-out-of-order.sse");
            var output = r.Value.Output!;
            Assert.Equal(3, output.Count);
            Assert.Equal(("first", "{\"a\":1}"), (((FunctionToolCall)output[0]).Name, ((FunctionToolCall)output[0]).Arguments));
            Assert.Null(output[1]);
            Assert.Equal(("second", "{\"b\":2}"), (((FunctionToolCall)output[2]).Name, ((FunctionToolCall)output[2]).Arguments));
        }

        [Fact]
        public async Task Every_streamed_input_accumulates_and_status_events_move_status()
        {
            var r = await ResponseStreams.Fixture("tool-inputs-accumulate.sse");
            var output = r.Value.Output!;
            var reasoning = (ReasoningItem)output[0];
            Assert.Equal("Plan: call tools.", reasoning.Summary![0].Text);
            Assert.Equal("raw thought", reasoning.Content![0].Text);
            Assert.Equal("pattern: TODO", ((CustomToolCall)output[1]).Input);
            var mcp = (MCPToolCall)output[2];
            Assert.Equal(("{\"q\":\"sse\"}", "completed"), (mcp.Arguments, mcp.Status?.Value));
            var code = (CodeInterpreterToolCall)output[3];
            Assert.Equal(("print(42)", "interpreting"), (code.Code, code.Status.Value));
            Assert.Equal("I can't help.", ((RefusalContent)((OutputMessage)output[4]).Content![0]).Refusal);
        }

        [Fact]
        public async Task A_snapshot_taken_mid_stream_is_not_changed_by_later_events()
        {
            var reducer = new ResponseReducer();
            var events = new System.Collections.Generic.List<IResponseStreamEvent>();
            await ResponseStreams.ReduceAsync(Streams.Whole(TestPaths.FixtureBytes("responses/no-event-lines-done.sse")), events);
            foreach (var e in events.Take(4)) reducer.Apply(e);
            var early = reducer.Snapshot();
            foreach (var e in events.Skip(4)) reducer.Apply(e);
            Assert.Equal("Plain ", TextOf(early, 0));
            Assert.Equal("Plain data", TextOf(reducer.Snapshot(), 0));
            Assert.Equal(events.Count, reducer.Count);
        }
            private static async Task<ResponseStreamResult> ReduceText(string sse)
        {
            using var stream = ResponseStream.FromStream(Streams.Whole(System.Text.Encoding.UTF8.GetBytes(sse)));
            return await stream.ReduceAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        private static string Sse(params string[] events) => string.Concat(events.Select(e => "data: " + e + "\n\n"));

        [Fact]
        public async Task A_delta_after_a_done_at_the_same_address_appends_to_the_done_text()
        {
            // Deltas in a run reuse one text buffer; a done (or a new part) replaces it, and later deltas must start from there.
            var r = await ReduceText(Sse(
                "{\"type\":\"response.output_item.added\",\"sequence_number\":0,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}",
                "{\"type\":\"response.content_part.added\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"a\",\"logprobs\":[]}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"b\",\"logprobs\":[],\"obfuscation\":\"zz\"}",
                "{\"type\":\"response.output_text.done\",\"sequence_number\":4,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"text\":\"XY\",\"logprobs\":[]}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"c\",\"logprobs\":[]}",
                "{\"type\":\"response.content_part.added\",\"sequence_number\":6,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"new \",\"annotations\":[]}}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":7,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"part\",\"logprobs\":[]}"));
            Assert.Equal("new part", TextOf(r.Value, 0));
            var early = await ReduceText(Sse(
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":0,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"a\",\"logprobs\":[]}",
                "{\"type\":\"response.output_text.done\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"text\":\"XY\",\"logprobs\":[]}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"c\",\"logprobs\":[]}"));
            var text = JsonDocument.Parse(early.Value.ToJson()).RootElement.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text");
            Assert.Equal("XYc", text.GetString());
        }

        [Fact]
        public async Task Interleaved_deltas_to_two_parts_each_keep_their_own_text_and_empty_logprobs_stay_empty_arrays()
        {
            var r = await ReduceText(Sse(
                "{\"type\":\"response.output_item.added\",\"sequence_number\":0,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"a\",\"logprobs\":[]}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"m\",\"output_index\":0,\"content_index\":1,\"delta\":\"b\",\"logprobs\":[]}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"c\",\"logprobs\":[{\"token\":\"c\",\"logprob\":-0.5,\"bytes\":[99],\"top_logprobs\":[]}]}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"m\",\"output_index\":0,\"content_index\":1,\"delta\":\"d\",\"logprobs\":[]}"));
            var json = JsonDocument.Parse(r.Value.ToJson()).RootElement.GetProperty("output")[0].GetProperty("content");
            Assert.Equal(("ac", "bd"), (json[0].GetProperty("text").GetString(), json[1].GetProperty("text").GetString()));
            Assert.Equal(1, json[0].GetProperty("logprobs").GetArrayLength());
            Assert.Equal(JsonValueKind.Array, json[1].GetProperty("logprobs").ValueKind);
            Assert.Equal(0, json[1].GetProperty("logprobs").GetArrayLength());
        }
    }
}
