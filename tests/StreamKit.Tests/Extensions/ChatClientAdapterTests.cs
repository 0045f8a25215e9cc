using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using StreamKit.Chat;
using StreamKit.Extensions.AI;
using StreamKit.Replay;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace StreamKit.Tests.Extensions
{
    /// <summary>IChatClient over both APIs, run on recorded streams through the loopback server and compared with StreamKit's own reduction.</summary>
    public sealed class ChatClientAdapterTests
    {
        private static bool IsResponses(string path) => path.Replace('\\', '/').Contains("/responses/");

        private static async Task<StreamResult> Reduce(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            using LlmStream stream = IsResponses(path) ? ResponseStream.FromStream(new MemoryStream(bytes)) : ChatCompletionStream.FromStream(new MemoryStream(bytes));
            return await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
        }

        private static IChatClient Client(HttpClient http, SseReplayServer server, bool responses) => responses
            ? new ResponsesClient(http, new LlmEndpoint(server.BaseUrl)).AsIChatClient("m")
            : new ChatCompletionsClient(http, new LlmEndpoint(server.BaseUrl)).AsIChatClient("m");

        /// <summary>Text, reasoning, tool calls (name and arguments) and usage of a StreamKit value, in M.E.AI terms.</summary>
        private static (string Text, string Reasoning, string Calls, long? Total) Expect(object value)
        {
            var response = value is ChatCompletion c ? ChatCompletionsChatClientAccess.ToResponse(c) : ResponsesChatClientAccess.ToResponse((Response)value);
            return Describe(response.Messages.SelectMany(m => m.Contents).ToList(), response.Usage?.TotalTokenCount);
        }

        /// <summary>Text, reasoning, the tool calls (name and arguments, in call-id order: streams hand calls over as they finish) and the total tokens.</summary>
        private static (string Text, string Reasoning, string Calls, long? Total) Describe(List<AIContent> contents, long? total) =>
            (string.Concat(contents.OfType<TextContent>().Select(t => t.Text)),
             string.Concat(contents.OfType<TextReasoningContent>().Select(t => t.Text)),
             string.Join(" | ", contents.OfType<FunctionCallContent>().OrderBy(f => f.CallId, StringComparer.Ordinal)
                 .Select(f => f.Name + " " + JsonSerializer.Serialize(f.Arguments?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString())))),
             total);

        public static TheoryData<string> Streams() => TestPaths.StreamPaths(null);

        [Theory, MemberData(nameof(Streams))]
        public async Task GetResponseAsync_equals_StreamKits_reduction_and_throws_with_the_partial_otherwise(string path)
        {
            var reduced = await Reduce(path);
            using var server = SseReplayServer.Start(File.ReadAllBytes(path));
            using var http = new HttpClient();
            var client = Client(http, server, IsResponses(path));
            var expected = Expect(reduced.Value!);
            if (reduced.IsSuccess)
            {
                var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
                Assert.Equal(expected, Describe(response.Messages.SelectMany(m => m.Contents).ToList(), response.Usage?.TotalTokenCount));
                Assert.NotNull(response.RawRepresentation);
            }
            else
            {
                var ex = await Assert.ThrowsAsync<ChatStreamException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
                Assert.Equal(reduced.Outcome, ex.Outcome);
                Assert.Equal(expected.Text, string.Concat(ex.PartialResponse.Messages.SelectMany(m => m.Contents).OfType<TextContent>().Select(t => t.Text)));
            }
        }

        [Theory, MemberData(nameof(Streams))]
        public async Task Streaming_updates_add_up_to_the_reduced_text_tool_calls_and_usage(string path)
        {
            var reduced = await Reduce(path);
            if (!reduced.IsSuccess) return;
            if (reduced is ResponseStreamResult { SequenceGaps.Count: > 0 } or ResponseStreamResult { Duplicates: > 0 }) return;
            using var server = SseReplayServer.Start(File.ReadAllBytes(path));
            using var http = new HttpClient();
            var updates = new List<ChatResponseUpdate>();
            await foreach (var u in Client(http, server, IsResponses(path)).GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)) updates.Add(u);
            var contents = updates.SelectMany(u => u.Contents).ToList();
            var usage = contents.OfType<UsageContent>().LastOrDefault()?.Details.TotalTokenCount;
            var expected = Expect(reduced.Value!);
            var actual = Describe(contents.Where(c => c is not UsageContent).ToList(), usage);
            Assert.Equal(expected.Calls, actual.Calls);
            Assert.Equal(expected.Total, actual.Total);
            if (!expected.Text.Contains("<think>") && !actual.Text.Contains("<think>")) Assert.Equal(expected.Text, actual.Text);
            Assert.All(updates, u => Assert.NotNull(u.RawRepresentation));
            var final = reduced.Value is ChatCompletion cc ? ChatCompletionsChatClientAccess.ToResponse(cc) : ResponsesChatClientAccess.ToResponse((Response)reduced.Value!);
            if (final.FinishReason is { } finish && reduced is not ResponseStreamResult { Terminal: null }) Assert.Contains(updates, u => u.FinishReason == finish);
        }

        [Fact]
        public async Task Chat_options_and_a_tool_loop_map_to_the_request_body()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("chat/cumulative-usage-every-chunk.sse"));
            using var http = new HttpClient();
            var client = new ChatCompletionsClient(http, new LlmEndpoint(server.BaseUrl)).AsIChatClient();
            var weather = AIFunctionFactory.CreateDeclaration("get_weather", "Weather by city", JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}").RootElement);
            var options = new ChatOptions
            {
                ModelId = "gpt-x", Temperature = 0.5f, MaxOutputTokens = 100, Tools = new List<AITool> { weather }, ToolMode = ChatToolMode.RequireSpecific("get_weather"),
                ResponseFormat = ChatResponseFormat.Json, AdditionalProperties = new AdditionalPropertiesDictionary { ["provider"] = JsonDocument.Parse("{\"order\":[\"x\"]}").RootElement },
                Instructions = "Be brief.",
            };
            var messages = new List<MeaiChatMessage>
            {
                new(ChatRole.User, "Weather in Paris?"),
                new(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }) }),
                new(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("call_1", "18 C") }),
            };
            await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
            var root = body.RootElement;
            Assert.Equal("gpt-x", root.GetProperty("model").GetString());
            var sent = root.GetProperty("messages");
            Assert.Equal(new[] { "system", "user", "assistant", "tool" }, sent.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("{\"city\":\"Paris\"}", sent[2].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
            Assert.Equal(("call_1", "18 C"), (sent[3].GetProperty("tool_call_id").GetString(), sent[3].GetProperty("content").GetString()));
            Assert.Equal("get_weather", root.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("get_weather", root.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("json_object", root.GetProperty("response_format").GetProperty("type").GetString());
            Assert.Equal(0.5, root.GetProperty("temperature").GetDouble(), 3);
            Assert.Equal(100, root.GetProperty("max_tokens").GetInt32());
            Assert.Equal("x", root.GetProperty("provider").GetProperty("order")[0].GetString());
            var metadata = client.GetService<ChatClientMetadata>()!;
            Assert.Equal("streamkit", metadata.ProviderName);
            Assert.NotNull(client.GetService<ChatCompletionsClient>());
        }

        [Fact]
        public async Task Responses_options_and_a_tool_loop_map_to_input_items()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("responses/tool-inputs-accumulate.sse"));
            using var http = new HttpClient();
            var client = new ResponsesClient(http, new LlmEndpoint(server.BaseUrl)).AsIChatClient("m");
            var messages = new List<MeaiChatMessage>
            {
                new(ChatRole.User, "Weather in Paris?"),
                new(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }) }),
                new(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("call_1", "18 C") }),
            };
            await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 7, Instructions = "sys" }, TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
            var input = body.RootElement.GetProperty("input");
            Assert.Equal(("function_call", "call_1"), (input[1].GetProperty("type").GetString(), input[1].GetProperty("call_id").GetString()));
            Assert.Equal(("function_call_output", "18 C"), (input[2].GetProperty("type").GetString(), input[2].GetProperty("output").GetString()));
            Assert.Equal(7, body.RootElement.GetProperty("max_output_tokens").GetInt32());
            Assert.Equal("sys", body.RootElement.GetProperty("instructions").GetString());
        }
    }

    /// <summary>The adapters' own value mappings, reached through the internal types (InternalsVisibleTo).</summary>
    internal static class ChatCompletionsChatClientAccess
    {
        public static ChatResponse ToResponse(ChatCompletion c) => StreamKit.Extensions.AI.ChatCompletionsChatClient.ToResponse(c);
    }

    internal static class ResponsesChatClientAccess
    {
        public static ChatResponse ToResponse(Response r) => StreamKit.Extensions.AI.ResponsesChatClient.ToResponse(r);
    }
}
