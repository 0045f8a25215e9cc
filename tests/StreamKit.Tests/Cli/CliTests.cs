using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using StreamKit.Cli;
using StreamKit.Cli.Commands;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Cli
{
    /// <summary>The CLI's exit codes, output shapes and the replay path, on the project's own fixtures.</summary>
    public class CliTests
    {
        private static async Task<(int Exit, string Out, string Err)> Reduce(string fixture, bool json, string? api = null)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int exit = await ReduceCommand.RunAsync(TestPaths.Fixture("chat/" + fixture), api, json, o, e, TestContext.Current.CancellationToken);
            return (exit, o.ToString(), e.ToString());
        }

        [Theory]
        [InlineData("parallel-tool-calls-interleaved.sse", 0, "completed")]
        [InlineData("truncated-mid-answer.sse", 3, "truncated")]
        [InlineData("error-event-plain-text.sse", 4, "provider_error")]
        [InlineData("malformed-json-third-event.sse", 5, "malformed")]
        public async Task Each_outcome_has_its_exit_code_and_json_names_it_with_the_partial_completion(string fixture, int exitCode, string outcome)
        {
            var (exit, stdout, _) = await Reduce(fixture, json: true);
            Assert.Equal(exitCode, exit);
            var envelope = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(outcome, envelope.GetProperty("outcome").GetString());
            Assert.Equal(exitCode, envelope.GetProperty("exit_code").GetInt32());
            Assert.Equal("chat.completion", envelope.GetProperty("completion").GetProperty("object").GetString());
            Assert.Equal(JsonValueKind.Array, envelope.GetProperty("completion").GetProperty("choices").ValueKind);
            Assert.Equal(exitCode == 0 ? JsonValueKind.Null : JsonValueKind.Object, envelope.GetProperty("error").ValueKind);
        }

        [Fact]
        public async Task Without_json_it_prints_the_completion_and_reports_failures_on_stderr()
        {
            var (exit, stdout, stderr) = await Reduce("malformed-json-third-event.sse", json: false);
            Assert.Equal(ExitCodes.Malformed, exit);
            Assert.Equal("Partial text", JsonDocument.Parse(stdout).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.Contains("malformed", stderr);
            Assert.Contains("event 2", stderr);
        }

        [Fact]
        public async Task The_API_is_detected_from_the_stream_and_can_be_forced()
        {
            Assert.Equal(StreamApi.Chat, ApiDetector.Detect(TestPaths.FixtureBytes("chat/cr-only-line-endings.sse")));
            Assert.Equal(StreamApi.Responses, ApiDetector.Detect(TestPaths.FixtureBytes("responses/no-event-lines-done.sse")));
            Assert.Equal(StreamApi.Responses, ApiDetector.Detect(TestPaths.FixtureBytes("responses/duplicate-and-gap.sse")));

            var o = new StringWriter();
            int exit = await ReduceCommand.RunAsync(TestPaths.Fixture("responses/truncated-no-terminal.sse"), null, true, o, new StringWriter(), TestContext.Current.CancellationToken);
            Assert.Equal(ExitCodes.Truncated, exit);
            var envelope = JsonDocument.Parse(o.ToString()).RootElement;
            Assert.Equal("truncated", envelope.GetProperty("outcome").GetString());
            Assert.Equal("cut off", envelope.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());

            // Forcing --api chat reads the events leniently as chunks (they are JSON objects); none finishes a choice,
            // so as a chat stream it is truncated.
            var forcedOut = new StringWriter();
            int forced = await ReduceCommand.RunAsync(TestPaths.Fixture("responses/truncated-no-terminal.sse"), "chat", true, forcedOut, new StringWriter(), TestContext.Current.CancellationToken);
            Assert.Equal(ExitCodes.Truncated, forced);
            Assert.True(JsonDocument.Parse(forcedOut.ToString()).RootElement.TryGetProperty("completion", out _));
        }

        [Fact]
        public async Task A_missing_file_or_bad_api_is_a_usage_error()
        {
            var (exit, _, err) = await Reduce("no-such-file.sse", json: false);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("no such file", err);
            var (exit2, _, err2) = await Reduce("cr-only-line-endings.sse", json: false, api: "grpc");
            Assert.Equal(ExitCodes.Usage, exit2);
            Assert.Contains("--api", err2);
        }

        [Fact]
        public async Task Replay_streams_deltas_through_HTTP_then_prints_the_final_message_and_timings()
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int exit = await ReplayCommand.RunAsync(TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse"), null, false, 0, 0, new LlmClientOptions(), o, e, TestContext.Current.CancellationToken);
            string text = o.ToString();
            Assert.Equal(0, exit);
            Assert.StartsWith("One two three", text);
            Assert.Contains("--- choice 0 (finish_reason: stop) ---", text);
            Assert.Contains("usage: prompt 5, completion 3, total 8", text);
            Assert.Contains("time to first delta:", text);
            Assert.Contains("127.0.0.1", e.ToString());
        }

        [Fact]
        public async Task Replay_json_reports_the_outcome_of_a_provider_error()
        {
            var o = new StringWriter();
            int exit = await ReplayCommand.RunAsync(TestPaths.Fixture("chat/error-event-plain-text.sse"), "chat", true, 0, 3, new LlmClientOptions(), o, new StringWriter(), TestContext.Current.CancellationToken);
            Assert.Equal(ExitCodes.ProviderError, exit);
            Assert.Equal("provider_error", JsonDocument.Parse(o.ToString()).RootElement.GetProperty("outcome").GetString());
        }

        [Fact]
        public async Task Replay_of_a_responses_stream_prints_items_status_and_timings()
        {
            var o = new StringWriter();
            int exit = await ReplayCommand.RunAsync(TestPaths.Fixture("responses/tool-inputs-accumulate.sse"), null, false, 0, 0, new LlmClientOptions(), o, new StringWriter(), TestContext.Current.CancellationToken);
            string text = o.ToString();
            Assert.Equal(0, exit);
            Assert.Contains("[reasoning] Plan: call tools.", text);
            Assert.Contains("--- output[1] custom_tool_call ---", text);
            Assert.Contains("outcome: completed", text);
        }

        [Fact]
        public async Task Chat_rejects_a_bad_base_url_and_bad_extra_body()
        {
            var e = new StringWriter();
            Assert.Equal(ExitCodes.Usage, await ChatCommand.RunAsync(new ChatCommand.Options { BaseUrl = "not a url", Model = "m", Prompt = "p" }, new StringWriter(), e, TestContext.Current.CancellationToken));
            Assert.Equal(ExitCodes.Usage, await ChatCommand.RunAsync(new ChatCommand.Options { BaseUrl = "http://127.0.0.1:9/v1", Model = "m", Prompt = "p", ExtraBody = "[1]" }, new StringWriter(), e, TestContext.Current.CancellationToken));
            Assert.Contains("--extra-body", e.ToString());
        }

        [Fact]
        public async Task Chat_streams_from_an_endpoint_with_the_key_from_the_named_variable()
        {
            using var server = StreamKit.Replay.SseReplayServer.Start(TestPaths.FixtureBytes("chat/parallel-tool-calls-interleaved.sse"));
            System.Environment.SetEnvironmentVariable("STREAMKIT_TEST_KEY", "sk-from-env");
            var o = new StringWriter();
            int exit = await ChatCommand.RunAsync(new ChatCommand.Options
            {
                BaseUrl = server.BaseUrl.ToString(),
                Model = "m",
                Prompt = "weather?",
                ApiKeyEnv = "STREAMKIT_TEST_KEY",
                ExtraBody = "{\"tools\":[]}",
                Headers = new[] { "X-Gateway: blue" },
                Json = true,
            }, o, new StringWriter(), TestContext.Current.CancellationToken);
            Assert.Equal(0, exit);
            var sent = Assert.Single(server.Requests);
            Assert.Equal("Bearer sk-from-env", sent.Headers["Authorization"]);
            Assert.Equal("blue", sent.Headers["X-Gateway"]);
            Assert.Equal("[]", JsonDocument.Parse(sent.Body).RootElement.GetProperty("tools").GetRawText());
            Assert.Equal("completed", JsonDocument.Parse(o.ToString()).RootElement.GetProperty("outcome").GetString());
        }
    }
}
