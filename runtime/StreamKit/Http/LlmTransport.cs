using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Streaming;

namespace StreamKit.Http
{
    /// <summary>Sends one streaming request (auth, headers, Accept: text/event-stream) and turns a non-2xx status into <see cref="LlmHttpException"/>.</summary>
    internal static class LlmTransport
    {
        private const int MaxErrorBody = 64 * 1024;

        public static async Task<(Stream Body, HttpResponseMessage Response, Stopwatch Clock)> SendAsync(
            HttpClient http, LlmEndpoint endpoint, HttpMethod method, string path, byte[]? jsonBody, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            using var message = new HttpRequestMessage(method, endpoint.Resolve(path));
            if (jsonBody is not null)
            {
                message.Content = new ByteArrayContent(jsonBody);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            message.Headers.Accept.ParseAdd("text/event-stream");
            if (endpoint.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            foreach (var h in endpoint.Headers)
            {
                message.Headers.Remove(h.Key);
                if (!message.Headers.TryAddWithoutValidation(h.Key, h.Value)) message.Content?.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    string body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new LlmHttpException(response.StatusCode, ProviderErrorParser.TryParse(body), body);
                }
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                return (stream, response, clock);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[MaxErrorBody];
            int total = 0;
            while (total < buffer.Length)
            {
                int n = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }
}
