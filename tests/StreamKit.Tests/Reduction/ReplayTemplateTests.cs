using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Reduction;
using Xunit;

namespace StreamKit.Tests.Reduction
{
    /// <summary>
    /// The reduce-only path replays a chunk that is the previous chunk's bytes with other strings in its string holes
    /// (the appended text, <c>obfuscation</c>, an id already kept) instead of reading it. Each row runs a stream both
    /// ways (typed and reduce-only) and requires the same outcome, value, partial and counts, and says whether replays
    /// must or must not have happened.
    /// </summary>
    public class ReplayTemplateTests
    {
        internal const string Head = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{";
        internal const string Tail = "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null";

        internal static string Chunk(string delta, string extra = "") => "data: " + Head + delta + Tail + extra + "}\n\n";

        private static string Text(string json) => Chunk("\"content\":" + json);

        [Fact]
        public async Task Runs_of_same_shape_chunks_are_replayed_with_their_varying_strings()
        {
            var sse = new StringBuilder(Chunk("\"role\":\"assistant\",\"content\":\"\""));
            // OpenAI's obfuscation differs on every chunk, in length too; escapes and non-ASCII take the reader's decoding.
            string[] pieces = { "\"Hel\"", "\"lo\"", "\"\\\"q\\\"\"", "\"\\n\"", "\"\\u00e9t\\u00e9\"", "\"Ünï\"", "\"\"", "\"\\ud83d\\ude00\"" };
            for (int i = 0; i < 40; i++) sse.Append(Chunk("\"content\":" + pieces[i % pieces.Length], ",\"obfuscation\":\"" + new string('x', i % 9) + "\""));
            sse.Append(Chunk("", "").Replace("\"finish_reason\":null", "\"finish_reason\":\"stop\"")).Append("data: [DONE]\n\n");
            var (folded, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, sse.ToString());
            Assert.Contains("outcome=Completed", folded);
            // The first text chunk creates the builder (a template needs no creation); the one after it starts the template.
            Assert.Equal(39, replayed);
        }

        [Theory]
        // A hole that is not a valid string: the chunk is read whole and fails where the typed path fails.
        [InlineData("\"bad \\x escape\"")]
        [InlineData("\"control \u0001 char\"")]
        [InlineData("\"no end}")]
        [InlineData("null")]
        [InlineData("7")]
        [InlineData("\"two\" \"strings\"")]
        public async Task A_chunk_whose_hole_is_not_a_plain_string_is_read_whole(string content)
        {
            string sse = Text("\"a\"") + Text("\"b\"") + Text("\"c\"") + Text(content) + Text("\"d\"") + "data: [DONE]\n\n";
            var (folded, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, sse);
            // "c" was replayed; the bad chunk was read whole (and failed, or folded as the typed path does), never replayed.
            Assert.Equal(1, replayed);
            Assert.Contains("\"content\":\"abc", folded);
        }

        [Fact]
        public async Task Invalid_utf8_in_a_hole_fails_as_on_the_typed_path()
        {
            byte[] head = Encoding.UTF8.GetBytes(Text("\"a\"") + Text("\"b\"") + Text("\"c\"") + "data: " + Head + "\"content\":\"x");
            byte[] tail = Encoding.UTF8.GetBytes("y\"" + Tail + "}\n\ndata: [DONE]\n\n");
            var (folded, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, head.Concat(new byte[] { 0xC3, 0x28 }).Concat(tail).ToArray());
            Assert.Contains("outcome=Malformed", folded);
            Assert.Equal(1, replayed);
        }

        [Theory]
        // Values a replay would not repeat: array items appended (logprobs), an unknown member below the root (strings
        // concatenate), a repeated member, a new tool call or choice each chunk. None of these chunks may be a template.
        [InlineData("\"content\":\"t\"", "", "{\"content\":[{\"token\":\"t\",\"logprob\":-1,\"bytes\":[116],\"top_logprobs\":[]}]}")]
        [InlineData("\"content\":\"t\",\"text\":\"u\"", "", null)]
        [InlineData("\"content\":\"t\",\"content\":\"u\"", "", null)]
        public async Task Chunks_with_effects_a_replay_would_not_repeat_are_never_replayed(string delta, string extra, string? logprobs)
        {
            string one = Chunk(delta, extra);
            if (logprobs is not null) one = one.Replace("\"logprobs\":null", "\"logprobs\":" + logprobs);
            string sse = string.Concat(Enumerable.Repeat(one, 6)) + "data: [DONE]\n\n";
            var (_, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, sse);
            Assert.Equal(0, replayed);
        }

        [Fact]
        public async Task A_chunk_between_two_of_the_same_shape_resets_the_template()
        {
            // The middle chunk changes the model (last wins); the chunk after it has the template's model again and must set it back.
            string other = Text("\"b\"").Replace("\"model\":\"m\"", "\"model\":\"n\"");
            string sse = Text("\"a\"") + Text("\"a\"") + Text("\"a\"") + other + Text("\"c\"") + "data: [DONE]\n\n";
            var (folded, _, _) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, sse);
            Assert.Contains("\"model\":\"m\"", folded);
            Assert.Contains("aaabc", folded);
        }

        [Fact]
        public async Task Tool_call_argument_fragments_are_replayed()
        {
            string Call(string args) => Chunk("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + args + "}}]");
            string sse = Chunk("\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]")
                + string.Concat(Enumerable.Range(0, 20).Select(i => Call("\"{\\\"k" + i + "\\\":1,\"")))
                + Call("\"\\\"z\\\":0}\"") + "data: [DONE]\n\n";
            var (folded, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, sse);
            Assert.Contains("outcome=Completed", folded);
            Assert.Equal(20, replayed);
        }

        [Fact]
        public void A_reset_or_a_typed_apply_between_chunks_ends_the_template()
        {
            var context = new FoldContext();
            var reducer = new ChatCompletionReducer();
            byte[] Json(string text) => Encoding.UTF8.GetBytes(Head + "\"content\":\"" + text + "\"" + Tail + "}");
            reducer.ApplyJson(Json("a"), default, context);
            reducer.ApplyJson(Json("b"), default, context);
            reducer.ApplyJson(Json("c"), default, context);
            Assert.Equal(1, context.Replays);
            reducer.Reset();
            reducer.ApplyJson(Json("d"), default, context);
            Assert.Equal(1, context.Replays);
            Assert.Equal("d", reducer.Snapshot().Choices![0].Message!.Content);

            reducer.ApplyJson(Json("e"), default, context);
            reducer.Apply(ChatCompletionChunk.Parse(Json("f")));
            reducer.ApplyJson(Json("g"), default, context);
            Assert.Equal(1, context.Replays);
            Assert.Equal("defg", reducer.Snapshot().Choices![0].Message!.Content);

            // Another reducer with the same context never replays the first one's template.
            var other = new ChatCompletionReducer();
            other.ApplyJson(Json("x"), default, context);
            Assert.Equal("x", other.Snapshot().Choices![0].Message!.Content);
            Assert.Equal("defg", reducer.Snapshot().Choices![0].Message!.Content);
        }

        [Fact]
        public void A_template_is_only_replayed_under_the_reader_options_it_was_read_with()
        {
            // Found by review: a template read with comments allowed must not stand for a chunk read without them.
            var context = new FoldContext();
            var reducer = new ChatCompletionReducer();
            byte[] Json(string text) => Encoding.UTF8.GetBytes("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]/*c*/}");
            var comments = new System.Text.Json.JsonReaderOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip };
            reducer.ApplyJson(Json("a"), comments, context);
            reducer.ApplyJson(Json("b"), comments, context);
            reducer.ApplyJson(Json("c"), comments, context);
            Assert.Equal(1, context.Replays);
            Assert.Throws<StreamKit.Serialization.JsonPayloadException>(() => reducer.ApplyJson(Json("d"), default, context));
            Assert.Equal(1, context.Replays);
        }

        [Fact]
        public void A_snapshot_shares_no_mutable_object_with_the_reducer()
        {
            // Found by review: Build handed the reducer's own usage and citations to the snapshot, so a caller's edit of one
            // snapshot reached the next when the chunks carrying them were replayed rather than folded again.
            var context = new FoldContext();
            var reducer = new ChatCompletionReducer();
            byte[] Json(string text) => Encoding.UTF8.GetBytes(Head + "\"content\":\"" + text + "\"" + Tail.Replace("\"usage\":null", "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3},\"citations\":[\"u\"]") + "}");
            reducer.ApplyJson(Json("a"), default, context);
            reducer.ApplyJson(Json("b"), default, context);
            var first = reducer.Snapshot();
            first.Usage!.TotalTokens = 99;
            first.ExtensionData?.Clear();
            reducer.ApplyJson(Json("c"), default, context);
            var second = reducer.Snapshot();
            Assert.Equal(3, second.Usage!.TotalTokens);
            Assert.NotSame(first.Usage, second.Usage);
            Assert.Equal("abc", second.Choices![0].Message!.Content);
        }

        [Theory]
        // Guarded reasoning text (read into a local, appended at the object's end): Groq's reasoning, DeepSeek's
        // reasoning_content, vLLM's mirror of both (reasoning_content wins; reasoning must then match byte for byte).
        [InlineData("\"reasoning\":{0}", 9)]
        [InlineData("\"reasoning_content\":{0}", 9)]
        [InlineData("\"reasoning_content\":{0},\"reasoning\":{0}", 0)]
        [InlineData("\"reasoning_content\":{0},\"reasoning\":\"same\"", 9)]
        // Unknown members: last-wins values repeat safely (null below the root, a string at the root)...
        [InlineData("\"content\":{0}", 9, ",\"matched_stop\":null", "")]
        [InlineData("\"content\":{0}", 9, "", ",\"x_trace\":\"t\"")]
        // ...strings below the root concatenate, so a chunk with one is never a template.
        [InlineData("\"content\":{0}", 0, ",\"native\":\"n\"", "")]
        public async Task Reasoning_text_and_last_wins_unknown_members_are_replayed(string delta, int expected, string choiceExtra = "", string rootExtra = "")
        {
            var sse = new StringBuilder();
            for (int i = 0; i < 11; i++)
            {
                string piece = "\"p" + i + (i % 3 == 0 ? "\\n\"" : "\"");
                sse.Append("data: " + Head + string.Format(delta, piece) + Tail.Replace("\"finish_reason\":null", "\"finish_reason\":null" + choiceExtra) + rootExtra + "}\n\n");
            }
            sse.Append("data: [DONE]\n\n");
            var (folded, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(false, sse.ToString());
            Assert.Contains("outcome=Completed", folded);
            Assert.Equal(expected, replayed);
        }

        private static string Delta(string seq, string text, string obfuscation = "x") =>
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":" + seq + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":" + text + ",\"logprobs\":[],\"obfuscation\":\"" + obfuscation + "\"}\n\n";

        private const string ResponsesHead =
            "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}}\n\n" +
            "event: response.content_part.added\ndata: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"\"}}\n\n";

        [Fact]
        public async Task Responses_deltas_are_replayed_with_their_text_sequence_number_and_obfuscation()
        {
            var sse = new StringBuilder(ResponsesHead);
            string[] pieces = { "\"He\"", "\"llo\"", "\"\\\"q\\\"\"", "\"\\n\"", "\"Ünï\"", "\"\"" };
            for (int i = 0; i < 30; i++) sse.Append(Delta((i + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), pieces[i % pieces.Length], new string('o', i % 7)));
            sse.Append("data: [DONE]\n\n");
            var (folded, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(true, sse.ToString());
            Assert.Contains("outcome=Completed", folded);
            Assert.Equal(29, replayed);
        }

        [Theory]
        // Sequence numbers a replay must leave to the whole read (or handle as the typed path does): a duplicate, a gap,
        // going back, a negative, a fraction, 19 digits, a leading zero, null, and text that is not a plain string.
        [InlineData("5", "\"dup\"")]
        [InlineData("40", "\"gap\"")]
        [InlineData("3", "\"back\"")]
        [InlineData("-7", "\"neg\"")]
        [InlineData("8.5", "\"frac\"")]
        [InlineData("1234567890123456789", "\"big\"")]
        [InlineData("07", "\"zero\"")]
        [InlineData("null", "\"null seq\"")]
        [InlineData("9", "\"bad \\x\"")]
        [InlineData("9", "null")]
        [InlineData("9", "7")]
        public async Task A_responses_delta_a_replay_cannot_take_is_read_whole(string sequence, string text)
        {
            string sse = ResponsesHead + Delta("3", "\"a\"") + Delta("4", "\"b\"") + Delta("5", "\"c\"") + Delta(sequence, text) + Delta("10", "\"d\"") + Delta("11", "\"e\"") + "data: [DONE]\n\n";
            var (_, _, replayed) = await ReduceOnlyEquivalenceTests.TypedAndFoldedAgreeAsync(true, sse);
            Assert.True(replayed >= 2, "the deltas around it were replayed");
        }

        [Fact]
        public void A_responses_template_is_stale_once_another_context_read_through_the_same_reducer()
        {
            // Found by review: the template's bytes live in the context, the values a replay reuses in the reducer.
            string Text(int seq, string text) => "{\"type\":\"response.output_text.delta\",\"sequence_number\":" + seq + ",\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + text + "\",\"logprobs\":[]}";
            string[] events =
            {
                Text(3, "a"),
                "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":4,\"item_id\":\"f\",\"output_index\":1,\"delta\":\"{\"}",
                Text(5, "b"),
            };
            var folded = new StreamKit.Responses.ResponseReducer();
            var first = new FoldContext();
            var second = new FoldContext();
            Assert.True(folded.TryApplyJson(Encoding.UTF8.GetBytes(events[0]), default, first));
            Assert.True(folded.TryApplyJson(Encoding.UTF8.GetBytes(events[1]), default, second));
            Assert.True(folded.TryApplyJson(Encoding.UTF8.GetBytes(events[2]), default, first));
            Assert.Equal(0, first.Replays);

            var typed = new StreamKit.Responses.ResponseReducer();
            foreach (var e in events) typed.Apply(StreamKit.Responses.ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(e)));
            Assert.Equal(typed.Snapshot().ToJson(), folded.Snapshot().ToJson());
        }
    }
}