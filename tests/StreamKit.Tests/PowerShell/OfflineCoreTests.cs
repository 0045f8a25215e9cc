using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.PowerShell;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>The engines of ConvertFrom-SseStream, Merge-LlmChunk, Measure-LlmStream, the replay endpoint and the live console text.</summary>
    public sealed class OfflineCoreTests
    {
        public static TheoryData<string> AllStreams() => TestPaths.StreamPaths(null);

        private static async Task<StreamResult> Reduce(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            bool responses = path.Replace('\\', '/').Contains("/responses/");
            using LlmStream stream = responses ? ResponseStream.FromStream(new MemoryStream(bytes)) : ChatCompletionStream.FromStream(new MemoryStream(bytes));
            return await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
        }

        private static List<object> ConvertLines(string path, bool asSse = false)
        {
            var converter = new SseConverter(null, asSse);
            var items = new List<object>();
            foreach (var line in File.ReadAllText(path).Replace("\r\n", "\n").Split('\n')) items.AddRange(converter.Add(line));
            items.AddRange(converter.Complete());
            return items;
        }

        [Theory, MemberData(nameof(AllStreams))]
        public async Task Converted_then_merged_streams_equal_the_live_reduction(string path)
        {
            var reduced = await Reduce(path);
            if (reduced.Outcome is StreamOutcome.Malformed or StreamOutcome.ProviderError) return;
            if (File.ReadAllText(path).Contains('\r')) return;
            var converted = ConvertLines(path);
            Assert.DoesNotContain(converted, i => i is MalformedStreamException);
            var merger = new ChunkMerger();
            foreach (var item in converted) merger.Add(item);
            var merged = merger.Result();
            var expected = LlmResult.From(reduced);
            Assert.Equal(expected.Content, merged.Content);
            Assert.Equal(expected.ToolCalls.Select(t => t.Arguments), merged.ToolCalls.Select(t => t.Arguments));
            Assert.Equal(expected.TotalTokens, merged.TotalTokens);
            Assert.Equal(expected.Api, merged.Api);
        }

        [Fact]
        public void Lines_whole_text_and_bytes_convert_alike_and_sse_records_keep_type_and_index()
        {
            string path = TestPaths.Fixture("responses/tool-inputs-accumulate.sse");
            var byLines = ConvertLines(path);
            var whole = new SseConverter(null, false);
            var fromText = whole.Add(File.ReadAllText(path)).Concat(whole.Complete()).ToList();
            var bytes = new SseConverter(null, false);
            var fromBytes = bytes.Add(File.ReadAllBytes(path)).Concat(bytes.Complete()).ToList();
            Assert.Equal(byLines.Count, fromText.Count);
            Assert.Equal(byLines.Count, fromBytes.Count);
            Assert.All(byLines, i => Assert.IsAssignableFrom<IResponseStreamEvent>(i));
            Assert.Equal(LlmApi.Responses, whole.Api);
            var records = ConvertLines(path, asSse: true).Cast<SseEventRecord>().ToList();
            Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.Index));
            Assert.StartsWith("response.", records[0].EventType);
        }

        [Fact]
        public void A_malformed_event_converts_to_an_error_and_conversion_goes_on()
        {
            var items = ConvertLines(TestPaths.Fixture("chat/malformed-json-third-event.sse"));
            Assert.IsType<MalformedStreamException>(items[2]);
            Assert.IsType<ChatCompletionChunk>(items[3]);
            Assert.Equal(4, items.Count);
        }

        [Fact]
        public void Deltas_merge_once_per_chunk_and_apis_cannot_be_mixed()
        {
            var chunks = ConvertLines(TestPaths.Fixture("chat/parallel-tool-calls-interleaved.sse"));
            var merger = new ChunkMerger();
            foreach (var chunk in chunks) foreach (var d in DeltaMapper.Map(chunk)) merger.Add(d);
            var direct = new ChunkMerger();
            foreach (var chunk in chunks) direct.Add(chunk);
            Assert.Equal(direct.Result().ToolCalls.Select(t => t.Arguments), merger.Result().ToolCalls.Select(t => t.Arguments));
            var events = ConvertLines(TestPaths.Fixture("responses/tool-inputs-accumulate.sse"));
            Assert.Throws<ArgumentException>(() => merger.Add(events[0]));
            Assert.Throws<ArgumentException>(() => merger.Add(42));
        }

        [Fact]
        public void Json_text_merges_and_a_stream_without_a_finish_is_truncated()
        {
            var merger = new ChunkMerger();
            merger.Add("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}");
            var open = merger.Result();
            Assert.Equal(("Hi", "truncated"), (open.Content, open.Outcome));
            merger.Add("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            merger.Add("[DONE]");
            Assert.Equal(("completed", "stop"), (merger.Result().Outcome, merger.Result().FinishReason));
            Assert.Throws<ArgumentException>(() => merger.Add("{not json"));
        }

        [Fact]
        public async Task A_measurement_reports_timings_rates_tokens_and_outcome()
        {
            var result = LlmResult.From(await Reduce(TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse")));
            var m = LlmMeasurement.From(result);
            Assert.Equal(("completed", 5L, 3L, 8L), (m.Outcome, m.InputTokens, m.OutputTokens, m.TotalTokens));
            Assert.True(m.Deltas >= 3);
            Assert.NotNull(m.TimeToFirstDeltaMs);
            Assert.Throws<ArgumentException>(() => LlmMeasurement.From(new ChunkMerger().Result()));
        }

        [Fact]
        public async Task The_replay_endpoint_serves_by_order_by_rule_or_in_cycle_and_stops()
        {
            string chat = TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse");
            string other = TestPaths.Fixture("chat/parallel-tool-calls-interleaved.sse");
            string responses = TestPaths.Fixture("responses/tool-inputs-accumulate.sse");
            using var http = new HttpClient();
            async Task<string> Get(LlmReplayServer s, string path) =>
                await (await http.PostAsync(new Uri(s.BaseUri + path), new StringContent("{}"), TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            using (var ordered = LlmReplayServer.Start(new[] { chat, other }))
            {
                Assert.Contains("One", await Get(ordered, "/chat/completions"));
                Assert.Contains("tool_calls", await Get(ordered, "/chat/completions"));
                Assert.Contains("tool_calls", await Get(ordered, "/chat/completions"));
                Assert.Equal(3, ordered.RequestCount);
            }
            using (var cycling = LlmReplayServer.Start(new[] { chat, other }, cycle: true))
            {
                await Get(cycling, "/x");
                await Get(cycling, "/x");
                Assert.Contains("One", await Get(cycling, "/x"));
            }
            var rules = new System.Collections.Specialized.OrderedDictionary { ["^POST /v1/responses"] = responses };
            var ruled = LlmReplayServer.Start(new[] { chat }, rules);
            Assert.Contains("response.", await Get(ruled, "/responses"));
            Assert.Contains("One", await Get(ruled, "/chat/completions"));
            var port = ruled.BaseUri.Port;
            ruled.Stop();
            Assert.False(ruled.IsRunning);
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken).AsTask());

            Assert.Throws<ArgumentException>(() => LlmReplayServer.Start(new[] { "/no/such/file.sse" }));
            Assert.Throws<ArgumentException>(() => LlmReplayServer.Start(Array.Empty<string>()));
            Assert.Throws<ArgumentException>(() => LlmReplayServer.Start(Array.Empty<string>(), new Hashtable { ["(unclosed"] = chat }));
        }

        [Fact]
        public void Live_text_is_coalesced_until_the_interval_a_line_end_or_256_characters()
        {
            var now = TimeSpan.Zero;
            var live = new LiveText(TimeSpan.FromMilliseconds(50), () => now);
            LlmDelta Text(string t, LlmDeltaKind kind = LlmDeltaKind.Text) => new LlmDelta { Kind = kind, Text = t };
            Assert.Null(live.Add(Text("Hel")));
            Assert.Null(live.Add(Text("lo")));
            now += TimeSpan.FromMilliseconds(60);
            Assert.Equal(" world", live.Add(Text(" world")) is { } w ? w.Substring(5) : null);
            Assert.Equal("a\n", live.Add(Text("a\n")));
            Assert.Null(live.Add(Text("thinking", LlmDeltaKind.Reasoning)));
            Assert.Equal("\n\n[reasoning] thinking", live.Flush());
            Assert.Null(live.Flush());
            Assert.NotNull(live.Add(Text(new string('x', 300))));
            Assert.Null(live.Add(new LlmDelta { Kind = LlmDeltaKind.Usage, TotalTokens = 3 }));
        }
    }
}
