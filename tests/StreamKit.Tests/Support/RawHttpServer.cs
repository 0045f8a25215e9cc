using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.Tests.Support
{
    /// <summary>
    /// A loopback TCP server that answers every connection with the same raw bytes and closes: for HTTP framing Kestrel
    /// will not produce (a body delimited by connection close), or, with <see cref="Unreachable"/>, a port nobody listens on.
    /// </summary>
    public sealed class RawHttpServer : IAsyncDisposable
    {
        private readonly TcpListener? _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;

        private RawHttpServer(TcpListener? listener, int port, byte[] answer)
        {
            _listener = listener;
            BaseUrl = new Uri("http://127.0.0.1:" + port + "/v1");
            _loop = listener is null ? Task.CompletedTask : Task.Run(() => LoopAsync(answer));
        }

        public Uri BaseUrl { get; }

        public static Task<RawHttpServer> StartAsync(string answer)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new RawHttpServer(listener, ((IPEndPoint)listener.LocalEndpoint).Port, Encoding.UTF8.GetBytes(answer)));
        }

        /// <summary>A base URL on <paramref name="port"/>, where nothing listens (connection refused).</summary>
        public static RawHttpServer Unreachable(int port) => new RawHttpServer(null, port, Array.Empty<byte>());

        private async Task LoopAsync(byte[] answer)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener!.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[16384];
                            // Read the request head (and whatever body came with it), then answer and close.
                            _ = await stream.ReadAsync(buffer, _stop.Token);
                            await stream.WriteAsync(answer, _stop.Token);
                            await stream.FlushAsync(_stop.Token);
                            client.Client.Shutdown(SocketShutdown.Send);
                        }
                        catch (Exception ex) when (ex is OperationCanceledException or SocketException or System.IO.IOException)
                        {
                        }
                    }
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener?.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
