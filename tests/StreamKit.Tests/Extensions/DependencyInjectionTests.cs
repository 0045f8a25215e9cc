using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamKit.Chat;
using StreamKit.Extensions.DependencyInjection;
using StreamKit.Replay;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Extensions
{
    /// <summary>AddStreamKit: typed clients over the named HttpClient, options bound from configuration, logging without the key.</summary>
    public sealed class DependencyInjectionTests
    {
        private const string Key = "sk-test-di-0123456789abcdef";

        private sealed class Capture : ILoggerProvider
        {
            public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

            public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

            public void Dispose()
            {
            }

            private sealed class Logger : ILogger
            {
                private readonly Capture _owner;
                private readonly string _category;

                public Logger(Capture owner, string category) => (_owner, _category) = (owner, category);

                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

                public bool IsEnabled(LogLevel logLevel) => true;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                    _owner.Lines.Enqueue((_category, logLevel, formatter(state, exception)));
            }
        }

        private sealed class CountingHandler : DelegatingHandler
        {
            public int Count;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref Count);
                return base.SendAsync(request, cancellationToken);
            }
        }

        [Fact]
        public async Task Clients_come_from_the_container_with_bound_options_the_named_client_and_logs_without_the_key()
        {
            using var server = SseReplayServer.Start(new[] { TestPaths.FixtureBytes("chat/cumulative-usage-every-chunk.sse"), TestPaths.FixtureBytes("responses/tool-inputs-accumulate.sse") }, null);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["StreamKit:BaseUrl"] = server.BaseUrl.ToString(),
                ["StreamKit:ApiKey"] = Key,
                ["StreamKit:Headers:X-Title"] = "di-test",
                ["StreamKit:Timeouts:Idle"] = "00:00:07",
                ["StreamKit:Retry:MaxRetries"] = "4",
                ["StreamKit:Limits:MaxTextChars"] = "12345",
            }).Build();
            var capture = new Capture();
            var counting = new CountingHandler();
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
            services.AddStreamKit(configuration.GetSection("StreamKit")).AddHttpMessageHandler(() => counting);
            using var provider = services.BuildServiceProvider();

            var chat = provider.GetRequiredService<ChatCompletionsClient>();
            Assert.Equal(TimeSpan.FromSeconds(7), chat.Options.Timeouts.Idle);
            Assert.Equal(4, chat.Options.Retry.MaxRetries);
            Assert.Equal(12345, chat.Options.Limits.MaxTextChars);
            using (var stream = await chat.StreamAsync(new ChatCompletionRequest("m", new[] { ChatMessage.User("hi") }), TestContext.Current.CancellationToken))
            {
                Assert.True((await stream.ReduceAsync(null, TestContext.Current.CancellationToken)).IsSuccess);
            }
            var responses = provider.GetRequiredService<ResponsesClient>();
            using (var stream = await responses.StreamAsync(new ResponseRequest("m", "hi"), TestContext.Current.CancellationToken))
            {
                Assert.True((await stream.ReduceAsync(null, TestContext.Current.CancellationToken)).IsSuccess);
            }
            Assert.Equal(2, counting.Count);
            var sent = server.Requests.ToList();
            Assert.All(sent, r => Assert.Equal("di-test", r.Headers["X-Title"]));
            Assert.All(sent, r => Assert.Equal("Bearer " + Key, r.Headers["Authorization"]));

            var lines = capture.Lines.ToList();
            Assert.Contains(lines, l => l.Category == typeof(ChatCompletionsClient).FullName && l.Level == LogLevel.Debug && l.Message.Contains("Sending chat request"));
            Assert.Contains(lines, l => l.Category == typeof(ChatCompletionsClient).FullName && l.Level == LogLevel.Information && l.Message.Contains("chat stream completed"));
            Assert.Contains(lines, l => l.Category == typeof(ResponsesClient).FullName && l.Message.Contains("responses stream completed"));
            Assert.DoesNotContain(lines, l => l.Message.Contains(Key));
            Assert.DoesNotContain(lines, l => l.Message.Contains("One two three"));
        }

        [Fact]
        public async Task Retries_and_failures_are_logged_as_warnings_and_errors()
        {
            using var server = SseReplayServer.Start(System.Text.Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"busy\"}}"), new SseReplayOptions { StatusCode = 503, ContentType = "application/json" });
            var capture = new Capture();
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
            services.AddStreamKit(o =>
            {
                o.BaseUrl = server.BaseUrl;
                o.ApiKey = Key;
                o.Retry.MaxRetries = 1;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            });
            using var provider = services.BuildServiceProvider();
            var chat = provider.GetRequiredService<ChatCompletionsClient>();
            await Assert.ThrowsAsync<LlmHttpException>(() => chat.StreamAsync(new ChatCompletionRequest("m", new[] { ChatMessage.User("x") }), TestContext.Current.CancellationToken));
            var lines = capture.Lines.ToList();
            Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Message.Contains("failed with 503; retrying"));
            Assert.Contains(lines, l => l.Level == LogLevel.Error && l.Message.Contains("http_error"));
            Assert.DoesNotContain(lines, l => l.Message.Contains(Key));
        }

        [Fact]
        public void A_missing_base_url_is_a_clear_error()
        {
            var services = new ServiceCollection();
            services.AddStreamKit(_ => { });
            using var provider = services.BuildServiceProvider();
            var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ChatCompletionsClient>());
            Assert.Contains("BaseUrl", ex.Message);
        }
    }
}
