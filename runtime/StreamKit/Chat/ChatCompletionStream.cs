using System;
using System.Diagnostics;
using System.IO;
using StreamKit.Sse;
using StreamKit.Streaming;

namespace StreamKit.Chat
{
    /// <summary>
    /// A Chat Completions stream (<c>chat.completion.chunk</c> objects over SSE, ending in <c>data: [DONE]</c>) as
    /// typed chunks, folded as they arrive into a <see cref="ChatCompletion"/>.
    /// </summary>
    /// <remarks>
    /// A chunk with an <c>error</c> member (OpenRouter) or an <c>event: error</c> (Groq) is a provider error. A stream that
    /// ends without <c>[DONE]</c> is completed only if every choice has a finish reason; otherwise it is truncated.
    /// See <see cref="LlmStream{TItem, TResult, TStreamResult}"/> for reading and outcomes.
    /// </remarks>
    public sealed class ChatCompletionStream : LlmStream<ChatCompletionChunk, ChatCompletion, ChatStreamResult>
    {
        private readonly ChatCompletionReducer _reducer = new ChatCompletionReducer();

        internal ChatCompletionStream(Stream body, IDisposable? owner, Stopwatch clock, bool leaveOpen = false)
            : base(body, owner, clock, leaveOpen)
        {
        }

        /// <summary>Reads a stream from any SSE body: a recorded <c>.sse</c> file, or a body you fetched yourself.</summary>
        /// <param name="sseBody">The bytes of the <c>text/event-stream</c> body.</param>
        /// <param name="leaveOpen">When true, disposing this object does not dispose <paramref name="sseBody"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sseBody"/> is null.</exception>
        public static ChatCompletionStream FromStream(Stream sseBody, bool leaveOpen = false) =>
            new ChatCompletionStream(sseBody ?? throw new ArgumentNullException(nameof(sseBody)), null, Stopwatch.StartNew(), leaveOpen);

        /// <summary>The reduced completion so far (a new object each call); final once the stream completed.</summary>
        public override ChatCompletion Snapshot() => _reducer.Snapshot();

        private protected override ChatCompletionChunk Parse(SseItem item) => ChatCompletionChunk.Parse(item.Data.Span);

        private protected override void Apply(ChatCompletionChunk item) => _reducer.Apply(item);

        private protected override bool HasDelta(ChatCompletionChunk item) => item.HasDelta();

        private protected override ProviderError? ErrorIn(SseItem item, ChatCompletionChunk parsed) =>
            item.EventType == "error" || parsed.Error is not null
                ? ProviderErrorParser.TryParse(item.Data.Span) ?? new ProviderError(item.GetDataString(), null, null, null, item.GetDataString())
                : null;

        private protected override bool IsComplete(ChatCompletion snapshot, bool sawDone)
        {
            if (sawDone) return true;
            if (snapshot.Choices is not { Count: > 0 } choices) return false;
            foreach (var c in choices) if (c.FinishReason is null) return false;
            return true;
        }

        private protected override ChatStreamResult MakeResult(StreamOutcome outcome, ChatCompletion value, LlmStreamException? error, StreamStatistics statistics, bool sawDone) =>
            new ChatStreamResult(outcome, value, error, statistics, sawDone);
    }
}
