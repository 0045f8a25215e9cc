using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Chat
{
    /// <summary>Tool-call arguments readable while they stream: every prefix's partial view is consistent with the final, and the end equals a full parse.</summary>
    public sealed class PartialJsonTests
    {
        /// <summary>Nothing in <paramref name="partial"/> that <paramref name="final"/> does not have; an open string is a prefix.</summary>
        private static bool Consistent(JsonNode? partial, JsonNode? final)
        {
            switch (partial)
            {
                case null:
                    return true;
                case JsonObject o:
                    return final is JsonObject f && o.All(kv => f.ContainsKey(kv.Key) && Consistent(kv.Value, f[kv.Key]) && (kv.Value is not null || f[kv.Key] is null));
                case JsonArray a:
                    return final is JsonArray fa && a.Count <= fa.Count && a.Select((x, i) => (x, i)).All(p => Consistent(p.x, fa[p.i]) && (p.x is not null || fa[p.i] is null));
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    return final is JsonValue fv && fv.GetValueKind() == JsonValueKind.String && fv.GetValue<string>().StartsWith(v.GetValue<string>(), System.StringComparison.Ordinal);
                default:
                    return JsonNode.DeepEquals(partial, final);
            }
        }

        /// <summary>Every tool call's final arguments in the fixtures and the corpus (chat and Responses) that are JSON documents.</summary>
        public static IEnumerable<TheoryDataRow<string, int>> Arguments()
        {
            var rows = new List<TheoryDataRow<string, int>>();
            foreach (var path in TestPaths.StreamPaths("chat"))
            {
                using var stream = ChatCompletionStream.FromStream(new MemoryStream(File.ReadAllBytes(path.Data)));
                var r = stream.ReduceAsync().GetAwaiter().GetResult();
                var calls = r.Value.Choices?.SelectMany(c => c.Message?.ToolCalls ?? new List<ChatCompletionToolCall>()).ToList() ?? new List<ChatCompletionToolCall>();
                for (int i = 0; i < calls.Count; i++) if (IsJson(calls[i].Function?.Arguments)) rows.Add(new TheoryDataRow<string, int>(path.Data, i));
            }
            foreach (var path in TestPaths.StreamPaths("responses"))
            {
                var args = ResponsesArguments(path.Data);
                for (int i = 0; i < args.Count; i++) if (IsJson(args[i])) rows.Add(new TheoryDataRow<string, int>(path.Data, 1000 + i));
            }
            return rows;
        }

        private static List<string?> ResponsesArguments(string path)
        {
            using var stream = ResponseStream.FromStream(new MemoryStream(File.ReadAllBytes(path)));
            var r = stream.ReduceAsync().GetAwaiter().GetResult();
            return (r.Value.Output ?? new List<IOutputItem>()).OfType<FunctionToolCall>().Select(f => f.Arguments).ToList();
        }

        private static bool IsJson(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return false;
            try
            {
                return JsonNode.Parse(text) is JsonObject or JsonArray;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static async Task<string> ArgumentsOf(string path, int which)
        {
            if (which >= 1000) return ResponsesArguments(path)[which - 1000]!;
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(File.ReadAllBytes(path)));
            var r = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            return r.Value.Choices!.SelectMany(c => c.Message?.ToolCalls ?? new List<ChatCompletionToolCall>()).ElementAt(which).Function!.Arguments!;
        }

        [Theory, MemberData(nameof(Arguments))]
        public async Task Every_prefix_is_consistent_with_the_final_and_the_end_equals_a_full_parse(string path, int which)
        {
            string text = await ArgumentsOf(path, which);
            var final = JsonNode.Parse(text);
            for (int n = 0; n <= text.Length; n++)
            {
                var partial = PartialJson.Parse(text.Substring(0, n));
                Assert.True(Consistent(partial, final), "prefix " + n + ": " + partial?.ToJsonString() + " vs " + text);
            }
            Assert.True(JsonNode.DeepEquals(final, PartialJson.Parse(text)));
            Assert.True(PartialJson.IsComplete(text));
            Assert.False(PartialJson.IsComplete(text.Substring(0, text.Length - 1)));
        }

        [Theory]
        [InlineData("{\"city\":\"Par", "{\"city\":\"Par\"}")]
        [InlineData("{\"city\":", "{}")]
        [InlineData("{\"ci", "{}")]
        [InlineData("{\"n\":12", "{}")]
        [InlineData("{\"n\":12,", "{\"n\":12}")]
        [InlineData("{\"ok\":tr", "{}")]
        [InlineData("{\"ok\":true", "{\"ok\":true}")]
        [InlineData("{\"s\":\"a\\u00", "{\"s\":\"a\"}")]
        [InlineData("{\"s\":\"\\ud83d\\ude0", "{\"s\":\"\"}")]
        [InlineData("{\"list\":[1,2,{\"x\":\"y", "{\"list\":[1,2,{\"x\":\"y\"}]}")]
        [InlineData("{\"a\":{\"b\":null", "{\"a\":{\"b\":null}}")]
        public void Nothing_is_invented(string prefix, string expected) =>
            Assert.Equal(expected, PartialJson.Parse(prefix)!.ToJsonString());

        [Fact]
        public void Nothing_started_is_null() => Assert.Null(PartialJson.Parse("  "));

        [Fact]
        public async Task The_stream_raises_arguments_updates_that_grow_to_the_final_arguments()
        {
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(TestPaths.FixtureBytes("chat/parallel-tool-calls-interleaved.sse")));
            var updates = new List<ToolCallArguments>();
            stream.ToolCallArgumentsUpdated += (_, u) => updates.Add(u);
            var r = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            var finals = r.Value.Choices![0].Message!.ToolCalls!;
            foreach (var group in updates.GroupBy(u => u.Index))
            {
                var last = group.Last();
                var expected = finals[(int)group.Key];
                Assert.Equal(expected.Function!.Arguments, last.Text);
                Assert.Equal(expected.Function.Name, last.Name);
                Assert.True(last.IsComplete);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(last.Text), last.Arguments));
                Assert.All(group, u => Assert.StartsWith(u.Text, last.Text));
            }
            Assert.Equal(finals.Count, stream.ToolCallArguments.Count);
        }
    }
}
