using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Replay;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Http
{
    /// <summary>A two-turn tool loop in plain C# on the typed requests, against recorded turns served by the loopback server.</summary>
    public sealed class ToolLoopTests
    {
        [Fact]
        public async Task Chat_send_stream_append_the_assistant_message_and_tool_results_send_again()
        {
            using var server = SseReplayServer.Start(new[] { TestPaths.FixtureBytes("chat/parallel-tool-calls-interleaved.sse"), TestPaths.FixtureBytes("chat/cumulative-usage-every-chunk.sse") }, null);
            using var http = new HttpClient();
            var client = new ChatCompletionsClient(http, new LlmEndpoint(server.BaseUrl));
            var request = new ChatCompletionRequest("m", new[] { ChatMessage.System("Use the tools."), ChatMessage.User("Weather and time in Oslo?") });
            request.Tools.Add(new ChatCompletionTool { Function = new FunctionObject { Name = "get_weather", Description = "Weather by city" } });
            request.Tools.Add(new ChatCompletionTool { Function = new FunctionObject { Name = "get_time" } });

            ChatCompletionMessage first;
            using (var stream = await client.StreamAsync(request, TestContext.Current.CancellationToken))
            {
                first = (await stream.ReduceAsync(null, TestContext.Current.CancellationToken)).Value.Choices![0].Message!;
            }
            Assert.Equal(new[] { "get_weather", "get_time" }, first.ToolCalls!.Select(c => c.Function!.Name));

            request.Messages.Add(ChatMessage.Assistant(first));
            foreach (var call in first.ToolCalls!) request.Messages.Add(ChatMessage.Tool(call.Id!, call.Function!.Name == "get_weather" ? "-3 C, snow" : "14:05"));
            string answer;
            using (var stream = await client.StreamAsync(request, TestContext.Current.CancellationToken))
            {
                answer = (await stream.ReduceAsync(null, TestContext.Current.CancellationToken)).Value.Choices![0].Message!.Content!;
            }
            Assert.Equal("One two three", answer);

            var sent = server.Requests.ToList();
            Assert.Equal(2, sent.Count);
            using var turn1 = JsonDocument.Parse(sent[0].Body);
            Assert.Equal("get_weather", turn1.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("function", turn1.RootElement.GetProperty("tools")[0].GetProperty("type").GetString());
            Assert.True(turn1.RootElement.GetProperty("stream").GetBoolean());
            Assert.True(turn1.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            using var turn2 = JsonDocument.Parse(sent[1].Body);
            var messages = turn2.RootElement.GetProperty("messages");
            Assert.Equal(new[] { "system", "user", "assistant", "tool", "tool" }, messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            var calls = messages[2].GetProperty("tool_calls");
            Assert.Equal(new[] { "call_a", "call_b" }, calls.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
            Assert.Equal("{\"city\":\"Oslo\"}", calls[0].GetProperty("function").GetProperty("arguments").GetString());
            Assert.Equal(("call_a", "-3 C, snow"), (messages[3].GetProperty("tool_call_id").GetString(), messages[3].GetProperty("content").GetString()));
        }

        [Fact]
        public async Task Responses_send_stream_pass_back_the_function_calls_and_their_outputs_send_again()
        {
            using var server = SseReplayServer.Start(new[] { TestPaths.FixtureBytes("responses/items-out-of-order.sse"), TestPaths.FixtureBytes("responses/resumed-starting-after-1.sse") }, null);
            using var http = new HttpClient();
            var client = new ResponsesClient(http, new LlmEndpoint(server.BaseUrl));
            var request = new ResponseRequest("m", new[] { ResponseInput.User("Run both tools.") }) { Instructions = "Be brief.", MaxOutputTokens = 100 };
            request.Tools.Add(new FunctionTool { Name = "first" });
            request.Tools.Add(new FunctionTool { Name = "second" });

            Response first;
            using (var stream = await client.StreamAsync(request, TestContext.Current.CancellationToken))
            {
                first = (await stream.ReduceAsync(null, TestContext.Current.CancellationToken)).Value;
            }
            var calls = first.Output!.OfType<FunctionToolCall>().ToList();
            Assert.Equal(2, calls.Count);

            var next = new ResponseRequest("m", new[] { ResponseInput.User("Run both tools.") }.Concat(ResponseInput.From(first)));
            foreach (var call in calls) next.InputItems.Add(ResponseInput.FunctionOutput(call.CallId!, "ok:" + call.Name));
            string text;
            using (var stream = await client.StreamAsync(next, TestContext.Current.CancellationToken))
            {
                var value = (await stream.ReduceAsync(null, TestContext.Current.CancellationToken)).Value;
                text = string.Concat(value.Output!.OfType<OutputMessage>().SelectMany(m => m.Content!).OfType<OutputTextContent>().Select(t => t.Text));
            }
            Assert.Equal("Resumed text", text);

            var sent = server.Requests.ToList();
            using var turn1 = JsonDocument.Parse(sent[0].Body);
            Assert.Equal(("user", "Run both tools."), (turn1.RootElement.GetProperty("input")[0].GetProperty("role").GetString(), turn1.RootElement.GetProperty("input")[0].GetProperty("content").GetString()));
            Assert.Equal("first", turn1.RootElement.GetProperty("tools")[0].GetProperty("name").GetString());
            Assert.Equal(100, turn1.RootElement.GetProperty("max_output_tokens").GetInt32());
            using var turn2 = JsonDocument.Parse(sent[1].Body);
            var input = turn2.RootElement.GetProperty("input").EnumerateArray().ToList();
            var types = input.Select(i => i.TryGetProperty("type", out var t) ? t.GetString() : "message").ToList();
            Assert.Equal(2, types.Count(t => t == "function_call"));
            Assert.Equal(2, types.Count(t => t == "function_call_output"));
            Assert.Equal(calls.Select(c => c.CallId).OrderBy(x => x),
                input.Where(i => i.TryGetProperty("type", out var t) && t.GetString() == "function_call_output").Select(i => i.GetProperty("call_id").GetString()).OrderBy(x => x));
        }
    }
}
