using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace StreamKit.Extensions.AI
{
    /// <summary>What both adapters share: metadata, services, the default model and a reduced, non-streaming response.</summary>
    internal abstract class StreamKitChatClient : IChatClient
    {
        private readonly object _client;
        private readonly string? _defaultModel;
        private readonly ChatClientMetadata _metadata;

        protected StreamKitChatClient(object client, Uri endpoint, string? defaultModel)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _defaultModel = defaultModel;
            _metadata = new ChatClientMetadata("streamkit", endpoint, defaultModel);
        }

        /// <summary>The model of a call: the options', else the default.</summary>
        /// <exception cref="ArgumentException">Neither is set.</exception>
        protected string ModelOf(ChatOptions? options) =>
            options?.ModelId ?? _defaultModel ?? throw new ArgumentException("No model: set ChatOptions.ModelId or the default model of AsIChatClient.");

        /// <summary>Sends the request for these messages and returns the open stream.</summary>
        protected abstract Task<LlmStream> OpenAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken);

        /// <summary>The reduced value (a ChatCompletion or a Response) as a ChatResponse.</summary>
        protected abstract ChatResponse ToChatResponse(object value);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            using var stream = await OpenAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var result = await stream.ReduceAsync(null, cancellationToken).ConfigureAwait(false);
            ThrowIfFailed(result, cancellationToken);
            return ToChatResponse(result.Value!);
        }

        public abstract IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

        /// <summary>Ends a streaming call the way <see cref="GetResponseAsync"/> ends: cancelled or failed streams throw, with the partial.</summary>
        protected void ThrowIfFailed(StreamResult result, CancellationToken cancellationToken)
        {
            if (result.Outcome == StreamOutcome.Cancelled) cancellationToken.ThrowIfCancellationRequested();
            if (result.Error is { } error) throw new ChatStreamException(error, ToChatResponse(result.Value!));
        }

        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is not null) return null;
            if (serviceType == typeof(ChatClientMetadata)) return _metadata;
            if (serviceType.IsInstanceOfType(_client)) return _client;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        public void Dispose()
        {
        }
    }
}
