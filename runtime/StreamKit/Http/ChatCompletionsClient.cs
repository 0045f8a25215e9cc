using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Streaming;

namespace StreamKit.Http
{
    /// <summary>
    /// Streams Chat Completions from any OpenAI-compatible endpoint (OpenAI, Azure, OpenRouter, Groq, DeepSeek,
    /// Mistral, xAI, vLLM, LM Studio, gateways).
    /// </summary>
    /// <example>
    /// <code>
    /// var client = new ChatCompletionsClient(new HttpClient(), new LlmEndpoint(new Uri("https://api.openai.com/v1"), key));
    /// using var stream = await client.StreamAsync(new ChatCompletionRequest("gpt-4o-mini", new[] { ChatMessage.User("Hi") }));
    /// await foreach (var chunk in stream) Console.Write(chunk.Choices?[0].Delta?.Content);
    /// </code>
    /// </example>
    public sealed class ChatCompletionsClient
    {
        private const int MaxErrorBody = 64 * 1024;
        private readonly HttpClient _http;
        private readonly LlmEndpoint _endpoint;

        /// <summary>Creates a client; <paramref name="http"/> is not disposed by it.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public ChatCompletionsClient(HttpClient http, LlmEndpoint endpoint)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>
        /// Sends the request and returns as soon as the response headers arrive; read the chunks from the result.
        /// </summary>
        /// <exception cref="LlmHttpException">The status is not 2xx; carries the status and the provider's message.</exception>
        /// <exception cref="HttpRequestException">The request could not be sent.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public async Task<ChatCompletionStream> StreamAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var clock = Stopwatch.StartNew();
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint.Resolve("chat/completions"))
            {
                Content = new ByteArrayContent(ChatRequestWriter.Write(request)),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            message.Headers.Accept.ParseAdd("text/event-stream");
            if (_endpoint.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            foreach (var h in _endpoint.Headers)
            {
                message.Headers.Remove(h.Key);
                if (!message.Headers.TryAddWithoutValidation(h.Key, h.Value)) message.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    string body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new LlmHttpException(response.StatusCode, ProviderErrorParser.TryParse(body), body);
                }
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                return new ChatCompletionStream(stream, response, clock);
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
