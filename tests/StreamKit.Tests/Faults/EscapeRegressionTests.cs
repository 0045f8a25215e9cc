using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Cli;
using StreamKit.Cli.Commands;
using StreamKit.Responses;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Faults
{
    /// <summary>Inputs that once escaped as non-StreamKit exceptions; each now ends in a typed outcome with the partial kept.</summary>
    public sealed class EscapeRegressionTests
    {
        private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

        private const string Chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}";

        [Fact]
        public async Task A_lone_surrogate_escape_in_an_unknown_field_is_kept_and_written_back_raw()
        {
            var body = Utf8("data: " + Chunk + ",\"x\":\"\\ud800\",\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(body));
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            string json = result.Value.ToJson();
            Assert.Contains("\"x\":\"\\ud800\"", json);
            Assert.Contains("\\ud800", stream.SnapshotJson());
        }

        [Fact]
        public async Task A_lone_surrogate_escape_in_an_unknown_member_of_a_responses_item_does_not_break_the_snapshot()
        {
            // Found by the fuzzer (seed 7): JsonNode refused to re-encode the escape when the snapshot was written.
            var body = Utf8(
                "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"x\":\"\\ud800\",\"content\":[{\"type\":\"output_text\",\"text\":\"kept\",\"annotations\":[]}]}}\n\n" +
                "data: [DONE]\n\n");
            using var stream = ResponseStream.FromStream(new MemoryStream(body));
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal("kept", Faults.FaultHarness.TextOf(result.Value));
            Assert.Contains("\\ud800", stream.SnapshotJson());
        }

        [Theory]
        // Found by the fuzzer (seed 7): a JsonNode tree threw on the repeated member when the snapshot was written.
        // An item no later event addresses inside is kept typed, and its unknown member is written back as it arrived;
        // a delta into its text makes it a node tree, which takes the last of repeated members.
        [InlineData("", "kept", "\"meta\":{\"type\":\"a\",\"type\":\"b\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"!\"}", "kept!", "\"meta\":{\"type\":\"b\"}")]
        public async Task Duplicate_keys_inside_an_unknown_object_of_a_responses_item_are_written_without_failing(string delta, string text, string meta)
        {
            var body = Utf8(
                "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"meta\":{\"type\":\"a\",\"type\":\"b\"},\"content\":[{\"type\":\"output_text\",\"text\":\"kept\",\"annotations\":[]}]}}\n\n" +
                (delta.Length == 0 ? "" : "data: " + delta + "\n\n") +
                "data: [DONE]\n\n");
            using var stream = ResponseStream.FromStream(new MemoryStream(body));
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal(text, Faults.FaultHarness.TextOf(result.Value));
            Assert.Contains(meta, stream.SnapshotJson());
        }

        [Fact]
        public async Task Invalid_utf8_inside_a_flat_error_event_is_a_provider_error()
        {
            var head = Utf8("data: " + Chunk + "}]}\n\nevent: error\ndata: {\"message\":\"bad ");
            var tail = Utf8(" byte\",\"code\":\"x\"}\n\n");
            var body = head.Concat(new byte[] { 0xFF, 0xFE }).Concat(tail).ToArray();
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(body));
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.ProviderError, result.Outcome);
            Assert.Contains("bad", Assert.IsType<ProviderStreamException>(result.Error).Error.Message);
            Assert.Equal("hi", result.Value.Choices![0].Message!.Content);
        }

        [Fact]
        public async Task A_logprob_of_1e999_reads_as_infinity_and_writes_back_as_1e999()
        {
            var body = Utf8("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":1e999,\"bytes\":[97],\"top_logprobs\":[]}]},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(body));
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            string json = result.Value.ToJson();
            Assert.Contains("1e999", json);
            using var reparsed = JsonDocument.Parse(json);
            Assert.Equal("a", reparsed.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        [Fact]
        public async Task A_responses_logprob_whose_bytes_is_a_number_never_escapes_ReduceAsync()
        {
            var body = Utf8(
                "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n" +
                "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}\n\n" +
                "data: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}\n\n" +
                "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"kept\",\"logprobs\":[{\"token\":\"kept\",\"logprob\":-0.1,\"bytes\":5,\"top_logprobs\":[]}]}\n\n" +
                "data: {\"type\":\"response.completed\",\"sequence_number\":4,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}\n\n");
            using var stream = ResponseStream.FromStream(new MemoryStream(body));
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal("kept", Faults.FaultHarness.TextOf(result.Value));
            Assert.Equal(1, result.DroppedValues);
            Assert.NotNull(stream.SnapshotJson());

            // One bad value is one dropped value, however many snapshots leave it out.
            var protocol = new ResponseProtocol();
            using var again = new LlmStream<IResponseStreamEvent, Response>(new MemoryStream(body), protocol);
            await again.ReduceAsync(null, TestContext.Current.CancellationToken);
            again.Snapshot();
            again.Snapshot();
            Assert.Equal(1, protocol.DroppedValues);
        }

        [Fact]
        public async Task Reduce_without_api_on_a_line_over_16_MiB_reports_the_line_limit()
        {
            string path = Path.Combine(Path.GetTempPath(), "streamkit-long-line-" + Guid.NewGuid().ToString("N") + ".sse");
            try
            {
                using (var f = File.Create(path))
                {
                    f.Write(Utf8("data: {\"x\":\""));
                    var block = Utf8(new string('a', 1 << 20));
                    for (int i = 0; i < 17; i++) f.Write(block);
                    f.Write(Utf8("\"}\n\n"));
                }
                Assert.Equal(StreamApi.Chat, ApiDetector.Detect(File.ReadAllBytes(path)));
                var o = new StringWriter();
                int exit = await ReduceCommand.RunAsync(path, null, true, o, new StringWriter(), TestContext.Current.CancellationToken);
                Assert.Equal(ExitCodes.LimitExceeded, exit);
                using var doc = JsonDocument.Parse(o.ToString());
                Assert.Equal("line_bytes", doc.RootElement.GetProperty("error").GetProperty("limit").GetString());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Theory]
        [InlineData("retry: 12345678910", 12345678910L)]
        [InlineData("retry: 99999999999999999999999", null)]
        [InlineData("retry: 12a", null)]
        public void Retry_takes_any_number_of_digits_that_fits(string line, long? expected)
        {
            var events = SseEventParser.ParseAll(Utf8(line + "\ndata: x\n\n"));
            Assert.Equal(expected, Assert.Single(events).Retry);
        }
    }
}
