using System;
using System.IO;
using StreamKit.Http;

namespace StreamKit.Chat
{
    /// <summary>
    /// A Chat Completions stream (<c>chat.completion.chunk</c> objects over SSE, ending in <c>data: [DONE]</c>) as
    /// typed chunks, folded as they arrive into a <see cref="ChatCompletion"/>.
    /// </summary>
    /// <remarks>See <see cref="ChatProtocol"/> for the rules and <see cref="LlmStream{TItem, TResult}"/> for reading, timers, limits and outcomes.</remarks>
    public sealed class ChatCompletionStream : LlmStream<ChatCompletionChunk, ChatCompletion>
    {
        internal ChatCompletionStream(TransportResponse response, LlmClientOptions options)
            : base(response.Body, new ChatProtocol(), options, response.Response, response.Watchdog, leaveOpen: false)
        {
            response.Stamp(Statistics);
        }

        private ChatCompletionStream(Stream body, LlmClientOptions options, bool leaveOpen)
            : base(body, new ChatProtocol(), options, null, null, leaveOpen)
        {
        }

        /// <summary>Reads a stream from any SSE body: a recorded <c>.sse</c> file, or a body you fetched yourself.</summary>
        /// <param name="sseBody">The bytes of the <c>text/event-stream</c> body.</param>
        /// <param name="leaveOpen">When true, disposing this object does not dispose <paramref name="sseBody"/>.</param>
        /// <param name="options">Timers and limits (null: the defaults); the timers start now.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sseBody"/> is null.</exception>
        public static ChatCompletionStream FromStream(Stream sseBody, bool leaveOpen = false, LlmClientOptions? options = null) =>
            new ChatCompletionStream(sseBody ?? throw new ArgumentNullException(nameof(sseBody)), options ?? LlmClientOptions.Default, leaveOpen);
    }
}
