using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Replay;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Http
{
    /// <summary>The real HTTP path against a loopback server: request shape, streaming, errors.</summary>
    public class ChatCompletionsClientTests
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        private static ChatCompletionRequest Request() => new ChatCompletionRequest("test-model", new[] { ChatMessage.System("be brief"), ChatMessage.User("hi") });

        [Fact]
        public async Task Sends_stream_true_include_usage_bearer_headers_and_extra_body_untouched()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("chat/parallel-tool-calls-interleaved.sse"));
            var endpoint = new LlmEndpoint(server.BaseUrl, "sk-test");
            endpoint.Headers["X-Title"] = "StreamKit tests";
            var request = Request();
            request.ExtraBody["provider"] = JsonDocument.Parse("{\"order\":[\"groq\"],\"allow_fallbacks\":false}").RootElement;
            request.ExtraBody["cache_control"] = JsonDocument.Parse("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}").RootElement;

            using var stream = await new ChatCompletionsClient(Http, endpoint).StreamAsync(request, TestContext.Current.CancellationToken);
            var result = await stream.ReduceAsync(cancellationToken: TestContext.Current.CancellationToken);

            var sent = Assert.Single(server.Requests);
            Assert.Equal(("POST", "/v1/chat/completions"), (sent.Method, sent.PathAndQuery));
            Assert.Equal("Bearer sk-test", sent.Headers["Authorization"]);
            Assert.Equal("StreamKit tests", sent.Headers["X-Title"]);
            Assert.Contains("text/event-stream", sent.Headers["Accept"]);
            var body = JsonDocument.Parse(sent.Body).RootElement;
            Assert.Equal("test-model", body.GetProperty("model").GetString());
            Assert.True(body.GetProperty("stream").GetBoolean());
            Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            Assert.Equal(new[] { "system", "user" }, body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("{\"order\":[\"groq\"],\"allow_fallbacks\":false}", body.GetProperty("provider").GetRawText());
            Assert.Equal("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}", body.GetProperty("cache_control").GetRawText());

            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal(2, result.Value.Choices![0].Message!.ToolCalls!.Count);
        }

        [Fact]
        public async Task Extra_body_replaces_stream_options_but_never_stream()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("chat/cr-only-line-endings.sse"));
            var request = Request();
            request.ExtraBody["stream_options"] = JsonDocument.Parse("{\"include_usage\":false,\"include_obfuscation\":false}").RootElement;
            request.ExtraBody["stream"] = JsonDocument.Parse("false").RootElement;
            using var stream = await new ChatCompletionsClient(Http, new LlmEndpoint(server.BaseUrl)).StreamAsync(request, TestContext.Current.CancellationToken);
            await stream.ReduceAsync(cancellationToken: TestContext.Current.CancellationToken);
            var body = JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement;
            Assert.False(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            Assert.True(body.GetProperty("stream").GetBoolean());
            Assert.Equal(1, body.EnumerateObject().Count(p => p.Name == "stream"));
            Assert.False(Assert.Single(server.Requests).Headers.ContainsKey("Authorization"));
        }

        [Fact]
        public async Task An_error_status_carries_the_status_and_the_provider_message()
        {
            byte[] body = Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
            using var server = SseReplayServer.Start(body, new SseReplayOptions { StatusCode = 401, ContentType = "application/json" });
            var ex = await Assert.ThrowsAsync<LlmHttpException>(() =>
                new ChatCompletionsClient(Http, new LlmEndpoint(server.BaseUrl, "bad")).StreamAsync(Request(), TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
            Assert.Equal("Incorrect API key provided", ex.Error!.Message);
            Assert.Equal("invalid_api_key", ex.Error.Code);
            Assert.Equal(StreamOutcome.HttpError, ex.Outcome);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(7)]
        public async Task Streaming_over_HTTP_gives_the_same_result_as_reducing_offline(int writeSize)
        {
            byte[] bytes = TestPaths.FixtureBytes("chat/crlf-bom-comments-multiline-data.sse");
            var offline = await Streams.ReduceAsync(bytes);
            using var server = SseReplayServer.Start(bytes, new SseReplayOptions { WriteSize = writeSize });
            using var stream = await new ChatCompletionsClient(Http, new LlmEndpoint(server.BaseUrl)).StreamAsync(Request(), TestContext.Current.CancellationToken);
            int chunks = 0;
            await foreach (var _ in stream.WithCancellation(TestContext.Current.CancellationToken)) chunks++;
            Assert.Equal(offline.Statistics.Items, chunks);
            Assert.Equal(offline.Value.ToJson(), stream.Result!.Value.ToJson());
        }

        [Fact]
        public async Task A_connection_that_ends_mid_stream_is_truncated_with_the_partial_message()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("chat/truncated-mid-answer.sse"));
            using var stream = await new ChatCompletionsClient(Http, new LlmEndpoint(server.BaseUrl)).StreamAsync(Request(), TestContext.Current.CancellationToken);
            var ex = await Assert.ThrowsAsync<TruncatedStreamException>(async () =>
            {
                await foreach (var _ in stream.WithCancellation(TestContext.Current.CancellationToken)) { }
            });
            Assert.Equal("The answer is forty", ((ChatCompletion)ex.Partial!).Choices![0].Message!.Content);
        }

        [Fact]
        public void The_endpoint_rejects_relative_or_non_http_urls_and_joins_paths()
        {
            Assert.Throws<ArgumentException>(() => new LlmEndpoint(new Uri("ftp://example.com/v1")));
            Assert.Equal("http://127.0.0.1:1/v1/chat/completions", new LlmEndpoint(new Uri("http://127.0.0.1:1/v1/")).Resolve("chat/completions").AbsoluteUri);
        }
    }
}
