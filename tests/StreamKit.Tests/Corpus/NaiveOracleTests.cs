using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Reduction;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Corpus
{
    /// <summary>
    /// A second, independent reduction written the obvious way over JsonDocument (no generated code), compared with
    /// the generated reducer on every recorded stream: text, reasoning, tool-call names and arguments, finish reasons, usage.
    /// </summary>
    public class NaiveOracleTests
    {
        public static IEnumerable<TheoryDataRow<string>> Files() => TestPaths.CorpusFiles("chat");

        private sealed class Choice
        {
            public StringBuilder? Content;
            public StringBuilder? Reasoning;
            public SortedDictionary<long, (string? Name, StringBuilder Args)> Tools = new();
            public string? FinishReason;
        }

        private static (SortedDictionary<long, Choice> Choices, long? TotalTokens) Oracle(byte[] bytes)
        {
            var choices = new SortedDictionary<long, Choice>();
            long? total = null;
            foreach (var item in SseEventParser.ParseAll(bytes))
            {
                if (item.IsDoneSentinel) break;
                using var doc = JsonDocument.Parse(item.Data);
                var root = doc.RootElement;
                if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object) total = u.GetProperty("total_tokens").GetInt64();
                else if (root.TryGetProperty("x_groq", out var g) && g.TryGetProperty("usage", out var gu)) total = gu.GetProperty("total_tokens").GetInt64();
                if (!root.TryGetProperty("choices", out var cs) || cs.ValueKind != JsonValueKind.Array) continue;
                foreach (var c in cs.EnumerateArray())
                {
                    long index = c.TryGetProperty("index", out var ix) ? ix.GetInt64() : 0;
                    if (!choices.TryGetValue(index, out var choice)) choices[index] = choice = new Choice();
                    if (c.TryGetProperty("finish_reason", out var fr) && fr.ValueKind == JsonValueKind.String) choice.FinishReason = fr.GetString();
                    if (!c.TryGetProperty("delta", out var d) || d.ValueKind != JsonValueKind.Object) continue;
                    if (d.TryGetProperty("content", out var content))
                    {
                        if (content.ValueKind == JsonValueKind.String) (choice.Content ??= new()).Append(content.GetString());
                        else if (content.ValueKind == JsonValueKind.Array)
                            foreach (var part in content.EnumerateArray())
                            {
                                if (part.GetProperty("type").GetString() == "text") (choice.Content ??= new()).Append(part.GetProperty("text").GetString());
                                else foreach (var t in part.GetProperty("thinking").EnumerateArray()) (choice.Reasoning ??= new()).Append(t.GetProperty("text").GetString());
                            }
                    }
                    string? reasoning = Str(d, "reasoning_content") ?? Str(d, "reasoning");
                    if (reasoning is not null) (choice.Reasoning ??= new()).Append(reasoning);
                    if (d.TryGetProperty("tool_calls", out var tcs) && tcs.ValueKind == JsonValueKind.Array)
                    {
                        int position = 0;
                        foreach (var tc in tcs.EnumerateArray())
                        {
                            long key = tc.TryGetProperty("index", out var ti) ? ti.GetInt64() : position;
                            position++;
                            if (!choice.Tools.TryGetValue(key, out var tool)) choice.Tools[key] = tool = (null, new StringBuilder());
                            if (tc.TryGetProperty("function", out var fn))
                            {
                                string? name = Str(fn, "name");
                                if (tool.Name is null && !string.IsNullOrEmpty(name)) choice.Tools[key] = tool = (name, tool.Args);
                                tool.Args.Append(Str(fn, "arguments"));
                            }
                        }
                    }
                }
            }
            return (choices, total);
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        [Theory]
        [MemberData(nameof(Files))]
        public async Task Generated_reducer_agrees_with_the_naive_oracle(string file)
        {
            byte[] bytes = TestPaths.CorpusBytes("chat", file);
            var (expected, total) = Oracle(bytes);
            var actual = (await Streams.ReduceAsync(bytes)).Value;

            Assert.Equal(total, actual.Usage?.TotalTokens);
            Assert.Equal(expected.Keys, actual.Choices!.Select(c => c.Index));
            foreach (var c in actual.Choices!)
            {
                var e = expected[c.Index];
                string? content = e.Content?.ToString();
                string? reasoning = e.Reasoning?.ToString();
                if (content is not null && ThinkTags.TrySplit(content, out var thinking, out var answer))
                {
                    content = answer;
                    reasoning = (reasoning ?? "") + thinking;
                }
                Assert.Equal(content, c.Message!.Content);
                Assert.Equal(reasoning, c.Message.ReasoningContent);
                Assert.Equal(e.FinishReason, c.FinishReason?.Value);
                Assert.Equal(e.Tools.Values.Select(t => (t.Name, t.Args.ToString())),
                    (c.Message.ToolCalls ?? new()).Select(t => (t.Function?.Name, t.Function?.Arguments ?? "")));
            }
        }
    }
}
