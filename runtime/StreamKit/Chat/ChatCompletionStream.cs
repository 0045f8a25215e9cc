using System;
using System.Collections.Generic;
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
        private readonly ChatProtocol _protocol;

        internal ChatCompletionStream(TransportResponse response, LlmClientOptions options)
            : this(new ChatProtocol(), response, options)
        {
        }

        private ChatCompletionStream(ChatProtocol protocol, TransportResponse response, LlmClientOptions options)
            : base(response.Body, protocol, options, response.Response, response.Watchdog, leaveOpen: false)
        {
            _protocol = protocol;
            response.Stamp(Statistics);
        }

        private ChatCompletionStream(Stream body, LlmClientOptions options, bool leaveOpen)
            : this(new ChatProtocol(), body, options, leaveOpen)
        {
        }

        private ChatCompletionStream(ChatProtocol protocol, Stream body, LlmClientOptions options, bool leaveOpen)
            : base(body, protocol, options, null, null, leaveOpen)
        {
            _protocol = protocol;
        }

        /// <summary>
        /// Raised (on the reading thread, before the chunk is yielded) whenever a chunk adds to a tool call's arguments,
        /// with the text so far and its best-effort parse: tool arguments readable while they stream. Handlers must not throw.
        /// </summary>
        public event EventHandler<ToolCallArguments>? ToolCallArgumentsUpdated
        {
            // The protocol builds an update (a copy of the arguments so far) only while someone listens.
            add
            {
                if (_updated is null) _protocol.ArgumentsUpdated += Raise;
                _updated += value;
            }
            remove
            {
                _updated -= value;
                if (_updated is null) _protocol.ArgumentsUpdated -= Raise;
            }
        }

        private EventHandler<ToolCallArguments>? _updated;

        /// <summary>Every tool call's arguments so far (text and partial parse), by choice and index; works at any moment.</summary>
        public IReadOnlyList<ToolCallArguments> ToolCallArguments => _protocol.ToolCallArguments;

        private void Raise(ToolCallArguments update) => _updated?.Invoke(this, update);

        /// <summary>Chunks parsed by a typed replay of the previous chunk's shape (see <see cref="ChatProtocol.Parse"/>).</summary>
        internal int ParsedByReplay => _protocol.ParsedByReplay;

        /// <summary>Whether chunks may be parsed by typed replays (tests turn it off to compare).</summary>
        internal bool TypedReplays
        {
            get => _protocol.TypedReplays;
            set => _protocol.TypedReplays = value;
        }

        /// <summary>Chunks the reduce-only path folded by replaying the previous chunk's shape (see <see cref="Reduction.FoldContext.TryReplay"/>).</summary>
        internal int ReplayedEvents => _protocol.ReplayedEvents;

        /// <summary>Reads a stream from any SSE body: a recorded <c>.sse</c> file, or a body you fetched yourself.</summary>
        /// <param name="sseBody">The bytes of the <c>text/event-stream</c> body.</param>
        /// <param name="leaveOpen">When true, disposing this object does not dispose <paramref name="sseBody"/>.</param>
        /// <param name="options">Timers and limits (null: the defaults); the timers start now.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sseBody"/> is null.</exception>
        public static ChatCompletionStream FromStream(Stream sseBody, bool leaveOpen = false, LlmClientOptions? options = null) =>
            new ChatCompletionStream(sseBody ?? throw new ArgumentNullException(nameof(sseBody)), options ?? LlmClientOptions.Default, leaveOpen);
    }
}
