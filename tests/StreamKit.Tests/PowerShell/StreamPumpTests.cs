using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.PowerShell;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>The pipeline-thread pump: waits in bounded steps, hands items over one by one, ends with the outcome, and cancels promptly.</summary>
    public sealed class StreamPumpTests
    {
        private static async Task<LlmStream> Open(LlmReplayServer server, LlmClientOptions? options = null)
        {
            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var invocation = new LlmInvocation { BaseUri = server.BaseUri, Model = "m", ApiKey = "", Prompt = "x", Environment = _ => null, Options = options ?? new LlmClientOptions() };
            return await invocation.OpenAsync(http, TestContext.Current.CancellationToken);
        }

        [Fact]
        public async Task It_reports_waiting_between_slow_events_then_every_item_then_the_end()
        {
            using var server = LlmReplayServer.Start(new[] { TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse") }, delayMs: 150);
            using var pump = new StreamPump(await Open(server), TestContext.Current.CancellationToken);
            var steps = new List<PumpStep>();
            var items = new List<object>();
            for (int guard = 0; guard < 1000; guard++)
            {
                var step = pump.Next(TimeSpan.FromMilliseconds(20));
                steps.Add(step);
                if (step == PumpStep.Item) items.Add(pump.Current!);
                if (step == PumpStep.End) break;
            }
            Assert.Equal(PumpStep.End, steps[^1]);
            Assert.Contains(PumpStep.Waiting, steps);
            Assert.Equal(pump.Stream.Statistics.Items, items.Count);
            Assert.Equal(StreamOutcome.Completed, pump.Stream.Result!.Outcome);
        }

        [Fact]
        public async Task Without_items_it_waits_then_ends_having_read_the_stream_by_its_reduce_only_path()
        {
            using var server = LlmReplayServer.Start(new[] { TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse") }, delayMs: 100);
            using var pump = new StreamPump(await Open(server), TestContext.Current.CancellationToken, items: false);
            var steps = new List<PumpStep>();
            for (int guard = 0; guard < 1000; guard++)
            {
                var step = pump.Next(TimeSpan.FromMilliseconds(20));
                steps.Add(step);
                if (step == PumpStep.End) break;
            }
            Assert.Equal(PumpStep.End, steps[^1]);
            Assert.Contains(PumpStep.Waiting, steps);
            Assert.DoesNotContain(PumpStep.Item, steps);
            var stream = Assert.IsType<StreamKit.Chat.ChatCompletionStream>(pump.Stream);
            Assert.True(stream.FoldedEvents > 0);
            Assert.Equal(StreamOutcome.Completed, stream.Result!.Outcome);
            Assert.False(string.IsNullOrEmpty(LlmResult.From(stream.Result!).Content));
        }

        [Fact]
        public async Task Cancelling_mid_stream_ends_promptly_with_the_cancelled_outcome_and_the_partial()
        {
            using var server = LlmReplayServer.Start(new[] { TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse") }, delayMs: 2000);
            using var cts = new CancellationTokenSource();
            using var pump = new StreamPump(await Open(server), cts.Token);
            PumpStep step;
            do step = pump.Next(TimeSpan.FromSeconds(10));
            while (step == PumpStep.Waiting);
            Assert.Equal(PumpStep.Item, step);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            cts.Cancel();
            for (int guard = 0; guard < 100 && (step = pump.Next(TimeSpan.FromMilliseconds(100))) != PumpStep.End; guard++) { }
            Assert.Equal(PumpStep.End, step);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
            var result = pump.Stream.Result!;
            Assert.Equal(StreamOutcome.Cancelled, result.Outcome);
            Assert.Equal("One", LlmResult.From(result).Content?.Trim());
        }

        [Fact]
        public async Task Malformed_events_are_skipped_and_handed_over_once_when_asked_to()
        {
            using var server = LlmReplayServer.Start(new[] { TestPaths.Fixture("chat/malformed-json-third-event.sse") });
            var options = new LlmClientOptions { MalformedEvents = MalformedEventHandling.Skip };
            using var pump = new StreamPump(await Open(server, options), TestContext.Current.CancellationToken);
            var skipped = new List<MalformedStreamException>();
            int items = 0;
            PumpStep step;
            while ((step = pump.Next(TimeSpan.FromSeconds(10))) != PumpStep.End)
            {
                if (step == PumpStep.Item) items++;
                skipped.AddRange(pump.TakeSkipped());
            }
            skipped.AddRange(pump.TakeSkipped());
            var bad = Assert.Single(skipped);
            Assert.Equal(2, bad.EventIndex);
            Assert.Equal(1, pump.Stream.Statistics.SkippedEvents);
            Assert.True(items >= 2);
            Assert.Empty(pump.TakeSkipped());
        }
    }
}
