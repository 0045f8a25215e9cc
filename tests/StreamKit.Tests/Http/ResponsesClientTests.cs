using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Replay;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Http
{
    /// <summary>The Responses API over real loopback HTTP: create, resume, errors.</summary>
    public class ResponsesClientTests
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        [Fact]
        public async Task Posts_to_responses_with_stream_true_and_extra_body_untouched()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("responses/no-event-lines-done.sse"), new SseReplayOptions { WriteSize = 5 });
            var endpoint = new LlmEndpoint(server.BaseUrl, "sk-r");
            var request = new ResponseRequest("gpt-test", "Say hi") { Instructions = "Be brief" };
            request.ExtraBody["reasoning"] = JsonDocument.Parse("{\"effort\":\"low\",\"summary\":\"auto\"}").RootElement;
            request.ExtraBody["background"] = JsonDocument.Parse("true").RootElement;

            using var stream = await new ResponsesClient(Http, endpoint).StreamAsync(request, TestContext.Current.CancellationToken);
            var result = await stream.ReduceAsync(cancellationToken: TestContext.Current.CancellationToken);

            var sent = Assert.Single(server.Requests);
            Assert.Equal(("POST", "/v1/responses", "Bearer sk-r"), (sent.Method, sent.PathAndQuery, sent.Headers["Authorization"]));
            var body = JsonDocument.Parse(sent.Body).RootElement;
            Assert.Equal(("gpt-test", "Say hi", "Be brief", true), (body.GetProperty("model").GetString(), body.GetProperty("input").GetString(), body.GetProperty("instructions").GetString(), body.GetProperty("stream").GetBoolean()));
            Assert.Equal("{\"effort\":\"low\",\"summary\":\"auto\"}", body.GetProperty("reasoning").GetRawText());
            Assert.True(body.GetProperty("background").GetBoolean());
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal("Plain data", ((OutputTextContent)((OutputMessage)result.Value.Output![0]!).Content![0]).Text);
        }

        [Fact]
        public async Task Resumes_a_background_response_with_GET_and_starting_after()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("responses/resumed-starting-after-1.sse"));
            using var stream = await new ResponsesClient(Http, new LlmEndpoint(server.BaseUrl)).ResumeAsync("resp_abc/1", 1, TestContext.Current.CancellationToken);
            var result = await stream.ReduceAsync(cancellationToken: TestContext.Current.CancellationToken);
            var sent = Assert.Single(server.Requests);
            Assert.Equal(("GET", "/v1/responses/resp_abc%2F1?stream=true&starting_after=1"), (sent.Method, sent.PathAndQuery));
            Assert.Equal(("completed", StreamOutcome.Completed), (result.Terminal, result.Outcome));
        }

        [Fact]
        public async Task A_404_on_resume_is_an_http_error_with_the_message()
        {
            byte[] body = System.Text.Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"Response not found\",\"type\":\"invalid_request_error\",\"code\":null}}");
            using var server = SseReplayServer.Start(body, new SseReplayOptions { StatusCode = 404, ContentType = "application/json" });
            var ex = await Assert.ThrowsAsync<LlmHttpException>(() => new ResponsesClient(Http, new LlmEndpoint(server.BaseUrl)).ResumeAsync("resp_missing", null, TestContext.Current.CancellationToken));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
            Assert.Equal("Response not found", ex.Error!.Message);
            Assert.Equal("/v1/responses/resp_missing?stream=true", Assert.Single(server.Requests).PathAndQuery);
        }
    }
}
