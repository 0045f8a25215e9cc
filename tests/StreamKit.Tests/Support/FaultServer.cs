using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StreamKit.Tests.Support
{
    /// <summary>
    /// A scripted hostile server: Kestrel on 127.0.0.1 on a free port, answering every request with the test's script.
    /// The script gets the request number (1-based) and the context; <see cref="Stopping"/> ends scripts that stall.
    /// </summary>
    public sealed class FaultServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _requests;

        private FaultServer(WebApplication app, Uri baseUrl)
        {
            _app = app;
            BaseUrl = baseUrl;
        }

        /// <summary>The API root, such as <c>http://127.0.0.1:41234/v1</c>.</summary>
        public Uri BaseUrl { get; }

        /// <summary>Requests received so far.</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>The Authorization headers received (to prove what was sent, and that nothing echoes the key).</summary>
        public ConcurrentQueue<string> Authorizations { get; } = new ConcurrentQueue<string>();

        /// <summary>Cancelled when the server is disposed: stalling scripts wait on it.</summary>
        public CancellationToken Stopping => _stopping.Token;

        public static async Task<FaultServer> StartAsync(Func<int, HttpContext, CancellationToken, Task> script)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AllowSynchronousIO = false);
            var app = builder.Build();
            FaultServer? server = null;
            app.Run(async context =>
            {
                int n = Interlocked.Increment(ref server!._requests);
                server.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(server.Stopping, context.RequestAborted);
                try
                {
                    await script(n, context, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    context.Abort();
                }
                catch (System.IO.IOException)
                {
                    context.Abort();
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server = new FaultServer(app, new Uri(address.TrimEnd('/') + "/v1"));
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            _stopping.Cancel();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
            await _app.DisposeAsync();
            _stopping.Dispose();
        }

        /// <summary>Starts an event stream: status 200, <c>text/event-stream</c>, headers flushed.</summary>
        public static async Task BeginSseAsync(HttpContext context, string contentType = "text/event-stream")
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = contentType;
            await context.Response.Body.FlushAsync();
        }

        /// <summary>Writes text and flushes it.</summary>
        public static async Task WriteAsync(HttpContext context, string text, CancellationToken ct)
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
            await context.Response.Body.FlushAsync(ct);
        }

        /// <summary>Waits until the server stops (a stall).</summary>
        public static Task StallAsync(CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);
    }
}
