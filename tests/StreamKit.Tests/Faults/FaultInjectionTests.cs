using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using StreamKit.Tests.Support;
using Xunit;
using static StreamKit.Tests.Faults.FaultHarness;

namespace StreamKit.Tests.Faults
{
    /// <summary>
    /// Every fault a hostile or broken server can produce, for both APIs, against Kestrel on 127.0.0.1: each ends in
    /// its typed outcome within its bound, keeps the partial, and never shows the API key.
    /// </summary>
    public sealed class FaultInjectionTests
    {
        public static TheoryData<string> Apis => new TheoryData<string> { "chat", "responses" };

        private static CancellationToken Ct => TestContext.Current.CancellationToken;

        private static void Check(string api, string fault, FaultRun run, StreamOutcome expected, TimeSpan bound, string? partial = null)
        {
            Report(api, fault, run, bound);
            Assert.True(expected == run.Outcome, fault + ": expected " + expected + ", got " + run.Outcome + ": " + run.Diagnostics);
            Assert.True(run.Elapsed < bound, fault + " took " + run.Elapsed + ", bound " + bound);
            if (partial is not null) Assert.Equal(partial, run.PartialText);
            Assert.DoesNotContain(ApiKey, run.Diagnostics);
            if (run.Outcome != StreamOutcome.Completed) Assert.NotNull(run.Error);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Stall_after_three_chunks_times_out_idle_and_keeps_them(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "one ") + Content(api, 1, "two ") + Content(api, 2, "three"), ct);
                await FaultServer.StallAsync(ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "stall after 3 chunks", run, StreamOutcome.TimedOut, TimeSpan.FromSeconds(6), "one two three");
            Assert.Equal(StreamTimer.Idle, Assert.IsType<StreamTimeoutException>(run.Error).Timer);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Keep_alive_comments_forever_time_out_first_content(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api), ct);
                while (true)
                {
                    await FaultServer.WriteAsync(ctx, ": keep-alive\n\n", ct);
                    await Task.Delay(100, ct);
                }
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "keep-alive comments forever", run, StreamOutcome.TimedOut, TimeSpan.FromSeconds(8), "");
            Assert.Equal(StreamTimer.FirstContent, Assert.IsType<StreamTimeoutException>(run.Error).Timer);
            Assert.True(run.Statistics!.Comments > 5);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Total_timer_ends_a_stream_that_keeps_dripping(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api), ct);
                for (int i = 0; ; i++)
                {
                    await FaultServer.WriteAsync(ctx, Content(api, i, "x"), ct);
                    await Task.Delay(50, ct);
                }
            });
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Timeouts.Total = TimeSpan.FromSeconds(1.5)), Ct);
            Check(api, "endless drip, total 1.5 s", run, StreamOutcome.TimedOut, TimeSpan.FromSeconds(6));
            Assert.Equal(StreamTimer.Total, Assert.IsType<StreamTimeoutException>(run.Error).Timer);
            Assert.StartsWith("xxx", run.PartialText);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task No_response_headers_times_out_the_response_timer_on_every_attempt(string api)
        {
            await using var server = await FaultServer.StartAsync((_, _, ct) => FaultServer.StallAsync(ct));
            var run = await RunAsync(api, server.BaseUrl, Options(o => { o.Timeouts.Response = TimeSpan.FromSeconds(0.5); o.Retry.MaxRetries = 1; }), Ct);
            Check(api, "no response headers (2 attempts of 0.5 s)", run, StreamOutcome.TimedOut, TimeSpan.FromSeconds(6));
            Assert.Equal(StreamTimer.Response, Assert.IsType<StreamTimeoutException>(run.Error).Timer);
            Assert.Equal(2, server.Requests);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Slow_drip_one_byte_at_a_time_completes(string api)
        {
            string body = Whole(api, "slow ", "but ", "sure");
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                foreach (char c in body)
                {
                    await FaultServer.WriteAsync(ctx, c.ToString(), ct);
                    if (c == '\n') await Task.Delay(1, ct);
                }
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "slow drip, one byte per write", run, StreamOutcome.Completed, TimeSpan.FromSeconds(15), "slow but sure");
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Close_mid_event_on_a_chunked_body_is_truncated(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                string half = Content(api, 1, "lost");
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "kept") + half.Substring(0, half.Length / 2), ct);
                // Let the bytes reach the client before the reset (a reset discards what is still in flight).
                await Task.Delay(300, ct);
                ctx.Abort();
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "close mid-event (chunked)", run, StreamOutcome.Truncated, TimeSpan.FromSeconds(5), "kept");
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Close_mid_event_on_a_connection_close_body_is_truncated(string api)
        {
            string half = Content(api, 1, "lost");
            string body = Start(api) + Content(api, 0, "kept") + half.Substring(0, half.Length / 2);
            await using var server = await RawHttpServer.StartAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + body);
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "close mid-event (connection-close body)", run, StreamOutcome.Truncated, TimeSpan.FromSeconds(5), "kept");
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Close_after_partial_content_is_truncated_and_not_retried(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "partial "), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "clean close after partial content", run, StreamOutcome.Truncated, TimeSpan.FromSeconds(5), "partial ");
            Assert.Equal(1, server.Requests);
        }

        [Theory]
        [InlineData("chat", 429, "seconds")]
        [InlineData("responses", 429, "seconds")]
        [InlineData("chat", 503, "date")]
        [InlineData("responses", 503, "date")]
        [InlineData("chat", 429, "ms")]
        [InlineData("responses", 503, "ms")]
        public async Task Retryable_status_with_retry_after_is_retried_then_completes(string api, int status, string form)
        {
            await using var server = await FaultServer.StartAsync(async (n, ctx, ct) =>
            {
                if (n == 1)
                {
                    ctx.Response.StatusCode = status;
                    if (form == "seconds") ctx.Response.Headers["Retry-After"] = "1";
                    else if (form == "date") ctx.Response.Headers["Retry-After"] = DateTimeOffset.UtcNow.AddSeconds(2).ToString("r");
                    else ctx.Response.Headers["retry-after-ms"] = "300";
                    ctx.Response.ContentType = "application/json";
                    await FaultServer.WriteAsync(ctx, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}", ct);
                    return;
                }
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Whole(api, "after ", "retry"), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, status + " with Retry-After (" + form + ")", run, StreamOutcome.Completed, TimeSpan.FromSeconds(8), "after retry");
            Assert.Equal(2, run.Statistics!.Attempts);
            Assert.Equal(2, server.Requests);
            Assert.True(run.Statistics.RetryDelay >= TimeSpan.FromMilliseconds(form == "ms" ? 250 : 200), "waited " + run.Statistics.RetryDelay);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Retries_give_up_with_the_status_headers_and_provider_error(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.StatusCode = 429;
                ctx.Response.Headers["Retry-After"] = "0";
                ctx.Response.Headers["x-request-id"] = "req_123";
                ctx.Response.ContentType = "application/json";
                await FaultServer.WriteAsync(ctx, "{\"error\":{\"message\":\"quota\",\"code\":\"rate_limit_exceeded\"}}", ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Retry.MaxRetries = 2), Ct);
            Check(api, "429 forever (3 attempts)", run, StreamOutcome.HttpError, TimeSpan.FromSeconds(5));
            var http = Assert.IsType<LlmHttpException>(run.Error);
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, http.StatusCode);
            Assert.Equal(("req_123", "0"), (http.RequestId, http.RetryAfter));
            Assert.Equal("rate_limit_exceeded", http.Error!.Code);
            Assert.Equal(3, server.Requests);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Unauthorized_is_never_retried(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.StatusCode = 401;
                ctx.Response.ContentType = "application/json";
                await FaultServer.WriteAsync(ctx, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}", ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Retry.MaxRetries = 3), Ct);
            Check(api, "401", run, StreamOutcome.HttpError, TimeSpan.FromSeconds(5));
            Assert.Equal(1, server.Requests);
            Assert.Equal("invalid_api_key", Assert.IsType<LlmHttpException>(run.Error).Error!.Code);
            Assert.Equal("Bearer " + ApiKey, Assert.Single(server.Authorizations));
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Server_error_with_an_html_page_is_retried_then_reported_with_its_body(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.StatusCode = 500;
                ctx.Response.ContentType = "text/html";
                await FaultServer.WriteAsync(ctx, "<html><body>Internal Server Error</body></html>", ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Retry.MaxRetries = 1), Ct);
            Check(api, "500 HTML", run, StreamOutcome.HttpError, TimeSpan.FromSeconds(5));
            Assert.Contains("Internal Server Error", Assert.IsType<LlmHttpException>(run.Error).ResponseBody);
            Assert.Equal(2, server.Requests);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Ok_with_text_html_is_malformed_and_names_the_content_type(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "text/html; charset=utf-8";
                await FaultServer.WriteAsync(ctx, "<!DOCTYPE html><title>Captive portal</title>", ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "200 text/html", run, StreamOutcome.Malformed, TimeSpan.FromSeconds(5));
            Assert.Contains("text/html", run.Error!.Message);
            Assert.Contains("Captive portal", run.Error.Message);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Ok_with_a_json_error_body_is_a_provider_error_with_code_and_message(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/json";
                await FaultServer.WriteAsync(ctx, "{\"error\":{\"message\":\"Model overloaded\",\"code\":\"overloaded\",\"type\":\"server_error\"}}", ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "200 application/json error body", run, StreamOutcome.ProviderError, TimeSpan.FromSeconds(5));
            var error = Assert.IsType<ProviderStreamException>(run.Error);
            Assert.Equal(("overloaded", "Model overloaded"), (error.Error.Code, error.Error.Message));
            Assert.Null(error.EventIndex);
        }

        [Theory]
        [InlineData("chat", "gzip")]
        [InlineData("responses", "gzip")]
        [InlineData("chat", "deflate")]
        [InlineData("chat", "br")]
        [InlineData("responses", "br")]
        public async Task Compressed_bodies_are_decoded(string api, string encoding)
        {
            byte[] plain = Encoding.UTF8.GetBytes(Whole(api, "compressed ", "text"));
            var packed = new MemoryStream();
            using (Stream z = encoding switch
            {
                "gzip" => new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true),
                "deflate" => new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true),
                _ => new BrotliStream(packed, CompressionLevel.Fastest, leaveOpen: true),
            })
            {
                z.Write(plain);
            }
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                ctx.Response.Headers.ContentEncoding = encoding;
                await FaultServer.BeginSseAsync(ctx);
                await ctx.Response.Body.WriteAsync(packed.ToArray(), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, encoding + " body", run, StreamOutcome.Completed, TimeSpan.FromSeconds(5), "compressed text");
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Invalid_utf8_in_a_payload_is_malformed_with_its_event_and_path(string api)
        {
            byte[] bad = Encoding.UTF8.GetBytes(Content(api, 1, "BAD"));
            int at = Array.IndexOf(bad, (byte)'B');
            bad[at] = 0xC3;
            bad[at + 1] = 0x28;
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "fine"), ct);
                await ctx.Response.Body.WriteAsync(bad, ct);
                await FaultServer.WriteAsync(ctx, End(api), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "invalid UTF-8 in a delta", run, StreamOutcome.Malformed, TimeSpan.FromSeconds(5), "fine");
            var malformed = Assert.IsType<MalformedStreamException>(run.Error);
            Assert.NotNull(malformed.EventIndex);
            Assert.NotNull(malformed.JsonPath);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Nesting_bomb_exceeds_the_json_depth_limit(string api)
        {
            string bomb = "data: {\"type\":\"x\",\"deep\":" + new string('[', 100_000) + new string(']', 100_000) + "}\n\n";
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "before") + bomb + End(api), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "nesting bomb (100,000 levels)", run, StreamOutcome.LimitExceeded, TimeSpan.FromSeconds(5), "before");
            Assert.Equal(StreamLimit.JsonDepth, Assert.IsType<StreamLimitExceededException>(run.Error).Limit);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task A_100_MB_single_event_stops_at_the_event_limit_with_bounded_memory(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "before") + "data: {\"x\":\"", ct);
                var block = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
                for (int i = 0; i < 100; i++) await ctx.Response.Body.WriteAsync(block, ct);
                await FaultServer.WriteAsync(ctx, "\"}\n\n" + End(api), ct);
            });
            long before = GC.GetTotalMemory(true);
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Limits.MaxLineBytes = 4 << 20), Ct);
            long grown = GC.GetTotalMemory(false) - before;
            Check(api, "100 MB single event (line cap 4 MiB)", run, StreamOutcome.LimitExceeded, TimeSpan.FromSeconds(10), "before");
            Assert.Equal(StreamLimit.LineBytes, Assert.IsType<StreamLimitExceededException>(run.Error).Limit);
            Assert.True(grown < 64L << 20, "grew " + grown + " bytes");
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task One_event_of_150_data_lines_of_1_MiB_stops_at_the_event_limit(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "before"), ct);
                var line = Encoding.ASCII.GetBytes("data: " + new string('b', 1 << 20) + "\n");
                for (int i = 0; i < 150; i++) await ctx.Response.Body.WriteAsync(line, ct);
                await FaultServer.WriteAsync(ctx, "\n" + End(api), ct);
            });
            long before = GC.GetTotalMemory(true);
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            long grown = GC.GetTotalMemory(false) - before;
            Check(api, "150 data lines of 1 MiB in one event", run, StreamOutcome.LimitExceeded, TimeSpan.FromSeconds(10), "before");
            Assert.Equal(StreamLimit.EventBytes, Assert.IsType<StreamLimitExceededException>(run.Error).Limit);
            Assert.True(grown < 96L << 20, "grew " + grown + " bytes");
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task An_endless_stream_stops_at_the_stream_byte_limit(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api), ct);
                var comment = Encoding.ASCII.GetBytes(": " + new string('c', 8190) + "\n");
                await FaultServer.WriteAsync(ctx, Content(api, 0, "x"), ct);
                while (true) await ctx.Response.Body.WriteAsync(comment, ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Limits.MaxStreamBytes = 8 << 20), Ct);
            Check(api, "endless comments (stream cap 8 MiB)", run, StreamOutcome.LimitExceeded, TimeSpan.FromSeconds(10), "x");
            Assert.Equal(StreamLimit.StreamBytes, Assert.IsType<StreamLimitExceededException>(run.Error).Limit);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Text_beyond_the_text_limit_stops_the_stream(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api), ct);
                for (int i = 0; i < 100; i++) await FaultServer.WriteAsync(ctx, Content(api, i, new string('t', 1000)), ct);
                await FaultServer.WriteAsync(ctx, End(api), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Limits.MaxTextChars = 10_000), Ct);
            Check(api, "100,000 chars of text (cap 10,000)", run, StreamOutcome.LimitExceeded, TimeSpan.FromSeconds(5));
            Assert.Equal(StreamLimit.TextChars, Assert.IsType<StreamLimitExceededException>(run.Error).Limit);
            Assert.InRange(run.PartialText.Length, 10_000, 11_000);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Data_after_done_is_counted_not_applied(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Whole(api, "done") + (api == "responses" ? "data: [DONE]\n\n" : "") + Content(api, 9, " late") + Content(api, 10, " later"), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "data after [DONE]", run, StreamOutcome.Completed, TimeSpan.FromSeconds(5), "done");
            Assert.Equal(2, run.Statistics!.EventsAfterDone);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Duplicate_keys_are_counted_and_the_last_wins(string api)
        {
            string dup = api == "chat"
                ? "data: {\"id\":\"c1\",\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\",\"content\":\"last\",\"x\":1,\"x\":2}}]}\n\n"
                : "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"output_index\":0,\"content_index\":0,\"delta\":\"first\",\"delta\":\"last\"}\n\n";
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + dup + End(api), ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "duplicate JSON keys", run, StreamOutcome.Completed, TimeSpan.FromSeconds(5), "last");
            Assert.Equal(api == "chat" ? 3 : 1, run.Statistics!.DuplicateKeys);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Repeated_members_other_code_parses_on_the_thread_are_not_the_streams(bool typed)
        {
            const string repeated = "{\"id\":\"a\",\"id\":\"b\"}";
            string sse = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"y\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
            // Before the stream and in its callback, a generated Parse counts a repeated member on this thread.
            StreamKit.Chat.ChatCompletionChunk.Parse(repeated);
            await using var stream = StreamKit.Chat.ChatCompletionStream.FromStream(new MemoryStream(Encoding.UTF8.GetBytes(sse)));
            var result = typed ? await stream.ReduceAsync(_ => StreamKit.Chat.ChatCompletionChunk.Parse(repeated), Ct) : await stream.ReduceAsync(cancellationToken: Ct);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            Assert.Equal(0, result.Statistics.DuplicateKeys);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Error_event_mid_stream_is_a_provider_error_that_keeps_the_partial(string api)
        {
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "half an answer")
                    + "event: error\ndata: {\"error\":{\"message\":\"upstream died\",\"type\":\"server_error\",\"code\":\"502\"}}\n\n", ct);
            });
            var run = await RunAsync(api, server.BaseUrl, Options(), Ct);
            Check(api, "event: error mid-stream", run, StreamOutcome.ProviderError, TimeSpan.FromSeconds(5), "half an answer");
            Assert.Equal("upstream died", Assert.IsType<ProviderStreamException>(run.Error).Error.Message);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Connection_refused_is_an_http_error_without_a_status(string api)
        {
            int port;
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            await using var dead = RawHttpServer.Unreachable(port);
            var run = await RunAsync(api, dead.BaseUrl, Options(o => o.Retry.MaxRetries = 1), Ct);
            Check(api, "connection refused (2 attempts)", run, StreamOutcome.HttpError, TimeSpan.FromSeconds(5));
            Assert.Null(Assert.IsType<LlmHttpException>(run.Error).StatusCode);
        }

        [Theory, MemberData(nameof(Apis))]
        public async Task Cancelling_mid_stream_returns_the_cancelled_outcome_with_the_partial(string api)
        {
            var started = new TaskCompletionSource();
            await using var server = await FaultServer.StartAsync(async (_, ctx, ct) =>
            {
                await FaultServer.BeginSseAsync(ctx);
                await FaultServer.WriteAsync(ctx, Start(api) + Content(api, 0, "so far"), ct);
                started.TrySetResult();
                await FaultServer.StallAsync(ct);
            });
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            _ = started.Task.ContinueWith(_ => cts.CancelAfter(200), TaskScheduler.Default);
            var run = await RunAsync(api, server.BaseUrl, Options(o => o.Timeouts.Idle = TimeSpan.FromSeconds(30)), cts.Token);
            Check(api, "cancelled mid-stream", run, StreamOutcome.Cancelled, TimeSpan.FromSeconds(5), "so far");
        }
    }
}
