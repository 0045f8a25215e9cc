using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using StreamKit.Sse;
using StreamKit.Streaming;

namespace StreamKit.Responses
{
    /// <summary>
    /// A Responses API stream: typed <c>response.*</c> events (with or without <c>event:</c> lines, with or without a
    /// final <c>data: [DONE]</c>), rebuilt as they arrive into a <see cref="Response"/> snapshot.
    /// </summary>
    /// <remarks>
    /// Unknown event types arrive as <see cref="UnknownResponseStreamEvent"/> (raw JSON kept) and never end the stream.
    /// An <c>error</c> event (flat or nested) or <c>response.failed</c> is a provider error that keeps the partial
    /// snapshot. <c>response.completed</c> and <c>response.incomplete</c> complete the stream; without a terminal event,
    /// <c>[DONE]</c> completes it and anything else is truncated. See <see cref="LlmStream{TItem, TResult, TStreamResult}"/>.
    /// </remarks>
    public sealed class ResponseStream : LlmStream<IResponseStreamEvent, Response, ResponseStreamResult>
    {
        private readonly ResponseReducer _reducer = new ResponseReducer();

        internal ResponseStream(Stream body, IDisposable? owner, Stopwatch clock, bool leaveOpen = false)
            : base(body, owner, clock, leaveOpen)
        {
        }

        /// <summary>Reads a stream from any SSE body: a recorded <c>.sse</c> file, or a body you fetched yourself.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="sseBody"/> is null.</exception>
        public static ResponseStream FromStream(Stream sseBody, bool leaveOpen = false) =>
            new ResponseStream(sseBody ?? throw new ArgumentNullException(nameof(sseBody)), null, Stopwatch.StartNew(), leaveOpen);

        /// <summary>The reducer's sequence tracking, terminal state and first error.</summary>
        public StreamKit.Reduction.EventReductionState State => _reducer.State;

        /// <summary>The rebuilt response so far (a new object each call).</summary>
        public override Response Snapshot() => _reducer.Snapshot();

        private protected override IResponseStreamEvent Parse(SseItem item) => ResponseStreamEventJson.Parse(item.Data.Span);

        private protected override void Apply(IResponseStreamEvent item) => _reducer.Apply(item);

        private protected override bool HasDelta(IResponseStreamEvent item) =>
            item.Type.EndsWith(".delta", StringComparison.Ordinal) || item.Type == "response.image_generation_call.partial_image";

        private protected override ProviderError? ErrorIn(SseItem item, IResponseStreamEvent parsed)
        {
            if (parsed is ResponseErrorEvent e)
            {
                // Nested (Open Responses): error {type, code, message, param}; flat (OpenAI): code, message, param on the event.
                string raw = item.GetDataString();
                return e.Error is { } nested
                    ? new ProviderError(nested.Message ?? raw, nested.Code, nested.Type, nested.Param, raw)
                    : new ProviderError(e.Message ?? raw, e.Code, null, e.Param, raw);
            }
            if (item.EventType == "error")
            {
                return ProviderErrorParser.TryParse(item.Data.Span) ?? new ProviderError(item.GetDataString(), null, null, null, item.GetDataString());
            }
            if (parsed is ResponseFailedEvent)
            {
                return ProviderErrorParser.TryParseAt(item.Data.Span, "response") ?? new ProviderError("The response failed (response.failed)", null, null, null, null);
            }
            return null;
        }

        private protected override bool IsComplete(Response snapshot, bool sawDone) =>
            _reducer.State.Terminal is "completed" or "incomplete" || (_reducer.State.Terminal is null && sawDone);

        private protected override ResponseStreamResult MakeResult(StreamOutcome outcome, Response value, LlmStreamException? error, StreamStatistics statistics, bool sawDone) =>
            new ResponseStreamResult(outcome, value, error, statistics, sawDone, _reducer.State.Terminal, _reducer.State.SequenceGaps, _reducer.State.Duplicates);
    }
}
