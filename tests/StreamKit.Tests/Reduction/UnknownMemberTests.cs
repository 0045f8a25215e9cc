using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Reduction
{
    /// <summary>
    /// Members a schema does not declare never replace or shadow what the reducer built (schemas/README.md, "Unknown
    /// members"): Writer's choice-level <c>message</c> echo, Together's legacy choice-level <c>text</c>, and random
    /// unknown members injected into every stream, named after declared ones.
    /// </summary>
    public sealed class UnknownMemberTests
    {
        private static async Task<StreamResult<ChatCompletion>> Reduce(string fixture, Stream? body = null)
        {
            using var stream = ChatCompletionStream.FromStream(body ?? new MemoryStream(TestPaths.FixtureBytes("chat/" + fixture)));
            return await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
        }

        [Fact]
        public async Task A_message_echo_of_every_delta_keeps_the_full_text_of_both_choices()
        {
            var r = await Reduce("message-echo-two-choices.sse");
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            var choices = r.Value.Choices!;
            Assert.Equal(new[] { "Hello from choice zero.", "Bonjour du choix un." }, choices.Select(c => c.Message!.Content));
            Assert.All(choices, c => Assert.Equal("stop", c.FinishReason?.Value));
            Assert.All(choices, c => Assert.True(c.ExtensionData is null || !c.ExtensionData.ContainsKey("message")));
            using var json = JsonDocument.Parse(r.Value.ToJson());
            Assert.Equal("Hello from choice zero.", json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.Equal(22, r.Value.Usage!.TotalTokens);
        }

        [Fact]
        public async Task A_message_echo_of_seven_parallel_tool_calls_keeps_all_seven_with_whole_arguments()
        {
            var r = await Reduce("message-echo-seven-tool-calls-no-done.sse");
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            Assert.False(r.SawDone);
            var calls = r.Value.Choices![0].Message!.ToolCalls!;
            Assert.Equal(7, calls.Count);
            string[] cities = { "Paris", "Lyon", "Nice", "Lille", "Nantes", "Brest", "Dijon" };
            for (int i = 0; i < 7; i++)
            {
                Assert.Equal(("call_" + i, "get_weather"), (calls[i].Id, calls[i].Function!.Name));
                using var args = JsonDocument.Parse(calls[i].Function!.Arguments!);
                Assert.Equal(cities[i], args.RootElement.GetProperty("city").GetString());
            }
            Assert.Equal("tool_calls", r.Value.Choices[0].FinishReason?.Value);
        }

        [Fact]
        public async Task A_legacy_choice_level_text_fragment_concatenates_and_leaves_the_content_alone()
        {
            var r = await Reduce("legacy-text-fragment.sse");
            Assert.Equal(StreamOutcome.Completed, r.Outcome);
            var choice = r.Value.Choices![0];
            Assert.Equal("The answer is 42.", choice.Message!.Content);
            Assert.Equal("The answer is 42.", choice.ExtensionData!["text"].GetString());
            // Non-string unknowns at the choice level are last-wins; inside the delta too.
            Assert.Equal(123, choice.ExtensionData["seed"].GetInt32());
            Assert.Equal(2, choice.Message.ExtensionData!["token_id"].GetInt32());
        }

        public static TheoryData<string> IssueFixtures => new TheoryData<string>
        {
            "message-echo-two-choices.sse", "message-echo-seven-tool-calls-no-done.sse", "legacy-text-fragment.sse",
        };

        [Theory, MemberData(nameof(IssueFixtures))]
        public async Task The_quirk_fixtures_reduce_the_same_whatever_the_read_sizes(string fixture)
        {
            byte[] bytes = TestPaths.FixtureBytes("chat/" + fixture);
            string whole = (await Reduce(fixture)).Value.ToJson();
            Assert.Equal(whole, (await Reduce(fixture, Streams.OneByte(bytes))).Value.ToJson());
            for (int seed = 1; seed <= 3; seed++) Assert.Equal(whole, (await Reduce(fixture, Streams.Random(bytes, seed))).Value.ToJson());
        }

        /// <summary>Names declared somewhere in the result, used as unknown names where the source level does not declare them.</summary>
        private static readonly string[] ChunkLevel = { "message", "content", "output", "text", "tool_calls" };
        private static readonly string[] ChoiceLevel = { "message", "content", "tool_calls", "refusal", "role", "text", "reasoning_content" };
        private static readonly string[] DeltaLevel = { "message", "finish_reason", "index", "logprobs", "extra" };
        /// <summary>Responses: names the rebuilt response or its items declare, but the event, item, part or response object carrying them does not.</summary>
        private static readonly string[] ResponsesEventLevel = { "output", "usage", "choices", "incomplete_details" };
        private static readonly string[] ResponsesInnerLevel = { "sequence_number", "output_index", "delta", "choices" };

        private static JsonNode? RandomValue(Random rng) => rng.Next(5) switch
        {
            0 => JsonValue.Create("junk" + rng.Next(100)),
            1 => null,
            2 => JsonValue.Create(rng.Next(1000)),
            3 => new JsonObject { ["content"] = null, ["tool_calls"] = null, ["role"] = "assistant" },
            _ => new JsonArray(JsonValue.Create("x")),
        };

        /// <summary>Adds random unknown members at chunk, choice and delta level to every data event that is a JSON object.</summary>
        private static byte[] Inject(byte[] stream, int seed)
        {
            var rng = new Random(seed);
            var sb = new StringBuilder();
            foreach (var e in StreamKit.Sse.SseEventParser.ParseAll(stream))
            {
                string data = e.GetDataString();
                JsonNode? node = null;
                try
                {
                    node = JsonNode.Parse(data);
                }
                catch (JsonException)
                {
                }
                if (node is JsonObject chunk)
                {
                    void Add(JsonObject o, string[] names)
                    {
                        if (rng.Next(2) == 0) return;
                        string name = names[rng.Next(names.Length)];
                        if (!o.ContainsKey(name)) o[name] = RandomValue(rng);
                    }
                    bool responses = chunk["type"] is JsonValue t && t.TryGetValue<string>(out _);
                    Add(chunk, responses ? ResponsesEventLevel : ChunkLevel);
                    foreach (var inner in new[] { "item", "part", "response" })
                    {
                        if (responses && chunk[inner] is JsonObject o) Add(o, ResponsesInnerLevel);
                    }
                    if (chunk["choices"] is JsonArray choices)
                    {
                        foreach (var c in choices.OfType<JsonObject>())
                        {
                            Add(c, ChoiceLevel);
                            if (c["delta"] is JsonObject d) Add(d, DeltaLevel);
                        }
                    }
                    data = chunk.ToJsonString();
                }
                if (e.EventType != "message") sb.Append("event: ").Append(e.EventType).Append('\n');
                sb.Append("data: ").Append(data.Replace("\n", "\ndata: ")).Append("\n\n");
            }
            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        /// <summary>The result without any extension bag, as JSON.</summary>
        private static string Declared(ChatCompletion value)
        {
            var copy = ChatCompletion.Parse(value.ToJson());
            ClearExtensions(copy, new HashSet<object>(ReferenceEqualityComparer.Instance));
            return copy.ToJson();
        }

        private static void ClearExtensions(object? o, HashSet<object> seen)
        {
            if (o is null || o is string || o.GetType().IsPrimitive || o is JsonElement || !seen.Add(o)) return;
            if (o is System.Collections.IEnumerable list)
            {
                foreach (var item in list) ClearExtensions(item, seen);
                return;
            }
            foreach (var p in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length > 0) continue;
                if (p.Name == "ExtensionData" && p.CanWrite) p.SetValue(o, null);
                else if (!p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is null) ClearExtensions(p.GetValue(o), seen);
            }
        }

        public static TheoryData<string> ChatStreams() => TestPaths.StreamPaths("chat");

        [Theory, MemberData(nameof(ChatStreams))]
        public async Task Random_unknown_members_named_after_declared_ones_never_change_the_reduced_result(string path)
        {
            byte[] original = File.ReadAllBytes(path);
            // Compare against the same stream re-framed without injections, so only the injected members differ.
            var baseline = await Reduce("", new MemoryStream(Reframe(original)));
            string expected = Declared(baseline.Value);
            for (int seed = 1; seed <= 3; seed++)
            {
                var injected = await Reduce("", new MemoryStream(Inject(original, seed)));
                Assert.Equal(baseline.Outcome, injected.Outcome);
                Assert.Equal(expected, Declared(injected.Value));
            }
        }

        /// <summary>The rebuilt response without any extension bag, as JSON.</summary>
        private static string Declared(Response value)
        {
            var copy = Response.Parse(value.ToJson());
            ClearExtensions(copy, new HashSet<object>(ReferenceEqualityComparer.Instance));
            return copy.ToJson();
        }

        private static async Task<StreamResult<Response>> ReduceResponses(byte[] body)
        {
            using var stream = ResponseStream.FromStream(new MemoryStream(body));
            return await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
        }

        public static TheoryData<string> ResponsesStreams() => TestPaths.StreamPaths("responses");

        [Theory, MemberData(nameof(ResponsesStreams))]
        public async Task Random_unknown_members_in_responses_events_and_items_never_change_the_rebuilt_response(string path)
        {
            byte[] original = File.ReadAllBytes(path);
            var baseline = await ReduceResponses(Reframe(original));
            string expected = Declared(baseline.Value);
            for (int seed = 1; seed <= 3; seed++)
            {
                var injected = await ReduceResponses(Inject(original, seed));
                Assert.Equal(baseline.Outcome, injected.Outcome);
                Assert.Equal(expected, Declared(injected.Value));
            }
        }

        /// <summary>The stream re-framed exactly as <see cref="Inject"/> frames it, with nothing added.</summary>
        private static byte[] Reframe(byte[] stream)
        {
            var sb = new StringBuilder();
            foreach (var e in StreamKit.Sse.SseEventParser.ParseAll(stream))
            {
                string data = e.GetDataString();
                try
                {
                    if (JsonNode.Parse(data) is JsonObject o) data = o.ToJsonString();
                }
                catch (JsonException)
                {
                }
                if (e.EventType != "message") sb.Append("event: ").Append(e.EventType).Append('\n');
                sb.Append("data: ").Append(data.Replace("\n", "\ndata: ")).Append("\n\n");
            }
            return Encoding.UTF8.GetBytes(sb.ToString());
        }
    }
}
