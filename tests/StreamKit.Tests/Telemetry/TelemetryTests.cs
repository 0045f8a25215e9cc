using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Replay;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Telemetry
{
    /// <summary>Spans and metrics follow the OpenTelemetry GenAI conventions, listened to with ActivityListener and MeterListener.</summary>
    public sealed class TelemetryTests : IDisposable
    {
        private readonly string _model = "telemetry-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly ConcurrentQueue<Activity> _activities = new ConcurrentQueue<Activity>();
        private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = new();
        private readonly ActivityListener _activityListener;
        private readonly MeterListener _meterListener;

        public TelemetryTests()
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == LlmTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => { if ((a.GetTagItem("gen_ai.request.model") as string) == _model) _activities.Enqueue(a); },
            };
            ActivitySource.AddActivityListener(_activityListener);
            _meterListener = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == LlmTelemetry.MeterName) l.EnableMeasurementEvents(i); } };
            _meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i.Name, v, tags));
            _meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i.Name, v, tags));
            _meterListener.Start();
        }

        private void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, object?>();
            foreach (var t in tags) map[t.Key] = t.Value;
            if ((map.GetValueOrDefault("gen_ai.request.model") as string) == _model) _measurements.Enqueue((name, value, map));
        }

        public void Dispose()
        {
            _activityListener.Dispose();
            _meterListener.Dispose();
        }

        [Fact]
        public async Task A_chat_stream_gives_one_client_span_with_the_genai_attributes_and_the_metrics()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("chat/cumulative-usage-every-chunk.sse"));
            using var http = new HttpClient();
            var client = new ChatCompletionsClient(http, new LlmEndpoint(server.BaseUrl));
            using (var stream = await client.StreamAsync(new ChatCompletionRequest(_model, new[] { ChatMessage.User("secret question") }), TestContext.Current.CancellationToken))
            {
                await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            }
            var span = Assert.Single(_activities);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("chat " + _model, span.DisplayName);
            Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("fixture-model", span.GetTagItem("gen_ai.response.model"));
            Assert.Equal("chatcmpl-fx", span.GetTagItem("gen_ai.response.id"));
            Assert.Equal(new[] { "stop" }, span.GetTagItem("gen_ai.response.finish_reasons"));
            Assert.Equal(5L, span.GetTagItem("gen_ai.usage.input_tokens"));
            Assert.Equal(3L, span.GetTagItem("gen_ai.usage.output_tokens"));
            Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
            Assert.Equal("completed", span.GetTagItem("streamkit.outcome"));
            Assert.Null(span.GetTagItem("error.type"));
            Assert.Null(span.GetTagItem("gen_ai.input.messages"));
            Assert.Null(span.GetTagItem("gen_ai.output.messages"));

            var names = _measurements.Select(m => m.Name).ToList();
            Assert.Contains("gen_ai.client.operation.duration", names);
            Assert.Contains("gen_ai.client.operation.time_to_first_chunk", names);
            Assert.Contains("gen_ai.client.operation.time_per_output_chunk", names);
            var tokens = _measurements.Where(m => m.Name == "gen_ai.client.token.usage").ToDictionary(m => (string)m.Tags["gen_ai.token.type"]!, m => m.Value);
            Assert.Equal((5.0, 3.0), (tokens["input"], tokens["output"]));
        }

        [Fact]
        public async Task Message_content_is_captured_only_on_opt_in()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("responses/resumed-starting-after-1.sse"));
            using var http = new HttpClient();
            var client = new ResponsesClient(http, new LlmEndpoint(server.BaseUrl), new LlmClientOptions { CaptureMessageContent = true });
            using (var stream = await client.StreamAsync(new ResponseRequest(_model, "the question"), TestContext.Current.CancellationToken))
            {
                await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            }
            var span = Assert.Single(_activities);
            Assert.Contains("the question", (string)span.GetTagItem("gen_ai.input.messages")!);
            Assert.Contains("Resumed text", (string)span.GetTagItem("gen_ai.output.messages")!);
        }

        [Fact]
        public async Task Every_non_success_outcome_sets_error_type_on_the_span_and_the_duration()
        {
            using var server = SseReplayServer.Start(TestPaths.FixtureBytes("chat/truncated-mid-answer.sse"));
            using var refused = SseReplayServer.Start(System.Text.Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"no\"}}"), new SseReplayOptions { StatusCode = 401, ContentType = "application/json" });
            using var http = new HttpClient();
            using (var stream = await new ChatCompletionsClient(http, new LlmEndpoint(server.BaseUrl)).StreamAsync(new ChatCompletionRequest(_model, new[] { ChatMessage.User("x") }), TestContext.Current.CancellationToken))
            {
                await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            }
            await Assert.ThrowsAsync<LlmHttpException>(() => new ChatCompletionsClient(http, new LlmEndpoint(refused.BaseUrl)).StreamAsync(new ChatCompletionRequest(_model, new[] { ChatMessage.User("x") }), TestContext.Current.CancellationToken));
            var spans = _activities.ToList();
            Assert.Equal(2, spans.Count);
            Assert.Contains(spans, s => (string?)s.GetTagItem("error.type") == "truncated" && s.Status == ActivityStatusCode.Error);
            Assert.Contains(spans, s => (string?)s.GetTagItem("error.type") == "401" && s.Status == ActivityStatusCode.Error);
            Assert.Equal(new[] { "401", "truncated" }, _measurements.Where(m => m.Name == "gen_ai.client.operation.duration").Select(m => (string)m.Tags["error.type"]!).OrderBy(x => x));
        }
    }
}
