using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.PowerShell;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>The deltas Invoke-LlmStream writes add up to exactly what the reducer builds, for every stream.</summary>
    public sealed class DeltaMapperTests
    {
        private static async Task<(List<LlmDelta> Deltas, LlmResult Result)> Run(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            bool responses = path.Replace('\\', '/').Contains("/responses/");
            using LlmStream stream = responses ? ResponseStream.FromStream(new MemoryStream(bytes)) : ChatCompletionStream.FromStream(new MemoryStream(bytes));
            var deltas = new List<LlmDelta>();
            var result = await stream.ReduceAsync(item => deltas.AddRange(DeltaMapper.Map(item)), TestContext.Current.CancellationToken);
            return (deltas, LlmResult.From(result));
        }

        private static async Task<StreamResult> ReduceFor(string path)
        {
            using var stream = ResponseStream.FromStream(new MemoryStream(File.ReadAllBytes(path)));
            return await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
        }

        public static TheoryData<string> ChatStreams() => TestPaths.StreamPaths("chat");

        public static TheoryData<string> ResponsesStreams() => TestPaths.StreamPaths("responses");

        [Theory, MemberData(nameof(ChatStreams))]
        public async Task Chat_text_and_tool_call_deltas_add_up_to_the_reduced_message(string path)
        {
            var (deltas, result) = await Run(path);
            var first = deltas.Where(d => d.Choice == (((ChatCompletion)result.Value!).Choices?.OrderBy(c => c.Index).FirstOrDefault()?.Index ?? 0)).ToList();
            string text = string.Concat(first.Where(d => d.Kind == LlmDeltaKind.Text).Select(d => d.Text));
            string expected = result.Content ?? "";
            // Inline <think> reasoning is moved out of the content by the reducer; the deltas carry it as it came.
            if (!expected.Contains("<think>") && !text.Contains("<think>")) Assert.Equal(expected, text);
            foreach (var call in result.ToolCalls.Select((c, i) => (c, i)))
            {
                var pieces = first.Where(d => d.Kind == LlmDeltaKind.ToolCall).GroupBy(d => d.ToolCallIndex).OrderBy(g => g.Key).ElementAtOrDefault(call.i);
                if (pieces is null) continue;
                Assert.Equal(call.c.Arguments ?? "", string.Concat(pieces.Select(d => d.Arguments)));
            }
            if (result.TotalTokens is long total) Assert.Contains(deltas, d => d.Kind == LlmDeltaKind.Usage && d.TotalTokens == total);
            if (result.FinishReason is { } finish) Assert.Contains(deltas, d => d.Kind == LlmDeltaKind.Finish && d.FinishReason == finish);
            Assert.All(deltas, d => Assert.IsType<ChatCompletionChunk>(d.Raw));
        }

        [Theory, MemberData(nameof(ResponsesStreams))]
        public async Task Responses_text_deltas_add_up_to_the_rebuilt_text_and_the_terminal_gives_the_finish(string path)
        {
            var (deltas, result) = await Run(path);
            string text = string.Concat(deltas.Where(d => d.Kind == LlmDeltaKind.Text).Select(d => d.Text));
            // Deltas mirror the events as they arrived: a trimmed recording (gaps) or a replayed event (duplicate) shows in them.
            var sequence = (ResponseStreamResult)(await ReduceFor(path));
            if (result.Content is { } content && text.Length > 0 && sequence.SequenceGaps.Count == 0 && sequence.Duplicates == 0) Assert.Equal(content, text);
            var response = (Response)result.Value!;
            if (response.Status?.Value is "completed" or "incomplete" && result.Outcome == "completed")
                Assert.Contains(deltas, d => d.Kind == LlmDeltaKind.Finish);
            Assert.All(deltas, d => Assert.IsAssignableFrom<IResponseStreamEvent>(d.Raw));
        }

        [Fact]
        public async Task A_reasoning_tool_call_stream_gives_reasoning_then_text_then_a_named_call()
        {
            var (deltas, result) = await Run(TestPaths.Fixture("chat/demo-reasoning-tool-call.sse"));
            Assert.Contains(deltas, d => d.Kind == LlmDeltaKind.Reasoning);
            var opening = deltas.First(d => d.Kind == LlmDeltaKind.ToolCall);
            Assert.NotNull(opening.ToolName);
            Assert.NotNull(opening.ToolCallId);
            Assert.Equal(result.ToolCalls[0].Name, opening.ToolName);
            Assert.Equal(opening.ToolName + " " + opening.Arguments, opening.ToString());
        }

        [Fact]
        public void Items_that_are_not_chunks_or_events_give_no_deltas() => Assert.Empty(DeltaMapper.Map("text"));
    }
}
