using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using StreamKit.Sse;
using Xunit;

namespace StreamKit.Tests.Sse
{
    public class SseParserTests
    {
        private static List<SseEvent> Parse(string text) => SseEventParser.ParseAll(Encoding.UTF8.GetBytes(text));

        private static List<SseEvent> ParseInPieces(byte[] bytes, IEnumerable<int> cuts)
        {
            var parser = new SseEventParser();
            int start = 0;
            foreach (int cut in cuts.Where(c => c > 0 && c < bytes.Length).Distinct().OrderBy(c => c))
            {
                parser.Feed(bytes.AsSpan(start, cut - start));
                start = cut;
            }
            parser.Feed(bytes.AsSpan(start));
            parser.Complete();
            var items = new List<SseEvent>();
            while (parser.TryRead(out var item)) items.Add(item);
            return items;
        }

        private static string Describe(IEnumerable<SseEvent> items) =>
            string.Join(" | ", items.Select(i => $"{i.Index}:{i.EventType}:{i.LastEventId}:{i.Retry}:{i.ByteOffset}:{i.Unterminated}:{i.GetDataString()}"));

        [Fact]
        public void Spec_example_multiline_data_is_joined_with_LF()
        {
            var items = Parse("data: YHOO\ndata: +2\ndata: 10\n\n");
            Assert.Equal("YHOO\n+2\n10", Assert.Single(items).GetDataString());
        }

        [Fact]
        public void Spec_example_ids_comments_and_one_leading_space()
        {
            var items = Parse(": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n");
            Assert.Equal(new[] { "first event", "second event", " third event" }, items.Select(i => i.GetDataString()));
            Assert.Equal(new[] { "1", "", "" }, items.Select(i => i.LastEventId));
        }

        [Fact]
        public void Spec_example_empty_data_and_a_final_event_without_blank_line()
        {
            var items = Parse("data\n\ndata\ndata\n\ndata:");
            Assert.Equal(new[] { "", "\n", "" }, items.Select(i => i.GetDataString()));
            Assert.Equal(new[] { false, false, true }, items.Select(i => i.Unterminated));
        }

        [Fact]
        public void Data_with_and_without_space_after_colon_are_the_same()
        {
            var items = Parse("data:test\n\ndata: test\n\n");
            Assert.All(items, i => Assert.Equal("test", i.GetDataString()));
        }

        [Theory]
        [InlineData("\n")]
        [InlineData("\r")]
        [InlineData("\r\n")]
        public void Every_line_ending_gives_the_same_events_even_one_byte_at_a_time(string eol)
        {
            string text = $": hi{eol}event: delta{eol}data: a{eol}data: b{eol}{eol}data: c{eol}{eol}data: [DONE]{eol}{eol}";
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            var whole = Parse(text);
            var trickled = ParseInPieces(bytes, Enumerable.Range(1, bytes.Length));
            Assert.Equal(new[] { "a\nb", "c", "[DONE]" }, whole.Select(i => i.GetDataString()));
            Assert.Equal(new[] { "delta", "message", "message" }, whole.Select(i => i.EventType));
            Assert.Equal(Describe(whole), Describe(trickled));
            Assert.True(whole[2].IsDoneSentinel);
        }

        [Fact]
        public void A_CRLF_split_between_two_reads_is_one_line_ending()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("data: a\r\n\r\ndata: b\r\n\r\n");
            var items = ParseInPieces(bytes, new[] { 8, 10 });
            Assert.Equal(new[] { "a", "b" }, items.Select(i => i.GetDataString()));
            Assert.Equal(new long[] { 0, 11 }, items.Select(i => i.ByteOffset));
        }

        [Fact]
        public void A_leading_BOM_is_skipped_even_when_split_but_a_later_one_is_data()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("\uFEFFdata: x\n\ndata: \uFEFFy\n\n");
            var items = ParseInPieces(bytes, new[] { 1, 2 });
            Assert.Equal(new[] { "x", "\uFEFFy" }, items.Select(i => i.GetDataString()));
        }

        [Fact]
        public void Comments_are_counted_and_never_dispatched()
        {
            var parser = new SseEventParser();
            parser.Feed(Encoding.UTF8.GetBytes(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: x\n\n"));
            parser.Complete();
            Assert.Equal(2, parser.CommentCount);
            Assert.True(parser.TryRead(out var item));
            Assert.Equal("x", item.GetDataString());
            Assert.Equal(50, item.ByteOffset);
            Assert.False(parser.TryRead(out _));
        }

        [Fact]
        public void Retry_needs_digits_id_with_NUL_is_ignored_and_unknown_fields_are_ignored()
        {
            var items = Parse("retry: 1500\nid: a\ndata: 1\n\nretry: soon\nid: b\0c\nfoo: bar\ndata: 2\n\n");
            Assert.Equal(1500, items[0].Retry);
            Assert.Null(items[1].Retry);
            Assert.Equal("a", items[1].LastEventId);
        }

        [Fact]
        public void An_event_without_data_is_not_dispatched_and_its_type_does_not_leak()
        {
            var items = Parse("event: ping\n\ndata: x\n\n");
            Assert.Equal("message", Assert.Single(items).EventType);
        }

        [Fact]
        public void A_line_over_the_limit_is_a_typed_error_with_its_offset()
        {
            var parser = new SseEventParser(maxLineLength: 16);
            parser.Feed(Encoding.UTF8.GetBytes("data: ok\n\n"));
            var ex = Assert.Throws<SseFormatException>(() => parser.Feed(Encoding.UTF8.GetBytes("data: 0123456789abcdef\n")));
            Assert.Equal(10, ex.ByteOffset);
            Assert.True(parser.TryRead(out var first));
            Assert.Equal("ok", first.GetDataString());
        }

        [Fact]
        public void Random_splits_never_change_the_events()
        {
            // A property over generated streams: every cut of the bytes gives the same events as parsing them whole.
            string[] pieces = { "data: x", "data:y", "\n", "\r", "\r\n", ": c", "event: e", "id: 7", "retry: 5", "data: [DONE]", "\uFEFF", "é", "data" };
            var rng = new Random(20261121);
            for (int run = 0; run < 500; run++)
            {
                var sb = new StringBuilder();
                int n = rng.Next(1, 30);
                for (int i = 0; i < n; i++) sb.Append(pieces[rng.Next(pieces.Length)]);
                byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
                var cuts = Enumerable.Range(0, rng.Next(0, 8)).Select(_ => rng.Next(0, bytes.Length + 1)).ToArray();
                string whole = Describe(SseEventParser.ParseAll(bytes));
                string cut = Describe(ParseInPieces(bytes, cuts));
                Assert.True(whole == cut, $"run {run}: {sb} cut at [{string.Join(",", cuts)}]\nwhole: {whole}\ncut:   {cut}");
            }
        }

        [Fact]
        public void Random_splits_never_change_the_events_with_one_shared_buffer()
        {
            // The stream engine's parser: events share one growing buffer, each valid until the next Feed, and an event's
            // data is gathered in place there. Large pieces make the buffer grow while events are queued and mid-event.
            string big = new string('z', 3000);
            string[] pieces = { "data: x", "data:y", "\n", "\n\n", "\r\n", ": c", "event: e", "data: " + big, "data: [DONE]", "é", "data" };
            var rng = new Random(20261122);
            for (int run = 0; run < 500; run++)
            {
                var sb = new StringBuilder();
                int n = rng.Next(1, 40);
                for (int i = 0; i < n; i++) sb.Append(pieces[rng.Next(pieces.Length)]);
                byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
                var cuts = Enumerable.Range(0, rng.Next(0, 12)).Select(_ => rng.Next(0, bytes.Length + 1)).Where(c => c > 0 && c < bytes.Length).Distinct().OrderBy(c => c).ToArray();
                var parser = new SseEventParser(SseEventParser.DefaultMaxLineLength, int.MaxValue, ownData: false);
                var seen = new List<string>();
                void Drain()
                {
                    while (parser.TryRead(out var item)) seen.Add(Describe(new[] { item }));
                }
                int start = 0;
                foreach (int c in cuts)
                {
                    parser.Feed(bytes.AsSpan(start, c - start));
                    Drain();
                    start = c;
                }
                parser.Feed(bytes.AsSpan(start));
                Drain();
                parser.Complete();
                Drain();
                string whole = Describe(SseEventParser.ParseAll(bytes));
                Assert.True(whole == string.Join(" | ", seen), $"run {run} cut at [{string.Join(",", cuts)}]");
            }
        }
    }
}