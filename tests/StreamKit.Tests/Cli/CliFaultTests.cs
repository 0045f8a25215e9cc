using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Cli;
using StreamKit.Cli.Commands;
using StreamKit.Tests.Faults;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Cli
{
    /// <summary>The CLI against a faulty live endpoint: every outcome printed (the --json envelope included), exit codes, signals, no key anywhere.</summary>
    public sealed class CliFaultTests
    {
        // Its own variable: CliTests sets STREAMKIT_TEST_KEY to another key, and test classes run in parallel.
        private const string KeyVariable = "STREAMKIT_FAULT_TEST_KEY";

        static CliFaultTests() => Environment.SetEnvironmentVariable(KeyVariable, FaultHarness.ApiKey);

        private static async Task<(int Exit, string Out, string Err)> Chat(Uri baseUrl, bool json, LlmClientOptions options, CancellationToken ct, string api = "chat")
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int exit = await ChatCommand.RunAsync(new ChatCommand.Options
            {
                BaseUrl = baseUrl.ToString(), Model = "m", ApiKeyEnv = KeyVariable, Prompt = "hi", Json = json, Api = api, Client = options,
            }, o, e, ct);
            Assert.DoesNotContain(FaultHarness.ApiKey, o.ToString());
            Assert.DoesNotContain(FaultHarness.ApiKey, e.ToString());
            return (exit, o.ToString(), e.ToString());
        }

        [Theory]
        [InlineData("chat")]
        [InlineData("responses")]
        public async Task An_http_error_prints_the_envelope_with_status_and_provider_message_and_no_key(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.StatusCode = 401;
                ctx.Response.ContentType = "application/json";
                // A gateway that echoes the key it was given: the key must not travel further.
                await FaultServer.WriteAsync(ctx, "{\"error\":{\"message\":\"Incorrect API key provided: " + FaultHarness.ApiKey + "\",\"code\":\"invalid_api_key\"}}", ct);
            });
            var (exit, stdout, _) = await Chat(server.BaseUrl, true, FaultHarness.Options(), TestContext.Current.CancellationToken, api);
            Assert.Equal(ExitCodes.HttpError, exit);
            var envelope = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal("http_error", envelope.GetProperty("outcome").GetString());
            Assert.Equal(401, envelope.GetProperty("error").GetProperty("status").GetInt32());
            Assert.Contains("[redacted]", envelope.GetProperty("error").GetProperty("provider_message").GetString());
            Assert.Equal(JsonValueKind.Null, envelope.GetProperty(api == "chat" ? "completion" : "response").ValueKind);

            var (textExit, _, stderr) = await Chat(server.BaseUrl, false, FaultHarness.Options(), TestContext.Current.CancellationToken, api);
            Assert.Equal(ExitCodes.HttpError, textExit);
            Assert.Contains("http_error", stderr);
        }

        [Fact]
        public async Task A_stalled_stream_prints_timed_out_naming_the_idle_timer_with_the_partial()
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, FaultHarness.Content("chat", 0, "partial"), ct);
                await FaultServer.StallAsync(ct);
            });
            var (exit, stdout, _) = await Chat(server.BaseUrl, true, FaultHarness.Options(), TestContext.Current.CancellationToken);
            Assert.Equal(ExitCodes.TimedOut, exit);
            var envelope = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal("idle", envelope.GetProperty("error").GetProperty("timer").GetString());
            Assert.Equal("partial", envelope.GetProperty("completion").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        [Fact]
        public async Task Cancelling_prints_the_cancelled_envelope_with_the_partial()
        {
            var sent = new TaskCompletionSource();
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, FaultHarness.Content("chat", 0, "so far"), ct);
                sent.TrySetResult();
                await FaultServer.StallAsync(ct);
            });
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            _ = sent.Task.ContinueWith(_ => cts.CancelAfter(300), TaskScheduler.Default);
            var (exit, stdout, _) = await Chat(server.BaseUrl, true, FaultHarness.Options(o => o.Timeouts.Idle = TimeSpan.FromSeconds(30)), cts.Token);
            Assert.Equal(ExitCodes.Cancelled, exit);
            var envelope = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal("cancelled", envelope.GetProperty("outcome").GetString());
            Assert.Equal("so far", envelope.GetProperty("completion").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        [Theory]
        [InlineData("reduce")]
        [InlineData("chat --base-url http://127.0.0.1:1/v1 --model m --idle-timeout -5 hi")]
        [InlineData("chat --base-url http://127.0.0.1:1/v1 --model m --max-retries -1 hi")]
        [InlineData("replay x.sse --timeout abc")]
        [InlineData("bogus")]
        public async Task Command_line_errors_exit_2(string commandLine)
        {
            string[] args = commandLine.Split(' ');
            var error = Console.Error;
            Console.SetError(TextWriter.Null);
            try
            {
                Assert.Equal(ExitCodes.Usage, await Program.RunAsync(args, TestContext.Current.CancellationToken));
            }
            finally
            {
                Console.SetError(error);
            }
        }

        [Fact]
        public async Task Sigterm_ends_the_process_with_the_cancelled_outcome_printed()
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("SIGTERM is a POSIX signal");
            var sent = new TaskCompletionSource();
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, FaultHarness.Content("chat", 0, "before sigterm"), ct);
                sent.TrySetResult();
                await FaultServer.StallAsync(ct);
            });
            // The CLI's own build output (artifacts/bin/StreamKit.Cli/{configuration}), which has its runtimeconfig.
            string cli = Path.Combine(AppContext.BaseDirectory.Replace(Path.DirectorySeparatorChar + "StreamKit.Tests" + Path.DirectorySeparatorChar,
                Path.DirectorySeparatorChar + "StreamKit.Cli" + Path.DirectorySeparatorChar), "StreamKit.Cli.dll");
            Assert.True(File.Exists(cli), "the CLI is not built at " + cli);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { cli, "chat", "--base-url", server.BaseUrl.ToString(), "--model", "m", "--api-key-env", KeyVariable, "--json", "--idle-timeout", "60", "hi" })
                start.ArgumentList.Add(a);
            start.Environment[KeyVariable] = FaultHarness.ApiKey;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            using (var kill = Process.Start("kill", "-TERM " + process.Id)) await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(bound.Token);
            string output = await stdout;
            Assert.True(process.ExitCode == ExitCodes.Cancelled, "exit " + process.ExitCode + "\n" + output + "\n" + await stderr);
            var envelope = JsonDocument.Parse(output).RootElement;
            Assert.Equal("cancelled", envelope.GetProperty("outcome").GetString());
            Assert.Equal("before sigterm", envelope.GetProperty("completion").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.DoesNotContain(FaultHarness.ApiKey, output);
        }
    }
}
