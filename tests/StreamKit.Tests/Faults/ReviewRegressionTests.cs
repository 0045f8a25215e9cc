using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Http;
using Xunit;

namespace StreamKit.Tests.Faults
{
    /// <summary>Defects a review of the engine, transport and partial JSON found; each stays fixed.</summary>
    public sealed class ReviewRegressionTests
    {
        [Fact]
        public async Task The_idle_timer_does_not_count_the_callers_own_time_between_reads()
        {
            var body = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n" +
                       "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\n\n" +
                       "data: [DONE]\n\n";
            var options = new LlmClientOptions();
            options.Timeouts.Idle = TimeSpan.FromMilliseconds(300);
            // One event per read, and a slow consumer: 3 x 600 ms between reads, twice the idle limit each time.
            using var stream = ChatCompletionStream.FromStream(new Support.Streams.TrickleStream(Encoding.UTF8.GetBytes(body), () => 150), options: options);
            await foreach (var _ in stream.WithCancellation(TestContext.Current.CancellationToken)) await Task.Delay(600, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, stream.Result!.Outcome);
            Assert.Equal("ab", stream.Result.Value.Choices![0].Message!.Content);
        }

        [Theory]
        [InlineData("retry-after-ms", "1e309")]
        [InlineData("retry-after-ms", "99999999999999999999")]
        public void A_huge_retry_after_is_a_long_wait_not_an_overflow(string header, string value)
        {
            using var response = new HttpResponseMessage((HttpStatusCode)429);
            response.Headers.TryAddWithoutValidation(header, value);
            Assert.Equal(TimeSpan.MaxValue, RetryAfter.From(response, DateTimeOffset.UtcNow));
        }

        [Fact]
        public void A_retry_after_date_in_the_past_asks_for_nothing()
        {
            using var response = new HttpResponseMessage((HttpStatusCode)503);
            response.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddMinutes(-5).ToString("r"));
            Assert.Null(RetryAfter.From(response, DateTimeOffset.UtcNow));
        }

        [Fact]
        public void Partial_json_stops_at_its_depth_limit_instead_of_overflowing_the_stack()
        {
            string deep = new string('[', 200_000);
            var node = PartialJson.Parse(deep);
            Assert.NotNull(node);
            Assert.False(PartialJson.IsComplete(deep));
        }

        [Fact]
        public void Partial_json_keeps_numbers_exactly_as_written()
        {
            Assert.Equal("{\"big\":12345678901234567890,\"inf\":1e999}", PartialJson.Parse("{\"big\":12345678901234567890,\"inf\":1e999,")!.ToJsonString());
            Assert.True(PartialJson.IsComplete("42"));
        }
    }
}
