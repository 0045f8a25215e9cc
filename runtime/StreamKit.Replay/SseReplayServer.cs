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
    /// Serves a recorded SSE body over real HTTP on 127.0.0.1, so the whole client path (HTTP, SSE framing,
    /// parsing, reduction) runs without an account or a network. Answers every path and method with the same body.
    /// </summary>
    public sealed class SseReplayServer : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly byte[] _body;
        private readonly SseReplayOptions _options;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<RecordedRequest> _requests = new ConcurrentQueue<RecordedRequest>();
        private readonly Task _loop;
        private int _served;

        private SseReplayServer(HttpListener listener, int port, byte[] body, SseReplayOptions options)
        {
            _listener = listener;
            _body = body;
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
        public static SseReplayServer Start(byte[] body, SseReplayOptions? options = null)
        {
            if (body is null) throw new ArgumentNullException(nameof(body));
            HttpListenerException? last = null;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                int port = FreePort();
                var listener = new HttpListener();
                listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
                try
                {
                    listener.Start();
                    return new SseReplayServer(listener, port, body, options ?? new SseReplayOptions());
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
                    if (name is not null) headers[name] = context.Request.Headers[name] ?? "";
                }
                _requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url?.PathAndQuery ?? "/", headers, body));

                if (Interlocked.Increment(ref _served) > _options.MaxRequests)
                {
                    response.StatusCode = 503;
                    return;
                }
                response.StatusCode = _options.StatusCode;
                response.ContentType = _options.ContentType;
                response.SendChunked = true;
                response.Headers["Cache-Control"] = "no-cache";
                var output = response.OutputStream;
                foreach (var (offset, count) in Segments())
                {
                    await output.WriteAsync(_body, offset, count, _stop.Token).ConfigureAwait(false);
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

        /// <summary>The write boundaries: fixed-size pieces, or one SSE event (up to and including its blank line) each.</summary>
        internal IEnumerable<(int Offset, int Count)> Segments()
        {
            if (_options.WriteSize > 0)
            {
                for (int i = 0; i < _body.Length; i += _options.WriteSize) yield return (i, Math.Min(_options.WriteSize, _body.Length - i));
                yield break;
            }
            int start = 0;
            for (int i = 0; i + 1 < _body.Length; i++)
            {
                if (_body[i] == (byte)'\n' && _body[i + 1] == (byte)'\n')
                {
                    yield return (start, i + 2 - start);
                    start = i + 2;
                    i++;
                }
            }
            if (start < _body.Length) yield return (start, _body.Length - start);
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
