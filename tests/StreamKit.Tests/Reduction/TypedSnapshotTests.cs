using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Reduction
{
    /// <summary>
    /// The Responses reducer keeps the objects of set and snapshot events typed (no JSON round trip) until an event
    /// addresses inside them, and snapshots a typed root by <c>DeepClone</c>. These tests hold that to the JSON route:
    /// the same snapshot after every event of every stream, copies that later events and callers cannot reach, and
    /// copies that share only immutable values.
    /// </summary>
    public class TypedSnapshotTests
    {
        public static TheoryData<string> Paths() => TestPaths.StreamPaths("responses");

        [Theory]
        [MemberData(nameof(Paths))]
        public void Snapshot_equals_the_state_written_and_read_back_after_every_event(string path)
        {
            var reducer = new ResponseReducer();
            int typedRoots = 0;
            foreach (var sse in SseEventParser.ParseAll(File.ReadAllBytes(path)).Where(e => !e.IsDoneSentinel))
            {
                IResponseStreamEvent item;
                try
                {
                    item = ResponseStreamEventJson.Parse(sse.Data.Span);
                }
                catch (StreamKit.Serialization.JsonPayloadException)
                {
                    continue;
                }
                reducer.Apply(item);
                if (reducer.State.TryGetTypedRoot<Response>(out _)) typedRoots++;
                // Deltas come in runs: checking after the last of a run and after every other event bounds the cost.
                if (item.Type.EndsWith(".delta", StringComparison.Ordinal)) continue;
                Assert.Equal(Response.Parse(reducer.State.ToUtf8Json()).ToJson(), reducer.Snapshot().ToJson());
            }
            Assert.Equal(Response.Parse(reducer.State.ToUtf8Json()).ToJson(), reducer.Snapshot().ToJson());
            // Streams that end in response.completed with output end on a typed root.
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf("\"type\":\"response.completed\""u8) >= 0 && reducer.Snapshot().Output is { Count: > 0 } && reducer.State.Terminal == "completed")
                Assert.True(typedRoots > 0, "no typed root in " + Path.GetFileName(path));
        }

        [Fact]
        public void A_snapshot_of_a_typed_root_is_a_copy_that_callers_and_later_events_do_not_reach()
        {
            var reducer = new ResponseReducer();
            foreach (string data in new[]
            {
                "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"content\":[]}}",
                "{\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\",\"annotations\":[]}]}]}}",
            })
            {
                reducer.Apply(ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(data)));
            }
            Assert.True(reducer.State.TryGetTypedRoot<Response>(out var root));
            string before = reducer.Snapshot().ToJson();

            var first = reducer.Snapshot();
            Assert.NotSame(root, first);
            var message = Assert.IsType<OutputMessage>(first.Output![0]);
            Assert.Same(((OutputTextContent)((OutputMessage)root.Output![0]).Content![0]).Text, ((OutputTextContent)message.Content![0]).Text);
            ((OutputTextContent)message.Content![0]).Text = "changed by the caller";
            first.Output.Add(new UnknownOutputItem("x", default));
            first.Id = "other";
            Assert.Equal(before, reducer.Snapshot().ToJson());

            // An event after the terminal appends inside the typed root (typed, in place), and the copy taken before stays as it was.
            var taken = reducer.Snapshot();
            reducer.Apply(ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\", world\"}")));
            Assert.True(reducer.State.TryGetTypedRoot<Response>(out _));
            Assert.Equal(0, reducer.State.NodeFallbacks);
            Assert.Equal("Hello, world", ((OutputTextContent)((OutputMessage)reducer.Snapshot().Output![0]).Content![0]).Text);
            Assert.Equal(before, taken.ToJson());
        }

        [Fact]
        public void DeepClone_copies_objects_lists_and_maps_and_shares_strings()
        {
            var chunk = ChatCompletionChunk.Parse(Encoding.UTF8.GetBytes(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"x_vendor\":{\"a\":1},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\",\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}"));
            var copy = chunk.DeepClone();
            Assert.Equal(chunk.ToJson(), copy.ToJson());
            Assert.NotSame(chunk.Choices, copy.Choices);
            Assert.NotSame(chunk.Choices![0], copy.Choices![0]);
            Assert.NotSame(chunk.Choices[0].Delta!.ToolCalls![0].Function, copy.Choices[0].Delta!.ToolCalls![0].Function);
            Assert.NotSame(chunk.ExtensionData, copy.ExtensionData);
            Assert.Same(chunk.Choices[0].Delta!.Content, copy.Choices[0].Delta!.Content);
            // A required value member left out stays left out in the copy (its presence flag is copied).
            Assert.DoesNotContain("system_fingerprint", copy.ToJson());

            copy.Choices[0].Delta!.ToolCalls![0].Function!.Arguments = "{\"changed\":true}";
            copy.Choices.Clear();
            copy.ExtensionData!.Clear();
            Assert.Contains("\"arguments\":\"{}\"", chunk.ToJson());
            Assert.Contains("x_vendor", chunk.ToJson());
        }

        [Fact]
        public void Union_clone_returns_an_unknown_case_as_is_and_copies_a_known_one()
        {
            IOutputItem unknown = new UnknownOutputItem("future_item", default);
            Assert.Same(unknown, OutputItemJson.Clone(unknown));
            IOutputItem known = new OutputMessage { Id = "m", Content = new() };
            var copy = OutputItemJson.Clone(known);
            Assert.NotSame(known, copy);
            Assert.Equal(((OutputMessage)known).ToJson(), Assert.IsType<OutputMessage>(copy).ToJson());
            Assert.Throws<ArgumentNullException>(() => OutputItemJson.Clone(null!));
        }

        [Theory]
        // The engine hands the same event objects to the caller (onItem, await foreach) that the reducer applies: the
        // reducer keeps copies, so a caller's edits after Apply change nothing (found by review: the state kept them).
        [InlineData(true)]
        [InlineData(false)]
        public async Task Editing_the_events_after_they_are_applied_does_not_change_the_result(bool completed)
        {
            string item = "{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\",\"annotations\":[]}]}";
            string sse = "data: {\"type\":\"response.output_item.done\",\"sequence_number\":1,\"output_index\":0,\"item\":" + item + "}\n\n"
                + (completed ? "data: {\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"r\",\"object\":\"response\",\"status\":\"completed\",\"output\":[" + item + "]}}\n\n" : "")
                + "data: [DONE]\n\n";
            using var stream = ResponseStream.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(sse)));
            var result = await stream.ReduceAsync(e =>
            {
                if (e is ResponseCompletedEvent c) c.Response!.Output!.Clear();
                if (e is ResponseOutputItemDoneEvent d) ((OutputTextContent)((OutputMessage)d.Item!).Content![0]).Text = "edited";
            }, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal("Hello", ((OutputTextContent)((OutputMessage)result.Value.Output![0]).Content![0]).Text);
        }
    }
}