using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Tests.Reduction;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Serialization
{
    /// <summary>
    /// Typed replays: a chunk that is the last chunk read whole with other strings in its string members is parsed as a
    /// copy of that chunk with those strings set. Every row runs a stream with replays and without them and requires
    /// every chunk (as JSON, written when it arrives), the outcome, error, counts, value and partial to be the same.
    /// </summary>
    public class TypedReplayTests
    {
        private const string Head = ReplayTemplateTests.Head;
        private const string Tail = ReplayTemplateTests.Tail;

        private static string Chunk(string delta, string extra = "") => ReplayTemplateTests.Chunk(delta, extra);

        private static string Text(string json, string extra = "") => Chunk("\"content\":" + json, extra);

        public static TheoryData<string> Paths() => TestPaths.StreamPaths("chat");

        [Theory]
        [MemberData(nameof(Paths))]
        public async Task Replayed_chunks_equal_whole_reads_on_every_chat_stream_whole_and_split(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var (expected, _) = await RunAsync(Streams.Whole(bytes), replays: false);
            Assert.Equal(expected, (await RunAsync(Streams.Whole(bytes), replays: true)).Describe);
            Assert.Equal(expected, (await RunAsync(Streams.OneByte(bytes), replays: true)).Describe);
            Assert.Equal(expected, (await RunAsync(Streams.Random(bytes, seed: 3, max: 61), replays: true)).Describe);
        }

        [Fact]
        public async Task The_fixtures_and_corpus_chat_streams_are_mostly_parsed_by_replays()
        {
            int chunks = 0, replayed = 0;
            foreach (var row in Paths())
            {
                byte[] bytes = File.ReadAllBytes(row.Data);
                var (describe, parsedByReplay) = await RunAsync(Streams.Whole(bytes), replays: true);
                chunks += describe.Split('\n').Count(l => l.StartsWith("chunk=", System.StringComparison.Ordinal));
                replayed += parsedByReplay;
            }
            // A floor, far below what the streams give (most chunks repeat the previous one's shape): replays must happen at scale.
            Assert.True(replayed * 4 > chunks, replayed + " of " + chunks + " chunks replayed");
        }

        [Fact]
        public async Task Strings_that_vary_are_set_and_strings_that_repeat_are_shared()
        {
            var sse = new StringBuilder(Chunk("\"role\":\"assistant\",\"content\":\"\""));
            string[] pieces = { "\"Hel\"", "\"lo\"", "\"\\\"q\\\"\"", "\"\\n\"", "\"\\u00e9t\\u00e9\"", "\"Ünï\"", "\"\"", "\"\\ud83d\\ude00\"" };
            for (int i = 0; i < 40; i++)
            {
                // The id, obfuscation (in length too) and text vary; escapes and non-ASCII take the reader's decoding.
                sse.Append(Text(pieces[i % pieces.Length], ",\"obfuscation\":\"" + new string('x', i % 9) + "\"").Replace("\"c1\"", i % 5 == 0 ? "\"c2\"" : "\"c1\""));
            }
            sse.Append("data: [DONE]\n\n");
            var (describe, replayed) = await AgreeAsync(sse.ToString());
            // The role chunk has another shape; the first text chunk is read whole and kept; the 39 after it are replays.
            Assert.Equal(39, replayed);
            Assert.Contains("\"id\":\"c2\"", describe);
        }

        [Theory]
        // A hole that is not a valid string: the chunk is read whole and fails (or reads) as without replays.
        [InlineData("\"bad \\x escape\"", 2)]
        [InlineData("\"control \u0001 char\"", 2)]
        [InlineData("\"no end}", 2)]
        [InlineData("7", 2)]
        [InlineData("\"two\" \"strings\"", 2)]
        [InlineData("null", 3)]
        [InlineData("[{\"type\":\"text\",\"text\":\"parts\"}]", 3)]
        public async Task A_chunk_whose_hole_is_not_a_string_is_read_whole(string content, int replays)
        {
            string sse = Text("\"a\"") + Text("\"b\"") + Text("\"c\"") + Text(content) + Text("\"d\"") + Text("\"e\"") + "data: [DONE]\n\n";
            var (describe, replayed) = await AgreeAsync(sse);
            // "b" and "c" replay "a"; the odd chunk is read whole. Bad JSON ends the stream there; a null or a parts array
            // reads, and is the template "d" does not match: "d" is read whole and kept, and "e" replays it.
            Assert.Equal(replays, replayed);
            Assert.Contains("\"content\":\"c\"", describe);
        }

        [Fact]
        public async Task Invalid_utf8_in_a_hole_fails_as_without_replays()
        {
            byte[] head = Encoding.UTF8.GetBytes(Text("\"a\"") + Text("\"b\"") + "data: " + Head + "\"content\":\"x");
            byte[] tail = Encoding.UTF8.GetBytes("y\"" + Tail + "}\n\ndata: [DONE]\n\n");
            var (describe, replayed) = await AgreeAsync(head.Concat(new byte[] { 0xC3, 0x28 }).Concat(tail).ToArray());
            Assert.Contains("outcome=Malformed", describe);
            Assert.Equal(1, replayed);
        }

        [Theory]
        // Strings the model does not set from a string member must match byte for byte: an unknown member (kept as JSON),
        // an enum (role), a list of strings (citations). A repeated member makes a chunk no template at all.
        [InlineData("\"content\":\"t\"", ",\"x_vendor\":\"{0}\"")]
        [InlineData("\"content\":\"t\",\"role\":\"r{0}\"", "")]
        [InlineData("\"content\":\"t\"", ",\"citations\":[\"{0}\"]")]
        [InlineData("\"content\":\"t\",\"content\":\"u{0}\"", "")]
        [InlineData("\"content\":\"u{0}\",\"content\":\"t\"", "")]
        public async Task Strings_outside_string_members_are_not_holes(string delta, string extra)
        {
            var sse = new StringBuilder();
            for (int i = 0; i < 8; i++) sse.Append(Chunk(delta.Replace("{0}", i.ToString()), extra.Replace("{0}", i.ToString())));
            sse.Append("data: [DONE]\n\n");
            var (_, replayed) = await AgreeAsync(sse.ToString());
            Assert.Equal(0, replayed);
        }

        [Fact]
        public async Task Tool_call_fragments_and_reasoning_text_are_holes_below_lists()
        {
            var sse = new StringBuilder(Chunk("\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]"));
            for (int i = 0; i < 10; i++) sse.Append(Chunk("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"k" + i + "\\\":\"}}]"));
            for (int i = 0; i < 10; i++) sse.Append(Chunk("\"reasoning_content\":\"think " + i + "\""));
            sse.Append("data: [DONE]\n\n");
            var (describe, replayed) = await AgreeAsync(sse.ToString());
            // Each run: its first chunk is read whole and kept, the other nine are replays.
            Assert.Equal(18, replayed);
            Assert.Contains("think 9", describe);
        }

        [Fact]
        public async Task Changing_a_chunk_in_the_callback_changes_no_later_chunk()
        {
            var sse = new StringBuilder();
            for (int i = 0; i < 12; i++) sse.Append(Text("\"p" + i + "\""));
            sse.Append("data: [DONE]\n\n");
            byte[] bytes = Encoding.UTF8.GetBytes(sse.ToString());
            // The chunks as they arrived (the value is not compared: the callback's changes may reach it).
            static string Chunks(string describe) => string.Join("\n", describe.Split('\n').Where(l => l.StartsWith("chunk=", System.StringComparison.Ordinal)));
            var (expected, _) = await RunAsync(Streams.Whole(bytes), replays: false);
            var (mutated, replayed) = await RunAsync(Streams.Whole(bytes), replays: true, mutate: true);
            Assert.Equal(Chunks(expected), Chunks(mutated));
            Assert.Equal(11, replayed);
        }

        [Fact]
        public async Task After_shapes_that_never_repeat_replays_resume()
        {
            var sse = new StringBuilder();
            // 21 chunks, each a shape of its own (an unknown member whose value changes), then forty of one shape.
            for (int i = 0; i < 21; i++) sse.Append(Text("\"a\"", ",\"x_n\":" + i));
            for (int i = 0; i < 40; i++) sse.Append(Text("\"b" + i + "\""));
            sse.Append("data: [DONE]\n\n");
            var (_, replayed) = await AgreeAsync(sse.ToString());
            // While no kept template is matched, each unmatched one doubles the chunks read before the next is kept
            // (1, 2, 4, 8, then 16): after the 21st one-off chunk, sixteen of the forty are read whole without being kept,
            // the seventeenth is kept, and the 23 after it replay.
            Assert.Equal(23, replayed);
        }

        [Theory]
        // The template's own check: whatever the reader counted (it tracks the first 64 declared members), a chunk with
        // a repeated member is no template, so a change to the occurrence that loses cannot be replayed as a change.
        [InlineData("{\"id\":\"a\",\"id\":\"b\",\"choices\":[]}", "{\"id\":\"x\",\"id\":\"b\",\"choices\":[]}", false)]
        [InlineData("{\"choices\":[{\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}", "{\"choices\":[{\"delta\":{\"content\":\"x\",\"content\":\"b\"}}]}", false)]
        [InlineData("{\"id\":\"a\",\"choices\":[{\"id\":\"a\"}],\"x\":{\"id\":\"a\"}}", "{\"id\":\"x\",\"choices\":[{\"id\":\"a\"}],\"x\":{\"id\":\"a\"}}", true)]
        // An object of more than 64 members is no template either (the repeat check would be quadratic in them).
        [InlineData("{\"id\":\"a\",\"x\":{MANY}}", "{\"id\":\"b\",\"x\":{MANY}}", false)]
        public void A_template_with_a_repeated_member_is_refused_even_when_no_duplicate_was_counted(string kept, string next, bool replays)
        {
            string many = string.Join(",", Enumerable.Range(0, 65).Select(i => "\"m" + i + "\":1"));
            kept = kept.Replace("MANY", many);
            next = next.Replace("MANY", many);
            var template = new StreamKit.Serialization.ItemTemplate<ChatCompletionChunk>(static c => c.DeepClone(), ChatCompletionChunk.SetStringAt);
            byte[] first = Encoding.UTF8.GetBytes(kept);
            template.Keep(first, default, ChatCompletionChunk.Parse(first));
            Assert.Equal(replays, template.TryParse(Encoding.UTF8.GetBytes(next), default, out var item));
            // The same name in different objects is no repeat: the third row replays, with the new id.
            if (replays) Assert.Equal(ChatCompletionChunk.Parse(Encoding.UTF8.GetBytes(next)).ToJson(), item!.ToJson());
        }

        [Theory]
        // The template is {"id":"c1","created":7,"choices":[{"index":0,"delta":{"content":"abc"}}],"obfuscation":"xy"}.
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}],\"obfuscation\":\"xy\"}", true)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abcdef\"}}],\"obfuscation\":\"xy\"}", true)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"}}],\"obfuscation\":\"\"}", true)]
        [InlineData("{\"id\":\"c22\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ab\"}}],\"obfuscation\":\"xyz\"}", true)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\u0062c\"}}],\"obfuscation\":\"xy\"}", true)]
        [InlineData("{\"id\":\"c1\",\"created\":8,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}],\"obfuscation\":\"xy\"}", false)]
        [InlineData("{\"id\":\"c1\" ,\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}],\"obfuscation\":\"xy\"}", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}],\"obfuscation\":\"xy\"} ", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}],\"obfuscation\":\"xy", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ab", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\",\"x\":1}}],\"obfuscation\":\"xy\"}", false)]
        // A lone surrogate escape, a raw control character, an event that ends where a hole starts, and a string that
        // ends early and is followed by JSON that lines up with the template again: all declined.
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ud800\"}}],\"obfuscation\":\"xy\"}", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\u0001c\"}}],\"obfuscation\":\"xy\"}", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":", false)]
        [InlineData("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"obfuscation\":\"xy\"}}],\"obfuscation\":\"xy\"}", false)]
        public void Each_changed_string_is_matched_and_anything_else_declines(string next, bool replays)
        {
            var template = new StreamKit.Serialization.ItemTemplate<ChatCompletionChunk>(static c => c.DeepClone(), ChatCompletionChunk.SetStringAt);
            byte[] first = Encoding.UTF8.GetBytes("{\"id\":\"c1\",\"created\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}],\"obfuscation\":\"xy\"}");
            template.Keep(first, default, ChatCompletionChunk.Parse(first));
            byte[] bytes = Encoding.UTF8.GetBytes(next);
            Assert.Equal(replays, template.TryParse(bytes, default, out var item));
            if (replays) Assert.Equal(ChatCompletionChunk.Parse(bytes).ToJson(), item!.ToJson());
        }

        private static Task<(string Describe, int Replayed)> AgreeAsync(string sse) => AgreeAsync(Encoding.UTF8.GetBytes(sse));

        private static async Task<(string Describe, int Replayed)> AgreeAsync(byte[] bytes)
        {
            var (expected, _) = await RunAsync(Streams.Whole(bytes), replays: false);
            var replayed = await RunAsync(Streams.Whole(bytes), replays: true);
            Assert.Equal(expected, replayed.Describe);
            return replayed;
        }

        /// <summary>Every chunk's JSON as it arrived, then the outcome, error, counts, value and partial; and the chunks parsed by replays.</summary>
        private static async Task<(string Describe, int Replayed)> RunAsync(Stream body, bool replays, bool mutate = false)
        {
            await using var stream = ChatCompletionStream.FromStream(body);
            stream.TypedReplays = replays;
            var sb = new StringBuilder();
            var result = await stream.ReduceAsync(chunk =>
            {
                sb.Append("chunk=").Append(chunk.ToJson()).Append('\n');
                if (!mutate) return;
                chunk.Id = "mutated";
                chunk.Obfuscation = "mutated";
                if (chunk.Choices is { Count: > 0 } choices)
                {
                    if (choices[0].Delta is { } delta) delta.Content = "mutated";
                    choices.Add(new ChatCompletionChunkChoice { Index = 9 });
                }
            });
            var s = result.Statistics;
            sb.Append("outcome=").Append(result.Outcome.ToString()).Append('\n');
            sb.Append("error=").Append(result.Error?.GetType().Name).Append(' ').Append(result.Error?.Message).Append('\n');
            if (result.Error is MalformedStreamException m) sb.Append("at=").Append(m.EventIndex).Append(' ').Append(m.JsonPath).Append('\n');
            sb.Append("counts=").Append(s.Events).Append(' ').Append(s.Items).Append(' ').Append(s.Deltas).Append(' ').Append(s.DuplicateKeys).Append('\n');
            sb.Append("value=").Append(stream.SnapshotJson()).Append('\n');
            if (result.Error?.Partial is ChatCompletion partial) sb.Append("partial=").Append(partial.ToJson());
            return (sb.ToString(), stream.ParsedByReplay);
        }
    }
}
