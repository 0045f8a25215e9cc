using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using StreamKit.Responses;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Corpus
{
    /// <summary>
    /// Every recorded Responses stream in ../shared/corpus/responses: zero parse errors, split-invariant reduction,
    /// and, where a terminal event exists, agreement of the snapshot built from the events before it with the
    /// terminal event's response and with the concatenated deltas. One theory row per file.
    /// </summary>
    public class ResponsesCorpusTests
    {
        public static IEnumerable<TheoryDataRow<string>> Files() => TestPaths.CorpusFiles("responses");

        private static readonly string[] Terminals = { "response.completed", "response.incomplete", "response.failed" };

        [Theory]
        [MemberData(nameof(Files))]
        public async Task Parses_without_errors_and_reduces(string file)
        {
            byte[] bytes = TestPaths.CorpusBytes("responses", file);
            var events = new List<IResponseStreamEvent>();
            var r = await ResponseStreams.ReduceAsync(Streams.Whole(bytes), events);
            Assert.NotEqual(StreamOutcome.Malformed, r.Outcome);
            Assert.Equal(SseEventParser.ParseAll(bytes).Count(i => !i.IsDoneSentinel), events.Count);
            if (file == "openai-error-insufficient-quota.sse")
            {
                Assert.Equal(StreamOutcome.ProviderError, r.Outcome);
                Assert.Equal("insufficient_quota", ((ProviderStreamException)r.Error!).Error.Code);
            }
            else
            {
                Assert.Equal(StreamOutcome.Completed, r.Outcome);
                Assert.NotEmpty(r.Value.Output!);
            }
        }

        [Theory]
        [MemberData(nameof(Files))]
        public async Task Reduces_the_same_whatever_the_read_sizes(string file)
        {
            byte[] bytes = TestPaths.CorpusBytes("responses", file);
            static string Describe(ResponseStreamResult r) => StreamNames.Of(r.Outcome) + "|" + r.Statistics.Items + "|" + r.Terminal + "|" + r.Value.ToJson();
            string whole = Describe(await ResponseStreams.ReduceAsync(Streams.Whole(bytes)));
            Assert.Equal(whole, Describe(await ResponseStreams.ReduceAsync(Streams.OneByte(bytes))));
            Assert.Equal(whole, Describe(await ResponseStreams.ReduceAsync(Streams.Random(bytes, 7, max: 131))));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Events_before_the_terminal_rebuild_what_the_terminal_says(string file)
        {
            byte[] bytes = TestPaths.CorpusBytes("responses", file);
            var items = SseEventParser.ParseAll(bytes).Where(i => !i.IsDoneSentinel).ToList();
            int terminal = items.FindIndex(i => Terminals.Contains(JsonNode.Parse(i.Data.Span)!["type"]!.GetValue<string>()));
            Assert.SkipWhen(terminal < 0, "no terminal event in " + file);
            var final = JsonNode.Parse(items[terminal].Data.Span)!["response"]!["output"] as JsonArray;
            Assert.SkipWhen(final is null || final.Count == 0, "the terminal event of " + file + " carries no output");

            var reducer = new ResponseReducer();
            foreach (var item in items.Take(terminal)) reducer.Apply(ResponseStreamEventJson.Parse(item.Data.Span));
            var built = JsonNode.Parse(reducer.Snapshot().ToJson())!["output"] as JsonArray;

            var expected = Slots(final!);
            var actual = Slots(built!);
            Assert.SkipWhen(expected.Count == 0, "the terminal output of " + file + " has no text, arguments or code to compare");
            bool trimmed = reducer.State.SequenceGaps.Count > 0;
            foreach (var (key, text) in expected)
            {
                // A trimmed recording (sequence gaps) lacks some events: compare what the events did produce.
                if (!actual.TryGetValue(key, out var got))
                {
                    Assert.True(trimmed, file + ": the events never produced " + key);
                    continue;
                }
                Assert.True(text == got, file + ": " + key + " differs\nterminal: " + Clip(text) + "\nbuilt:    " + Clip(got));
            }

            // The concatenated deltas agree too, unless the recording was trimmed (sequence gaps).
            if (reducer.State.SequenceGaps.Count == 0)
            {
                foreach (var (key, text) in DeltaConcatenations(items.Take(terminal)))
                {
                    if (expected.TryGetValue(key, out var done)) Assert.True(text == done, file + ": deltas of " + key + " differ from the terminal value");
                }
            }
        }

        private static string Clip(string? s) => s is null ? "(null)" : s.Length > 200 ? s.Substring(0, 200) + "…" : s;

        /// <summary>Every text-like slot of the output: message texts and refusals, reasoning text and summaries, tool inputs.</summary>
        internal static Dictionary<string, string> Slots(JsonArray output)
        {
            var slots = new Dictionary<string, string>();
            for (int i = 0; i < output.Count; i++)
            {
                if (output[i] is not JsonObject item) continue;
                foreach (var field in new[] { "arguments", "input", "code" })
                {
                    if (item[field] is JsonValue v && v.TryGetValue<string>(out var s)) slots[$"output[{i}].{field}"] = s;
                }
                if (item["operation"]?["diff"] is JsonValue diff) slots[$"output[{i}].operation.diff"] = diff.GetValue<string>();
                foreach (var list in new[] { "content", "summary" })
                {
                    if (item[list] is not JsonArray parts) continue;
                    for (int j = 0; j < parts.Count; j++)
                    {
                        foreach (var field in new[] { "text", "refusal" })
                        {
                            if (parts[j]?[field] is JsonValue v && v.TryGetValue<string>(out var s)) slots[$"output[{i}].{list}[{j}].{field}"] = s;
                        }
                    }
                }
            }
            return slots;
        }

        private static Dictionary<string, string> DeltaConcatenations(IEnumerable<SseEvent> items)
        {
            var map = new Dictionary<string, StringBuilder>();
            foreach (var item in items)
            {
                var e = JsonNode.Parse(item.Data.Span)!;
                string type = e["type"]!.GetValue<string>();
                if (!type.EndsWith(".delta") || e["delta"] is not JsonValue d || !d.TryGetValue<string>(out var delta)) continue;
                int? oi = e["output_index"]?.GetValue<int>();
                if (oi is null) continue;
                string? key = type switch
                {
                    "response.output_text.delta" or "response.reasoning_text.delta" => $"output[{oi}].content[{e["content_index"]}].text",
                    "response.refusal.delta" => $"output[{oi}].content[{e["content_index"]}].refusal",
                    "response.reasoning_summary_text.delta" => $"output[{oi}].summary[{e["summary_index"]}].text",
                    "response.function_call_arguments.delta" or "response.mcp_call_arguments.delta" => $"output[{oi}].arguments",
                    "response.custom_tool_call_input.delta" => $"output[{oi}].input",
                    "response.code_interpreter_call_code.delta" => $"output[{oi}].code",
                    "response.apply_patch_call_operation_diff.delta" => $"output[{oi}].operation.diff",
                    _ => null,
                };
                if (key is null) continue;
                if (!map.TryGetValue(key, out var sb)) map[key] = sb = new StringBuilder();
                sb.Append(delta);
            }
            return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        }
    }
}
