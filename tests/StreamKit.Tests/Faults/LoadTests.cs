using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Tests.Support;
using Xunit;
using static StreamKit.Tests.Faults.FaultHarness;

namespace StreamKit.Tests.Faults
{
    /// <summary>Many streams at once against one loopback server: all complete correctly; stalled ones all cancel within a bound.</summary>
    public sealed class LoadTests
    {
        private const int Streams = 200;

        private static void Log(string line)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
            if (Environment.GetEnvironmentVariable("STREAMKIT_FAULT_REPORT") is { Length: > 0 } file)
                lock (typeof(FaultHarness)) System.IO.File.AppendAllText(file, line + "\n");
        }

        [Theory]
        [InlineData("chat")]
        [InlineData("responses")]
        public async Task Two_hundred_concurrent_streams_all_complete_with_the_right_text(string api)
        {
            string[] words = Enumerable.Range(0, 50).Select(i => "w" + i + " ").ToArray();
            string expected = string.Concat(words);
            string body = Whole(api, words);
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                foreach (string part in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    await FaultServer.WriteAsync(ctx, part + "\n\n", ct);
                    await Task.Delay(1, ct);
                }
            });
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var clock = Stopwatch.StartNew();
            var runs = await Task.WhenAll(Enumerable.Range(0, Streams).Select(_ => Task.Run(() =>
                RunAsync(api, server.BaseUrl, Options(o => o.Timeouts.Total = TimeSpan.FromSeconds(60)), TestContext.Current.CancellationToken, http))));
            var elapsed = clock.Elapsed;
            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            int failures = runs.Count(r => r.Outcome != StreamOutcome.Completed || r.PartialText != expected);
            Log(api + "\tload: " + Streams + " concurrent streams\t" + failures + " failures\t" + elapsed.TotalMilliseconds.ToString("0") + " ms\tpeak working set " + (peak >> 20) + " MiB");
            Assert.Equal(0, failures);
            Assert.Equal(Streams, server.Requests);
        }

        [Theory]
        [InlineData("chat")]
        [InlineData("responses")]
        public async Task Cancelling_two_hundred_stalled_streams_returns_within_a_bound(string api)
        {
            int started = 0;
            var allStarted = new TaskCompletionSource();
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "stalled"), ct);
                if (Interlocked.Increment(ref started) == Streams) allStarted.TrySetResult();
                await FaultServer.StallAsync(ct);
            });
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var options = Options(o => { o.Timeouts.Idle = TimeSpan.FromMinutes(5); o.Timeouts.Total = TimeSpan.FromMinutes(5); });
            var runs = Enumerable.Range(0, Streams).Select(_ => Task.Run(() => RunAsync(api, server.BaseUrl, options, cts.Token, http))).ToArray();
            await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);
            var clock = Stopwatch.StartNew();
            cts.Cancel();
            var results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var latency = clock.Elapsed;
            Log(api + "\tcancel " + Streams + " stalled streams\t" + results.Count(r => r.Outcome != StreamOutcome.Cancelled) + " not cancelled\t" + latency.TotalMilliseconds.ToString("0") + " ms to return");
            Assert.All(results, r => Assert.Equal((StreamOutcome.Cancelled, "stalled"), (r.Outcome, r.PartialText)));
            Assert.True(latency < TimeSpan.FromSeconds(10), "cancellation took " + latency);
        }
    }
}
