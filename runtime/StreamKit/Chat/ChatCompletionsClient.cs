using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Http;

namespace StreamKit.Chat
{
    /// <summary>
    /// Streams Chat Completions (<c>POST {base}/chat/completions</c>) from any OpenAI-compatible endpoint (OpenAI, Azure,
    /// OpenRouter, Groq, DeepSeek, Mistral, xAI, vLLM, LM Studio, gateways), under the timers, retries and limits of
    /// its <see cref="LlmClientOptions"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var client = new ChatCompletionsClient(new HttpClient(), new LlmEndpoint(new Uri("https://api.openai.com/v1"), key));
    /// using var stream = await client.StreamAsync(new ChatCompletionRequest("gpt-4o-mini", new[] { ChatMessage.User("Hi") }));
    /// await foreach (var chunk in stream) Console.Write(chunk.Choices is [var first, ..] ? first.Delta?.Content : null);
    /// // A tool loop: append ChatMessage.Assistant(stream.Result!.Value.Choices![0].Message!) and ChatMessage.Tool(id, result), then send again.
    /// </code>
    /// </example>
    public sealed class ChatCompletionsClient
    {
        private readonly LlmTransport _transport;

        /// <summary>Creates a client; <paramref name="http"/> is not disposed by it. Its <c>Timeout</c> may be infinite: the options' timers bound every request.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="http"/> or <paramref name="endpoint"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are out of range.</exception>
        public ChatCompletionsClient(HttpClient http, LlmEndpoint endpoint, LlmClientOptions? options = null)
        {
            _transport = new LlmTransport(http, endpoint, options);
        }

        /// <summary>The options in force.</summary>
        public LlmClientOptions Options => _transport.Options;

        /// <summary>The endpoint requests go to.</summary>
        public LlmEndpoint Endpoint => _transport.Endpoint;

        private static (string Role, string? Text) RoleAndText(IChatCompletionRequestMessage m) => m switch
        {
            ChatCompletionRequestUserMessage u => ("user", u.Content),
            ChatCompletionRequestSystemMessage s => ("system", s.Content),
            ChatCompletionRequestDeveloperMessage d => ("developer", d.Content),
            ChatCompletionRequestAssistantMessage a => ("assistant", a.Content),
            ChatCompletionRequestToolMessage t => ("tool", t.Content),
            _ => (m.Role ?? "unknown", null),
        };

        /// <summary>Sends the request (retrying as the options say) and returns as soon as the event stream starts; read the chunks from the result.</summary>
        /// <exception cref="LlmHttpException">A status outside 2xx, or no connection, after the retries; carries the status, headers and the provider's error.</exception>
        /// <exception cref="StreamTimeoutException">A timer ran out before the stream started.</exception>
        /// <exception cref="ProviderStreamException">The endpoint answered 200 with a JSON error instead of a stream.</exception>
        /// <exception cref="MalformedStreamException">The endpoint answered 200 with something that is not an event stream (HTML, JSON).</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public async Task<ChatCompletionStream> StreamAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var (response, telemetry) = await _transport.OpenAsync(HttpMethod.Post, "chat/completions", ChatRequestWriter.Write(request), "chat", request.Model,
                () => TelemetryMessages.Of(request.Messages.Select(RoleAndText)), cancellationToken).ConfigureAwait(false);
            return new ChatCompletionStream(response, _transport.Options) { Telemetry = telemetry };
        }
    }
}
