using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Streaming;

namespace StreamKit.Http
{
    /// <summary>
    /// Streams Chat Completions (<c>POST {base}/chat/completions</c>) from any OpenAI-compatible endpoint (OpenAI, Azure,
    /// OpenRouter, Groq, DeepSeek, Mistral, xAI, vLLM, LM Studio, gateways).
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
        private readonly HttpClient _http;
        private readonly LlmEndpoint _endpoint;

        /// <summary>Creates a client; <paramref name="http"/> is not disposed by it.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public ChatCompletionsClient(HttpClient http, LlmEndpoint endpoint)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>Sends the request and returns as soon as the response headers arrive; read the chunks from the result.</summary>
        /// <exception cref="LlmHttpException">The status is not 2xx; carries the status and the provider's message.</exception>
        /// <exception cref="HttpRequestException">The request could not be sent.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public async Task<ChatCompletionStream> StreamAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var (body, response, clock) = await LlmTransport.SendAsync(_http, _endpoint, HttpMethod.Post, "chat/completions", ChatRequestWriter.Write(request), cancellationToken).ConfigureAwait(false);
            return new ChatCompletionStream(body, response, clock);
        }
    }
}
