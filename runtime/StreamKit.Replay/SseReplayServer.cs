using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.Replay
{
    /// <summary>
    /// Serves recorded SSE bodies over real HTTP on 127.0.0.1, so the whole client path (HTTP, SSE framing,
    /// parsing, reduction) runs without an account or a network. Answers every path and method: with one body, always
    /// that one; with several, by request order (the n-th request gets the n-th body; later ones the last, or the
    /// bodies again in turn with <see cref="SseReplayOptions.Cycle"/>) unless a selector picks the body per request.
    /// </summary>
    public sealed class SseReplayServer : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly IReadOnlyList<byte[]> _bodies;
        private readonly Func<RecordedRequest, int, int>? _select;
        private readonly SseReplayOptions _options;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<RecordedRequest> _requests = new ConcurrentQueue<RecordedRequest>();
        private readonly Task _loop;
        private int _served;

        private SseReplayServer(HttpListener listener, int port, IReadOnlyList<byte[]> bodies, Func<RecordedRequest, int, int>? select, SseReplayOptions options)
        {
            _listener = listener;
            _bodies = bodies;
            _select = select;
            _options = options;
            BaseUrl = new Uri("http://127.0.0.1:" + port + "/v1");
            _loop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>The API root to give a client, such as <c>http://127.0.0.1:41234/v1</c>.</summary>
        public Uri BaseUrl { get; }

        /// <summary>The requests received so far, in order.</summary>
        public IReadOnlyCollection<RecordedRequest> Requests => _requests.ToArray();

        /// <summary>Starts a server on a free loopback port.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
        /// <exception cref="HttpListenerException">No loopback port could be bound.</exception>
        public static SseReplayServer Start(byte[] body, SseReplayOptions? options = null) =>
            Start(new[] { body ?? throw new ArgumentNullException(nameof(body)) }, null, options);

        /// <summary>
        /// Starts a server on a free loopback port serving several bodies. <paramref name="select"/> gets each request and
        /// its 0-based ordinal and returns the index of the body to serve (out of range: 404); null serves by request order.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="bodies"/> is null, empty or holds a null body.</exception>
        /// <exception cref="HttpListenerException">No loopback port could be bound.</exception>
        public static SseReplayServer Start(IReadOnlyList<byte[]> bodies, Func<RecordedRequest, int, int>? select, SseReplayOptions? options = null)
        {
            if (bodies is null || bodies.Count == 0) throw new ArgumentException("At least one body is required.", nameof(bodies));
            foreach (var b in bodies) if (b is null) throw new ArgumentException("A body is null.", nameof(bodies));
            HttpListenerException? last = null;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                int port = FreePort();
                var listener = new HttpListener();
                listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
                try
                {
                    listener.Start();
                    return new SseReplayServer(listener, port, bodies, select, options ?? new SseReplayOptions());
                }
                catch (HttpListenerException ex)
                {
                    last = ex;
                    listener.Close();
                }
            }
            throw last!;
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(context));
            }
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            var response = context.Response;
            try
            {
                string body;
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    body = await reader.ReadToEndAsync().ConfigureAwait(false);
                }
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (string? name in context.Request.Headers.AllKeys)
                {
                    if (name is null) continue;
                    string value = context.Request.Headers[name] ?? "";
                    if (_options.RedactCredentials) RedactCredential(name, ref value);
                    headers[name] = value;
                }
                var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url?.PathAndQuery ?? "/", headers, body);
                _requests.Enqueue(request);

                int ordinal = Interlocked.Increment(ref _served) - 1;
                if (ordinal >= _options.MaxRequests)
                {
                    response.StatusCode = 503;
                    return;
                }
                int index = _select is null
                    ? (_options.Cycle ? ordinal % _bodies.Count : Math.Min(ordinal, _bodies.Count - 1))
                    : _select(request, ordinal);
                if (index < 0 || index >= _bodies.Count)
                {
                    response.StatusCode = 404;
                    return;
                }
                byte[] payload = _bodies[index];
                response.StatusCode = _options.StatusCode;
                response.ContentType = _options.ContentType;
                response.SendChunked = true;
                response.Headers["Cache-Control"] = "no-cache";
                var output = response.OutputStream;
                foreach (var (offset, count) in Segments(payload, _options.WriteSize, _options.Delay > TimeSpan.Zero))
                {
                    await output.WriteAsync(payload, offset, count, _stop.Token).ConfigureAwait(false);
                    await output.FlushAsync(_stop.Token).ConfigureAwait(false);
                    if (_options.Delay > TimeSpan.Zero) await Task.Delay(_options.Delay, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpListenerException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing to do.
            }
            finally
            {
                try
                {
                    response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                }
            }
        }

        /// <summary>
        /// The write boundaries: fixed-size pieces; or, when paced, one SSE event (up to and including its blank line) each;
        /// otherwise the whole body at once. Unpaced events go in one write because HttpListener does not set TCP_NODELAY:
        /// a second small write on a kept-alive connection would wait for the client's delayed ACK (about 40 ms on Linux).
        /// </summary>
        internal static IEnumerable<(int Offset, int Count)> Segments(byte[] body, int writeSize, bool paced)
        {
            if (writeSize > 0)
            {
                for (int i = 0; i < body.Length; i += writeSize) yield return (i, Math.Min(writeSize, body.Length - i));
                yield break;
            }
            if (!paced)
            {
                if (body.Length > 0) yield return (0, body.Length);
                yield break;
            }
            int start = 0;
            for (int i = 0; i + 1 < body.Length; i++)
            {
                if (body[i] == (byte)'\n' && body[i + 1] == (byte)'\n')
                {
                    yield return (start, i + 2 - start);
                    start = i + 2;
                    i++;
                }
            }
            if (start < body.Length) yield return (start, body.Length - start);
        }

        private static void RedactCredential(string name, ref string value)
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                int space = value.IndexOf(' ');
                value = (space > 0 ? value.Substring(0, space + 1) : "") + "[redacted]";
            }
            else if (string.Equals(name, "api-key", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "x-api-key", StringComparison.OrdinalIgnoreCase))
            {
                value = "[redacted]";
            }
        }

        /// <summary>Stops listening and ends responses in flight.</summary>
        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
            _stop.Dispose();
        }
    }
}
