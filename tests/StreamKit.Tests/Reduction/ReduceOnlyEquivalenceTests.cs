using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Reduction
{
    /// <summary>
    /// The reduce-only path (<c>ReduceAsync()</c> without a callback: events folded from their bytes, no items) against
    /// the typed path (<c>ReduceAsync(onItem)</c>: every item built, then folded) on every fixture and corpus stream,
    /// read whole, a byte at a time and in random slices: the same outcome, error location, value, partial and counts.
    /// </summary>
    public class ReduceOnlyEquivalenceTests
    {
        public static TheoryData<string> Paths() => TestPaths.StreamPaths(null);

        [Theory]
        [MemberData(nameof(Paths))]
        public async Task Reduce_only_equals_the_typed_path_whole_and_split(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            bool responses = path.Replace('\\', '/').Contains("/responses/");
            var (typed, _, _) = await RunAsync(responses, Streams.Whole(bytes), typedPath: true);
            var (whole, folded, _) = await RunAsync(responses, Streams.Whole(bytes), typedPath: false);
            Assert.Equal(typed, whole);
            // Chat text, and Responses deltas without logprobs (non-empty logprobs take the typed path), must use the reduce-only path.
            bool foldable = responses
                ? bytes.AsSpan().IndexOf(".delta\""u8) >= 0 && bytes.AsSpan().IndexOf("\"logprobs\":[{"u8) < 0
                : bytes.AsSpan().IndexOf("content\":\""u8) >= 0;
            if (foldable) Assert.True(folded > 0, "the reduce-only path was not taken");
            Assert.Equal(typed, (await RunAsync(responses, Streams.OneByte(bytes), typedPath: false)).Describe);
            foreach (int seed in new[] { 1, 2 })
            {
                Assert.Equal(typed, (await RunAsync(responses, Streams.Random(bytes, seed, max: 61), typedPath: false)).Describe);
            }
        }

        [Fact]
        public async Task A_malformed_event_leaves_nothing_of_its_text_in_the_partial()
        {
            string sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"kept\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" lost\"}},{\"index\":1,\"delta\":{\"content\":\"new\"}}],\"created\":\"x\"}\n\n";
            var (folded, count, _) = await TypedAndFoldedAgreeAsync(false, sse);
            Assert.Contains("\"content\":\"kept\"", folded);
            Assert.DoesNotContain("lost", folded);
            Assert.Equal(1, count);
        }

        [Theory]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":0,\"content_index\":0,\"delta\":\"bad")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":\"0\",\"content_index\":0,\"delta\":\" x\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":0,\"content_index\":0,\"delta\":7}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":0,\"content_index\":0,\"delta\":\" x\",\"delta\":\" y\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"output_index\":0,\"content_index\":0,\"delta\":\" again\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":9000,\"content_index\":0,\"delta\":\" far\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":0,\"content_index\":0,\"delta\":\" x\",\"logprobs\":[{\"token\":\"x\",\"logprob\":-0.1,\"bytes\":[120],\"top_logprobs\":[]}]}")]
        [InlineData("{\"sequence_number\":5,\"output_index\":0,\"content_index\":0,\"delta\":\" x\",\"extra\":true,\"type\":\"response.output_text.delta\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"output_index\":0,\"delta\":\" no content_index\"}")]
        [InlineData("{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":null,\"delta\":\" no sequence, null index\"}")]
        public async Task A_responses_delta_the_fast_path_declines_ends_as_on_the_typed_path(string delta)
        {
            string sse = "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"content\":[]}}\n\n"
                + "data: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\"}}\n\n"
                + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"output_index\":0,\"content_index\":0,\"delta\":\"kept\",\"logprobs\":[]}\n\n"
                + "data: " + delta + "\n\ndata: [DONE]\n\n";
            var (folded, count, _) = await TypedAndFoldedAgreeAsync(true, sse);
            Assert.Contains("kept", folded);
            Assert.True(count >= 1);
        }

        [Theory]
        // Bad JSON inside a tool call whose index comes last: the error is located in the element, as on the typed path.
        [InlineData("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}x,\"index\":0}]}}]}")]
        // Thinking parts and reasoning_content in one delta: the reasoning keeps Apply's order, not wire order.
        [InlineData("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"B\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"A\"}]}]}}]}")]
        // reasoning after reasoning_content (reasoning is folded only without reasoning_content).
        [InlineData("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"R\",\"reasoning_content\":\"C\"}}]}")]
        public async Task Chat_chunks_at_the_edges_fold_as_on_the_typed_path(string chunk)
        {
            string sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"kept\"}}]}\n\n"
                + "data: " + chunk + "\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
            var (folded, count, _) = await TypedAndFoldedAgreeAsync(false, sse);
            Assert.True(count >= 1);
        }

        [Theory]
        // The malformed chunk creates the content builder, then fails at usage.
        [InlineData("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":\"7\"}}")]
        // It creates a tool call with its function, then fails.
        [InlineData("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}],\"created\":\"x\"}")]
        // It opens a second choice with a message, then fails.
        [InlineData("{\"choices\":[{\"index\":1,\"delta\":{\"refusal\":\"no\"}}],\"created\":[]}")]
        public async Task A_malformed_chunk_after_a_role_only_chunk_leaves_the_partial_of_the_typed_path(string chunk)
        {
            string sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\ndata: " + chunk + "\n\n";
            var (folded, count, _) = await TypedAndFoldedAgreeAsync(false, sse);
            Assert.Contains("outcome=Malformed", folded);
            Assert.Equal(1, count);
        }

        [Fact]
        public async Task An_index_at_the_item_limit_ends_the_stream_as_on_the_typed_path()
        {
            string sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":9,\"function\":{\"arguments\":\"{}\"}}]}}]}\n\n";
            var options = new LlmClientOptions { Limits = new LlmStreamLimits { MaxItems = 5 } };
            var (folded, _, _) = await TypedAndFoldedAgreeAsync(false, sse, options);
            Assert.Contains("outcome=LimitExceeded", folded);
        }

        /// <summary>Runs <paramref name="sse"/> both ways, asserts the descriptions are equal, and returns the reduce-only one with its folded and replayed event counts.</summary>
        internal static Task<(string Describe, int Folded, int Replayed)> TypedAndFoldedAgreeAsync(bool responses, string sse, LlmClientOptions? options = null) =>
            TypedAndFoldedAgreeAsync(responses, Encoding.UTF8.GetBytes(sse), options);

        /// <summary>As above, for a body that may not be UTF-8.</summary>
        internal static async Task<(string Describe, int Folded, int Replayed)> TypedAndFoldedAgreeAsync(bool responses, byte[] bytes, LlmClientOptions? options = null)
        {
            var (typed, _, _) = await RunAsync(responses, Streams.Whole(bytes), typedPath: true, options);
            var folded = await RunAsync(responses, Streams.Whole(bytes), typedPath: false, options);
            Assert.Equal(typed, folded.Describe);
            return folded;
        }

        private static async Task<(string Describe, int Folded, int Replayed)> RunAsync(bool responses, Stream body, bool typedPath, LlmClientOptions? options = null)
        {
            LlmStream stream = responses ? ResponseStream.FromStream(body, options: options) : ChatCompletionStream.FromStream(body, options: options);
            await using (stream)
            {
                var result = typedPath ? await stream.ReduceAsync(_ => { }) : await stream.ReduceAsync();
                var s = result.Statistics;
                var sb = new StringBuilder();
                sb.Append("outcome=").Append(result.Outcome.ToString()).Append('\n');
                sb.Append("error=").Append(result.Error?.GetType().Name).Append(' ').Append(result.Error?.Message).Append('\n');
                if (result.Error is MalformedStreamException m) sb.Append("at=").Append(m.EventIndex).Append(' ').Append(m.JsonPath).Append('\n');
                if (result.Error is StreamLimitExceededException l) sb.Append("limit=").Append(l.Limit.ToString()).Append(' ').Append(l.EventIndex).Append('\n');
                sb.Append("counts=").Append(s.Events).Append(' ').Append(s.Items).Append(' ').Append(s.Deltas).Append(' ').Append(s.DuplicateKeys)
                    .Append(' ').Append(s.EventsAfterDone).Append(' ').Append(s.TimeToFirstDelta is null ? "no-delta" : "delta").Append('\n');
                sb.Append("value=").Append(JsonEquivalence.Normalize(stream.SnapshotJson())).Append('\n');
                if (result.Error?.Partial is { } partial) sb.Append("partial=").Append(partial is ChatCompletion c ? JsonEquivalence.Normalize(c.ToJson()) : partial.GetType().Name);
                int folded = stream is ChatCompletionStream chat ? chat.FoldedEvents : ((ResponseStream)stream).FoldedEvents;
                return (sb.ToString(), folded, stream is ChatCompletionStream c2 ? c2.ReplayedEvents : ((ResponseStream)stream).ReplayedEvents);
            }
        }
    }
}
