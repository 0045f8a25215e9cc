using System;
using System.Text.Json;
using StreamKit.Http;
using StreamKit.Serialization;
using StreamKit.Sse;

namespace StreamKit.Responses
{
    /// <summary>
    /// The Responses API for the stream engine: typed <c>response.*</c> events (with or without <c>event:</c> lines, with
    /// or without a final <c>data: [DONE]</c>), rebuilt by the generated <see cref="ResponseReducer"/>.
    /// </summary>
    /// <remarks>
    /// Unknown event types arrive as <see cref="UnknownResponseStreamEvent"/> (raw JSON kept) and never end the stream.
    /// An <c>error</c> event (flat or nested) or <c>response.failed</c> is a provider error that keeps the partial
    /// snapshot. <c>response.completed</c> and <c>response.incomplete</c> complete the stream; without a terminal event,
    /// <c>[DONE]</c> completes it and anything else is truncated. Output, content and summary indices above
    /// <see cref="LlmStreamLimits.MaxItems"/> are never allocated and end the stream as <see cref="StreamOutcome.LimitExceeded"/>.
    /// </remarks>
    public sealed class ResponseProtocol : StreamProtocol<IResponseStreamEvent, Response>
    {
        private static readonly JsonValueReader<IResponseStreamEvent> Reader = static (ref Utf8JsonReader r) => ResponseStreamEventJson.Read(ref r);
        private readonly ResponseReducer _reducer = new ResponseReducer();
        private readonly Reduction.FoldContext _fold = new Reduction.FoldContext();

        /// <inheritdoc/>
        public override string Name => "responses";

        private readonly System.Collections.Generic.HashSet<string> _dropped = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);

        /// <summary>Values left out of snapshots because an event gave them a JSON kind the <see cref="Response"/> type does not accept (each JSON path counted once, however many snapshots left it out).</summary>
        public int DroppedValues => _dropped.Count;

        /// <summary>Events folded by a replay of the previous delta's shape (tests read it).</summary>
        internal int ReplayedEvents => _fold.Replays;

        /// <inheritdoc/>
        public override void Initialize(LlmStreamLimits limits) => _reducer.State.MaxIndex = limits.MaxItems;

        /// <inheritdoc/>
        public override IResponseStreamEvent Parse(in SseEvent sseEvent, JsonReaderOptions readerOptions) => ReadJson(sseEvent.Data.Span, readerOptions, Reader);

        /// <inheritdoc/>
        public override void Apply(IResponseStreamEvent item) => _reducer.Apply(item);

        /// <inheritdoc/>
        /// <remarks>Text deltas fold from their bytes; every other event (and anything unexpected in a delta) takes the typed path.</remarks>
        protected internal override bool TryFoldData(in SseEvent sseEvent, JsonReaderOptions readerOptions, out bool hasContent)
        {
            hasContent = false;
            if (sseEvent.EventType == "error" || !_reducer.TryApplyJson(sseEvent.Data.Span, readerOptions, _fold)) return false;
            hasContent = _fold.HasContent;
            return true;
        }

        /// <summary>
        /// The rebuilt response so far (a new object each call; it costs the size of the response). A value that an event
        /// wrote with a JSON kind <see cref="Response"/> does not accept is left out and counted in <see cref="DroppedValues"/>.
        /// </summary>
        public override Response Snapshot()
        {
            // A typed root (events applied through typed paths since the last snapshot event): a copy of it (no JSON, strings shared).
            if (_reducer.State.TryGetTypedRoot<Response>(out var root)) return root.DeepClone();
            byte[] json = _reducer.State.ToUtf8Json();
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return Response.Parse(json);
                }
                catch (JsonPayloadException ex) when (attempt < 64 && SnapshotRepair.TryRemove(ref json, ex.JsonPath))
                {
                    _dropped.Add(ex.JsonPath);
                }
            }
        }

        /// <inheritdoc/>
        public override void WriteJson(Utf8JsonWriter writer, Response value) => value.WriteJson(writer);

        /// <inheritdoc/>
        public override bool HasContent(IResponseStreamEvent item) =>
            item.Type.EndsWith(".delta", StringComparison.Ordinal) || item.Type == "response.image_generation_call.partial_image";

        /// <inheritdoc/>
        public override ProviderError? FindError(in SseEvent sseEvent, IResponseStreamEvent item)
        {
            if (item is ResponseErrorEvent e)
            {
                // Nested (Open Responses): error {type, code, message, param}; flat (OpenAI): code, message, param on the event.
                string raw = sseEvent.GetDataPreview(4096);
                return e.Error is { } nested
                    ? new ProviderError(nested.Message ?? raw, nested.Code, nested.Type, nested.Param, raw)
                    : new ProviderError(e.Message ?? raw, e.Code, null, e.Param, raw);
            }
            if (sseEvent.EventType == "error")
            {
                return ProviderErrorParser.ParseOrRaw(in sseEvent);
            }
            if (item is ResponseFailedEvent)
            {
                return ProviderErrorParser.TryParseAt(sseEvent.Data.Span, "response") ?? new ProviderError("The response failed (response.failed)", null, null, null, null);
            }
            return null;
        }

        /// <inheritdoc/>
        public override long TextLength => _reducer.State.TextLength;

        /// <inheritdoc/>
        public override int ItemCount => _reducer.State.HighestIndexSeen >= int.MaxValue ? int.MaxValue : (int)_reducer.State.HighestIndexSeen + 1;

        /// <inheritdoc/>
        public override bool IsComplete(bool sawDone) =>
            _reducer.State.Terminal is "completed" or "incomplete" || (_reducer.State.Terminal is null && sawDone);

        /// <inheritdoc/>
        public override StreamResult<Response> CreateResult(StreamOutcome outcome, Response value, LlmStreamException? error, StreamStatistics statistics, bool sawDone) =>
            new ResponseStreamResult(outcome, value, error, statistics, sawDone, _reducer.State.Terminal, _reducer.State.SequenceGaps, _reducer.State.Duplicates, DroppedValues, _reducer.State.LastSequenceNumber);
    }
}
