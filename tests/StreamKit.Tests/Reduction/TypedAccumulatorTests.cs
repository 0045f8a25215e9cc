using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using StreamKit.Responses;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Reduction
{
    /// <summary>
    /// The Responses reducer applies events to its typed root through the paths' generated typed navigation, and turns
    /// to JSON nodes only where the typed graph cannot take an operation. These tests hold the typed route to the JSON
    /// route (the same reducer with typed paths off) on every stream, and pin where it stays typed and where it falls back.
    /// </summary>
    public class TypedAccumulatorTests
    {
        public static TheoryData<string> Paths() => TestPaths.StreamPaths("responses");

        private static List<IResponseStreamEvent> Events(string path)
        {
            var events = new List<IResponseStreamEvent>();
            foreach (var sse in SseEventParser.ParseAll(File.ReadAllBytes(path)).Where(e => !e.IsDoneSentinel))
            {
                try
                {
                    events.Add(ResponseStreamEventJson.Parse(sse.Data.Span));
                }
                catch (StreamKit.Serialization.JsonPayloadException)
                {
                    // A malformed event: the engine reports it; the reducer never sees it.
                }
            }
            return events;
        }

        private static ResponseReducer Reducer(bool typed)
        {
            var reducer = new ResponseReducer();
            reducer.State.TypedPaths = typed;
            return reducer;
        }

        [Theory]
        [MemberData(nameof(Paths))]
        public void The_typed_route_rebuilds_what_the_JSON_route_rebuilds_after_every_event(string path)
        {
            var typed = Reducer(true);
            var nodes = Reducer(false);
            var events = Events(path);
            for (int i = 0; i < events.Count; i++)
            {
                typed.Apply(events[i]);
                nodes.Apply(events[i]);
                // Deltas come in runs: checking after the last of a run and after every other event bounds the cost.
                bool runGoesOn = i + 1 < events.Count && events[i].Type.EndsWith(".delta", StringComparison.Ordinal) && events[i + 1].Type == events[i].Type;
                if (runGoesOn) continue;
                Assert.True(nodes.Snapshot().ToJson() == typed.Snapshot().ToJson(), "event " + i + " (" + events[i].Type + ") of " + Path.GetFileName(path));
            }
            Assert.Equal(nodes.Snapshot().ToJson(), typed.Snapshot().ToJson());
            Assert.Equal(Response.Parse(nodes.State.ToUtf8Json()).ToJson(), Response.Parse(typed.State.ToUtf8Json()).ToJson());
            Assert.Equal(nodes.State.TextLength, typed.State.TextLength);
            Assert.Equal(nodes.State.Terminal, typed.State.Terminal);
            Assert.Equal(nodes.State.Unaddressed, typed.State.Unaddressed);
            Assert.Equal(nodes.State.HighestIndexSeen, typed.State.HighestIndexSeen);
        }

        [Fact]
        public void Streams_that_announce_their_items_and_parts_stay_typed_from_created_to_completed()
        {
            int streams = 0;
            var fellBack = new List<string>();
            foreach (string path in new[] { TestPaths.Fixtures, TestPaths.Corpus }
                .Where(root => root is not null && Directory.Exists(Path.Combine(root, "responses")))
                .SelectMany(root => Directory.GetFiles(Path.Combine(root!, "responses"), "*.sse", SearchOption.AllDirectories)))
            {
                var events = Events(path);
                if (events.Count == 0 || events[0] is not ResponseCreatedEvent) continue;
                var reducer = Reducer(true);
                string? where = null;
                for (int i = 0; i < events.Count; i++)
                {
                    reducer.Apply(events[i]);
                    reducer.Snapshot();
                    if (where is null && reducer.State.NodeFallbacks > 0) where = " at event " + i + " (" + events[i].Type + ")";
                }
                streams++;
                if (reducer.State.NodeFallbacks > 0) fellBack.Add(Path.GetFileName(path) + ": " + reducer.State.NodeFallbacks + where);
            }
            Assert.True(streams >= 3, "only " + streams + " streams start with response.created");
            // Typed throughout, but where a delta arrives before its part: the fixture's reasoning text has no
            // reasoning_text part added (content: [] on its item), and the JSON route creates one there.
            Assert.True(fellBack.SequenceEqual(new[] { "tool-inputs-accumulate.sse: 1 at event 5 (response.reasoning_text.delta)" }),
                "fell back to nodes: " + string.Join(", ", fellBack));
        }

        private static void Apply(ResponseReducer reducer, params string[] events)
        {
            foreach (string e in events) reducer.Apply(ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(e)));
        }

        private const string Created = "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}";
        private const string MessageAdded = "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}";
        private const string PartAdded = "{\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[],\"logprobs\":[]}}";

        private static string Delta(int sequence, string text, int output = 0, int content = 0) =>
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":" + sequence + ",\"item_id\":\"m\",\"output_index\":" + output + ",\"content_index\":" + content + ",\"delta\":\"" + text + "\",\"logprobs\":[]}";

        private static string? TextOf(Response r, int output = 0, int content = 0) =>
            ((OutputTextContent)((OutputMessage)r.Output![output]).Content![content]).Text;

        [Fact]
        public void Items_parts_and_text_go_into_the_typed_root_and_each_snapshot_is_a_copy()
        {
            var reducer = Reducer(true);
            Apply(reducer, Created, MessageAdded, PartAdded, Delta(3, "Hel"));
            var first = reducer.Snapshot();
            Apply(reducer, Delta(4, "lo"));
            var second = reducer.Snapshot();
            Assert.Equal("Hel", TextOf(first));
            Assert.Equal("Hello", TextOf(second));
            Assert.True(reducer.State.TryGetTypedRoot<Response>(out var root));
            Assert.NotSame(root, second);
            Assert.NotSame(root.Output![0], second.Output![0]);
            Assert.Equal(0, reducer.State.NodeFallbacks);
        }

        [Fact]
        public void A_delta_before_its_item_turns_the_state_into_nodes_once_and_keeps_the_text()
        {
            var reducer = Reducer(true);
            Apply(reducer, Created, Delta(1, "early", output: 1));
            Assert.Equal(1, reducer.State.NodeFallbacks);
            Assert.False(reducer.State.TryGetTypedRoot<Response>(out _));
            Apply(reducer, Delta(2, " text", output: 1));
            Assert.Equal(1, reducer.State.NodeFallbacks);
            Assert.Contains("\"text\":\"early text\"", Encoding.UTF8.GetString(reducer.State.ToUtf8Json()));
        }

        [Fact]
        public void An_unknown_item_type_is_kept_and_addressing_inside_it_falls_back_to_nodes()
        {
            var reducer = Reducer(true);
            Apply(reducer, Created,
                "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"future_item\",\"id\":\"f\",\"arguments\":\"\"}}");
            Assert.Equal(0, reducer.State.NodeFallbacks);
            Assert.IsType<UnknownOutputItem>(reducer.Snapshot().Output![0]);
            Apply(reducer, "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":2,\"item_id\":\"f\",\"output_index\":0,\"delta\":\"{}\"}");
            Assert.Equal(1, reducer.State.NodeFallbacks);
            Assert.Contains("\"arguments\":\"{}\"", Encoding.UTF8.GetString(reducer.State.ToUtf8Json()));
        }

        [Fact]
        public void A_status_event_sets_the_items_open_enum_typed()
        {
            var reducer = Reducer(true);
            Apply(reducer, Created,
                "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"web_search_call\",\"id\":\"w\",\"status\":\"in_progress\"}}",
                "{\"type\":\"response.web_search_call.searching\",\"sequence_number\":2,\"item_id\":\"w\",\"output_index\":0}");
            Assert.Equal(0, reducer.State.NodeFallbacks);
            Assert.Equal("searching", Assert.IsType<WebSearchToolCall>(reducer.Snapshot().Output![0]).Status.Value);
        }

        [Fact]
        public void A_snapshot_event_without_items_keeps_the_typed_output_and_the_text_being_appended()
        {
            var reducer = Reducer(true);
            Apply(reducer, Created, MessageAdded, PartAdded, Delta(3, "Hel"),
                "{\"type\":\"response.in_progress\",\"sequence_number\":4,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}",
                Delta(5, "lo"));
            Assert.Equal(0, reducer.State.NodeFallbacks);
            Assert.Equal("Hello", TextOf(reducer.Snapshot()));

            var nodes = Reducer(false);
            Apply(nodes, Created, MessageAdded, PartAdded, Delta(3, "Hel"),
                "{\"type\":\"response.in_progress\",\"sequence_number\":4,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}",
                Delta(5, "lo"));
            Assert.Equal(nodes.Snapshot().ToJson(), reducer.Snapshot().ToJson());
        }

        [Fact]
        public void A_part_set_again_drops_the_text_appended_under_it()
        {
            var reducer = Reducer(true);
            Apply(reducer, Created, MessageAdded, PartAdded, Delta(3, "draft"),
                "{\"type\":\"response.content_part.done\",\"sequence_number\":4,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"final\",\"annotations\":[]}}");
            Assert.Equal("final", TextOf(reducer.Snapshot()));
            Apply(reducer, Delta(5, "!"));
            Assert.Equal("final!", TextOf(reducer.Snapshot()));
            Assert.Equal(0, reducer.State.NodeFallbacks);
        }

        [Fact]
        public void Parts_and_items_past_the_end_grow_the_typed_lists_with_nulls_as_the_nodes_do()
        {
            string part2 = PartAdded.Replace("\"content_index\":0", "\"content_index\":2").Replace("\"sequence_number\":2", "\"sequence_number\":3");
            string item2 = MessageAdded.Replace("\"output_index\":0", "\"output_index\":2").Replace("\"sequence_number\":1", "\"sequence_number\":4");
            var typed = Reducer(true);
            var nodes = Reducer(false);
            Apply(typed, Created, MessageAdded, part2, item2, Delta(5, "x", content: 2));
            Apply(nodes, Created, MessageAdded, part2, item2, Delta(5, "x", content: 2));
            Assert.Equal(0, typed.State.NodeFallbacks);
            var snapshot = typed.Snapshot();
            Assert.Equal(3, snapshot.Output!.Count);
            Assert.Null(snapshot.Output[1]);
            Assert.Equal("x", TextOf(snapshot, 0, 2));
            Assert.Equal(nodes.Snapshot().ToJson(), snapshot.ToJson());
        }

        /// <summary>Applies the events to a typed reducer and to one on nodes; the typed one must not fall back and both must agree.</summary>
        private static Response TypedLikeNodes(params string[] events)
        {
            var typed = Reducer(true);
            var nodes = Reducer(false);
            Apply(typed, events);
            Apply(nodes, events);
            Assert.Equal(0, typed.State.NodeFallbacks);
            Assert.True(typed.State.TryGetTypedRoot<Response>(out _));
            var snapshot = typed.Snapshot();
            Assert.Equal(nodes.Snapshot().ToJson(), snapshot.ToJson());
            return snapshot;
        }

        [Fact]
        public void A_summary_part_of_the_events_own_type_is_read_as_the_items_summary_entry()
        {
            // The event's part and the reasoning item's summary entries are like-shaped types of two schema definitions.
            var snapshot = TypedLikeNodes(Created,
                "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs\",\"summary\":[]}}",
                "{\"type\":\"response.reasoning_summary_part.added\",\"sequence_number\":2,\"item_id\":\"rs\",\"output_index\":0,\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}",
                "{\"type\":\"response.reasoning_summary_text.delta\",\"sequence_number\":3,\"item_id\":\"rs\",\"output_index\":0,\"summary_index\":0,\"delta\":\"Plan\"}");
            Assert.Equal("Plan", Assert.IsType<ReasoningItem>(snapshot.Output![0]).Summary![0].Text);
        }

        [Fact]
        public void Logprobs_of_deltas_and_of_the_done_event_are_appended_and_set_typed()
        {
            string logprob = "{\"token\":\"Hi\",\"logprob\":-0.5,\"top_logprobs\":[]}";
            var snapshot = TypedLikeNodes(Created, MessageAdded, PartAdded,
                Delta(3, "Hi").Replace("\"logprobs\":[]", "\"logprobs\":[" + logprob + "]"),
                Delta(4, "!").Replace("\"logprobs\":[]", "\"logprobs\":[" + logprob.Replace("Hi", "!") + "]"));
            var part = (OutputTextContent)((OutputMessage)snapshot.Output![0]).Content![0];
            Assert.Equal(new[] { "Hi", "!" }, part.Logprobs!.Select(l => l.Token));

            var done = TypedLikeNodes(Created, MessageAdded, PartAdded, Delta(3, "Hi"),
                "{\"type\":\"response.output_text.done\",\"sequence_number\":4,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"text\":\"Hi\",\"logprobs\":[" + logprob + "]}");
            Assert.Equal("Hi", ((OutputTextContent)((OutputMessage)done.Output![0]).Content![0]).Logprobs!.Single().Token);
        }

        [Fact]
        public void A_status_on_an_item_whose_schema_has_none_is_kept_among_its_undeclared_members()
        {
            var snapshot = TypedLikeNodes(Created,
                "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"mcp_list_tools\",\"id\":\"l\",\"server_label\":\"docs\",\"tools\":[]}}",
                "{\"type\":\"response.mcp_list_tools.in_progress\",\"sequence_number\":2,\"item_id\":\"l\",\"output_index\":0}",
                "{\"type\":\"response.mcp_list_tools.completed\",\"sequence_number\":3,\"item_id\":\"l\",\"output_index\":0}");
            Assert.Contains("\"status\":\"completed\"", snapshot.Output![0] is MCPListTools tools ? tools.ToJson() : "");
        }

        /// <summary>
        /// Events of every kind the typed paths take, with small indices so that they collide, miss and grow lists; most
        /// address an item (<paramref name="items"/>) or a part (<paramref name="parts"/>) an earlier event added, as real
        /// streams do. <paramref name="messagesOnly"/>: message items and their events only (the common stream).
        /// </summary>
        private static string RandomEvent(Random random, int sequence, List<int> items, List<(int Output, int Content)> parts, bool messagesOnly)
        {
            int kind = messagesOnly ? new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15 }[random.Next(11)] : random.Next(16);
            bool onPart = kind is 6 or 7 or 8 or 9 or 12 or 15;
            // Message runs mostly keep the order of a real stream: a part before its text, an item before its part.
            if (messagesOnly && onPart && parts.Count == 0 && random.Next(10) != 0) (kind, onPart) = (5, false);
            if (messagesOnly && kind == 5 && items.Count == 0 && random.Next(10) != 0) kind = 3;
            int o = random.Next(3), c = random.Next(2);
            int stray = messagesOnly ? 20 : 5;
            if (onPart && parts.Count > 0 && random.Next(stray) != 0) (o, c) = parts[random.Next(parts.Count)];
            else if (!onPart && items.Count > 0 && random.Next(stray) != 0) o = items[random.Next(items.Count)];
            string seq = "\"sequence_number\":" + (random.Next(10) == 0 ? random.Next(sequence + 1) : sequence);
            string at = seq + ",\"item_id\":\"i\",\"output_index\":" + o;
            string text = new[] { "a", "é", "\\n", "\\\"", "" }[random.Next(5)];
            string[] itemJson =
            {
                "{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}",
                "{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"done\",\"annotations\":[]}]}",
                "{\"type\":\"reasoning\",\"id\":\"r\",\"summary\":[]}",
                "{\"type\":\"function_call\",\"id\":\"f\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"\"}",
                "{\"type\":\"web_search_call\",\"id\":\"w\",\"status\":\"in_progress\"}",
                "{\"type\":\"mcp_list_tools\",\"id\":\"l\",\"server_label\":\"s\",\"tools\":[]}",
                "{\"type\":\"future_item\",\"id\":\"x\"}",
            };
            string response(bool output) => "{\"id\":\"r\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":" + (output ? "[" + itemJson[1] + "]" : random.Next(2) == 0 ? "[]" : "null") + "}";
            switch (kind)
            {
                case 0: return "{\"type\":\"response.created\"," + seq + ",\"response\":" + response(false) + "}";
                case 1: return "{\"type\":\"response.in_progress\"," + seq + ",\"response\":" + response(random.Next(3) == 0) + "}";
                case 2: return "{\"type\":\"response.completed\"," + seq + ",\"response\":" + response(random.Next(2) == 0) + "}";
                case 3:
                case 4: return "{\"type\":\"response.output_item." + (random.Next(3) == 0 ? "done" : "added") + "\"," + seq + ",\"output_index\":" + o + ",\"item\":" + itemJson[random.Next(messagesOnly ? 2 : itemJson.Length)] + "}";
                case 5: return "{\"type\":\"response.content_part.added\"," + at + ",\"content_index\":" + c + ",\"part\":{\"type\":\"" + (random.Next(4) == 0 ? "refusal\",\"refusal\":\"\"" : "output_text\",\"text\":\"\",\"annotations\":[]") + "}}";
                case 6:
                case 7:
                case 8: return "{\"type\":\"response.output_text.delta\"," + at + ",\"content_index\":" + c + ",\"delta\":\"" + text + "\",\"logprobs\":" + (random.Next(4) == 0 ? "[{\"token\":\"t\",\"logprob\":-1,\"top_logprobs\":[]}]" : "[]") + "}";
                case 9: return "{\"type\":\"response.output_text.done\"," + at + ",\"content_index\":" + c + ",\"text\":\"whole\"}";
                case 10: return "{\"type\":\"response.function_call_arguments.delta\"," + at + ",\"delta\":\"" + text + "\"}";
                case 11: return "{\"type\":\"response.reasoning_summary_part.added\"," + at + ",\"summary_index\":" + c + ",\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}";
                case 12: return "{\"type\":\"response.reasoning_summary_text.delta\"," + at + ",\"summary_index\":" + c + ",\"delta\":\"" + text + "\"}";
                case 13: return "{\"type\":\"response.web_search_call.searching\"," + at + "}";
                case 14: return "{\"type\":\"response.mcp_list_tools.in_progress\"," + at + "}";
                default: return "{\"type\":\"response.refusal.delta\"," + at + ",\"content_index\":" + c + ",\"delta\":\"" + text + "\"}";
            }
        }

        [Fact]
        public void Random_event_sequences_rebuild_the_same_response_on_both_routes_after_every_event()
        {
            var random = new Random(20261122);
            int typedEvents = 0, events = 0;

            for (int run = 0; run < 400; run++)
            {
                var typed = Reducer(true);
                var nodes = Reducer(false);
                var applied = new List<string>();
                var items = new List<int>();
                var parts = new List<(int, int)>();
                // Half the runs are messages only (the common stream); the others mix every item type and event.
                bool messagesOnly = run % 2 == 0;
                int length = random.Next(1, 40);
                for (int i = 0; i < length; i++)
                {
                    // Most runs start as real streams do; some start anywhere.
                    string e = i == 0 && random.Next(4) != 0 ? Created : RandomEvent(random, i, items, parts, messagesOnly);
                    if (e.Contains(".added\"") && Regex.Match(e, "\"output_index\":(\\d+)(?:.*?\"(?:content|summary)_index\":(\\d+))?") is { Success: true } m)
                    {
                        if (m.Groups[2].Success) parts.Add((int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)));
                        else items.Add(int.Parse(m.Groups[1].Value));
                    }
                    applied.Add(e);
                    events++;
                    bool wasTyped = typed.State.IsTyped;
                    if (wasTyped) typedEvents++;
                    Apply(typed, e);

                    Apply(nodes, e);
                    string expected = nodes.Snapshot().ToJson(), actual = typed.Snapshot().ToJson();
                    if (expected != actual) Assert.Fail("run " + run + ", after:\n" + string.Join("\n", applied) + "\nnodes: " + expected + "\ntyped: " + actual);
                }
                Assert.Equal(nodes.State.TextLength, typed.State.TextLength);
                Assert.Equal(nodes.State.Unaddressed, typed.State.Unaddressed);
            }
            // The events must exercise the typed route, not only the fallback (about 27 % do: a mixed run falls back early
            // and stays on nodes until a snapshot with output).
            Assert.True(typedEvents * 5 >= events, typedEvents + " of " + events + " events applied to a typed root");
        }
    }
}
