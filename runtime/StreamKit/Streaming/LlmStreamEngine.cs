using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Serialization;
using StreamKit.Sse;

namespace StreamKit
{
    /// <summary>
    /// The stream engine: SSE events from a body, parsed into typed items and folded as they arrive by a
    /// <see cref="StreamProtocol{TItem, TResult}"/>, under the timers and limits of <see cref="LlmClientOptions"/>,
    /// ending in one <see cref="StreamOutcome"/>.
    /// </summary>
    /// <remarks>
    /// <para>Enumerate it to get each item as it arrives; when the stream ends badly the enumeration throws a
    /// <see cref="LlmStreamException"/> whose <see cref="LlmStreamException.Partial"/> is the snapshot so far (on
    /// cancellation an <see cref="OperationCanceledException"/>, with <see cref="Snapshot"/> and <see cref="Result"/>
    /// still reachable). Or call <see cref="ReduceAsync(Action{TItem}, CancellationToken)"/>, which never throws for
    /// how the stream ended. <see cref="Snapshot"/> works at any moment.</para>
    /// <para>A provider error does not stop reading (trailing usage is kept); the first malformed event, a timer or a
    /// limit does. <c>[DONE]</c> ends the stream and is not yielded; events already received after it are counted in
    /// <see cref="StreamStatistics.EventsAfterDone"/>. The stream can be read once; it owns the body (and HTTP response).</para>
    /// </remarks>
    public class LlmStream<TItem, TResult> : LlmStream, IAsyncEnumerable<TItem>
        where TItem : class
    {
        private const int ReadBufferSize = 16 * 1024;
        private readonly Stream _body;
        private readonly IDisposable? _owner;
        private readonly bool _leaveOpen;
        private readonly StreamProtocol<TItem, TResult> _protocol;
        private readonly LlmStreamLimits _limits;
        private readonly StreamWatchdog _watchdog;
        private readonly SseEventParser _parser;
        private readonly JsonReaderOptions _readerOptions;
        private readonly bool _skipMalformed;
        private readonly LlmStreamObserver? _observer;
        private CancellationToken _callerToken;
        private LlmStreamException? _failure;
        private ProviderStreamException? _providerFailure;
        private bool _sawDone;
        private long _bytes;
        private int _started;
        private int _disposed;
        private StreamResult<TResult>? _result;

        /// <summary>Events folded by the protocol's reduce-only path (tests assert the path was taken).</summary>
        internal int FoldedEvents { get; private set; }

        /// <summary>The request's span and metrics (set by the clients), or null.</summary>
        internal RequestTelemetry? Telemetry { get; set; }

        /// <summary>
        /// Creates a stream over any SSE body (a recorded <c>.sse</c> file, a body you fetched yourself) read with
        /// <paramref name="protocol"/>. The timers of <paramref name="options"/> start now; its limits apply.
        /// </summary>
        /// <param name="body">The bytes of the <c>text/event-stream</c> body.</param>
        /// <param name="protocol">A new protocol object for this stream.</param>
        /// <param name="options">Timers and limits; null for the defaults.</param>
        /// <param name="leaveOpen">When true, disposing this object does not dispose <paramref name="body"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="protocol"/> is null.</exception>
        public LlmStream(Stream body, StreamProtocol<TItem, TResult> protocol, LlmClientOptions? options = null, bool leaveOpen = false)
            : this(body ?? throw new ArgumentNullException(nameof(body)), protocol, options ?? LlmClientOptions.Default, null, null, leaveOpen)
        {
        }

        internal LlmStream(Stream body, StreamProtocol<TItem, TResult> protocol, LlmClientOptions options, IDisposable? owner, StreamWatchdog? watchdog, bool leaveOpen)
        {
            _body = body;
            _protocol = protocol ?? throw new ArgumentNullException(nameof(protocol));
            options.Validate();
            _limits = options.Limits;
            _owner = owner;
            _leaveOpen = leaveOpen;
            _watchdog = watchdog ?? new StreamWatchdog(options.Timeouts);
            _parser = new SseEventParser(_limits.MaxLineBytes, _limits.MaxEventBytes, ownData: false);
            _readerOptions = new JsonReaderOptions { MaxDepth = _limits.MaxJsonDepth };
            _skipMalformed = options.MalformedEvents == MalformedEventHandling.Skip;
            _observer = options.Observer;
            _protocol.Initialize(_limits);
        }

        /// <inheritdoc/>
        public override string Api => _protocol.Name;

        /// <summary>How the stream ended; null until it has.</summary>
        public new StreamResult<TResult>? Result => _result;

        /// <summary>The reduced value so far (a new object each call); final once the stream completed.</summary>
        public new TResult Snapshot() => _protocol.Snapshot();

        /// <inheritdoc/>
        /// <remarks>Once the stream has ended, the final value <see cref="Finish"/> built is written, not built again.</remarks>
        public override void WriteSnapshotJson(Utf8JsonWriter writer) => _protocol.WriteJson(writer, _result is { Value: { } final } ? final : _protocol.Snapshot());

        /// <summary>Yields each item as it arrives; throws a <see cref="LlmStreamException"/> if the stream does not complete.</summary>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public IAsyncEnumerator<TItem> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            ReadAsync(throwOnFailure: true, fold: false, cancellationToken).GetAsyncEnumerator(cancellationToken);

        /// <summary>Reads the whole stream, calling <paramref name="onItem"/> for each item, and returns how it ended.</summary>
        /// <remarks>
        /// <para>Never throws for how the stream ended, cancellation and timeouts included: see the result's Outcome.</para>
        /// <para>Without <paramref name="onItem"/> (and unless malformed events are skipped or the protocol has listeners
        /// that need items), the protocol's reduce-only path folds each event straight from its data bytes and builds no
        /// items: the same value, outcome and statistics, several times faster. Error events still go through the typed
        /// path. The differences, all at the edges: on a malformed event, the text it appended and the elements, objects
        /// and text it created are undone, but values it set before the bad member (an id, usage, content parts,
        /// annotations) may stay in the partial; a member repeated within one object may fold both copies where the typed reader keeps the last; the text
        /// and item limits count what is folded (every appended text, reasoning details as items), and an event counts as
        /// content when it folds some, so a stream at the edge of a limit can end differently; a chat <c>error</c> member
        /// whose name is written with escapes is not seen. Both paths are tested equal on every recorded stream and
        /// fixture.</para>
        /// </remarks>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public async Task<StreamResult<TResult>> ReduceAsync(Action<TItem>? onItem = null, CancellationToken cancellationToken = default)
        {
            bool fold = onItem is null && !_skipMalformed;
            await foreach (var item in ReadAsync(throwOnFailure: false, fold, cancellationToken).ConfigureAwait(false))
            {
                onItem?.Invoke(item);
            }
            return _result!;
        }

        private protected override async Task<StreamResult> ReduceCoreAsync(Action<object>? onItem, CancellationToken cancellationToken) =>
            await ReduceAsync(onItem is null ? null : item => onItem(item), cancellationToken).ConfigureAwait(false);

        /// <inheritdoc/>
        public override async IAsyncEnumerable<object> ReadItemsAsync(bool throwOnFailure = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var item in ReadAsync(throwOnFailure, fold: false, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }

        private protected override StreamResult? ResultCore => _result;

        private protected override object? SnapshotCore() => _protocol.Snapshot();

        private async IAsyncEnumerable<TItem> ReadAsync(bool throwOnFailure, bool fold, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("A stream can be read only once.");
            _callerToken = cancellationToken;
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _watchdog.Token);
            CancellationTokenRegistration abortOnCancel = default;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
            try
            {
                Action? abort = _leaveOpen && _owner is null ? null : Abort;
                _watchdog.BodyStarted(abort);
                if (abort is not null) abortOnCancel = linked.Token.Register(abort);
                bool ended = false;
                while (_failure is null && !_sawDone)
                {
                    if (_parser.TryRead(out var sseEvent))
                    {
                        var item = Step(in sseEvent, fold);
                        if (item is not null) yield return item;
                        continue;
                    }
                    if (ended) break;
                    ended = await FillAsync(buffer, linked.Token).ConfigureAwait(false);
                }
                if (_sawDone)
                {
                    while (_parser.TryRead(out _)) Statistics.EventsAfterDone++;
                }
                Finish();
            }
            finally
            {
                abortOnCancel.Dispose();
                linked.Dispose();
                ArrayPool<byte>.Shared.Return(buffer);
                try
                {
                    if (_result is null)
                    {
                        // The caller stopped enumerating early (break, or an exception in its loop body).
                        _failure ??= new StreamCancelledException(_bytes, SafeSnapshot());
                        Finish();
                    }
                }
                finally
                {
                    Dispose();
                }
            }
            if (throwOnFailure && _result!.Error is { } failure)
            {
                if (failure is StreamCancelledException) throw new OperationCanceledException(failure.Message, failure, cancellationToken);
                throw failure;
            }
        }

        /// <summary>Reads once into the parser. Returns true when the body has ended or failed (<see cref="_failure"/> says how).</summary>
        private async Task<bool> FillAsync(byte[] buffer, CancellationToken token)
        {
            int n;
            _watchdog.ReadStarted();
            try
            {
                n = await _body.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _failure = ReadFailure(ex);
                return true;
            }
            finally
            {
                _watchdog.ReadEnded();
            }
            try
            {
                if (n == 0)
                {
                    _parser.Complete();
                    return true;
                }
                _bytes += n;
                if (_bytes > _limits.MaxStreamBytes)
                {
                    _failure = new StreamLimitExceededException(StreamLimit.StreamBytes, _limits.MaxStreamBytes, null, _bytes, _protocol.Snapshot());
                    return true;
                }
                _parser.Feed(new ReadOnlySpan<byte>(buffer, 0, n));
                return false;
            }
            catch (SseFormatException ex)
            {
                _failure = ex.Limit is StreamLimit limit
                    ? new StreamLimitExceededException(limit, ex.Maximum, null, ex.ByteOffset, _protocol.Snapshot(), ex)
                    : new MalformedStreamException(ex.Reason, null, ex.ByteOffset, null, null, _protocol.Snapshot(), ex);
                return true;
            }
        }

        /// <summary>Handles one SSE event; returns the item to yield, or null (<paramref name="fold"/>: the reduce-only path, no items).</summary>
        private TItem? Step(in SseEvent sseEvent, bool fold)
        {
            Statistics.Events++;
            if (sseEvent.IsDoneSentinel)
            {
                _sawDone = true;
                return null;
            }
            // Repeated members are counted per thread: what other code parsed on this thread since the last event (a
            // callback calling a generated Parse) is not this event's.
            GeneratedJson.TakeDuplicateKeys();
            if (fold)
            {
                bool folded, hasContent;
                try
                {
                    folded = _protocol.TryFoldData(in sseEvent, _readerOptions, out hasContent);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    GeneratedJson.TakeDuplicateKeys();
                    if (ex is Reduction.FoldIndexLimitException)
                    {
                        _failure = new StreamLimitExceededException(StreamLimit.Items, _limits.MaxItems, sseEvent.Index, sseEvent.ByteOffset, SafeSnapshot());
                        return null;
                    }
                    ReadFailed(in sseEvent, ex);
                    return null;
                }
                if (folded)
                {
                    FoldedEvents++;
                    Statistics.DuplicateKeys += GeneratedJson.TakeDuplicateKeys();
                    Applied(in sseEvent, hasContent);
                    return null;
                }
            }
            TItem item;
            try
            {
                item = _protocol.Parse(in sseEvent, _readerOptions);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                GeneratedJson.TakeDuplicateKeys();
                ReadFailed(in sseEvent, ex);
                return null;
            }
            Statistics.DuplicateKeys += GeneratedJson.TakeDuplicateKeys();
            if (_protocol.HighestIndex(item) >= _limits.MaxItems)
            {
                _failure = new StreamLimitExceededException(StreamLimit.Items, _limits.MaxItems, sseEvent.Index, sseEvent.ByteOffset, _protocol.Snapshot());
                return null;
            }
            try
            {
                _protocol.Apply(item);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _failure = new MalformedStreamException("The event could not be folded: " + ex.Message, sseEvent.Index, sseEvent.ByteOffset, null, null, SafeSnapshot(), ex);
                return null;
            }
            if (!Applied(in sseEvent, _protocol.HasContent(item))) return null;
            if (_providerFailure is null && _protocol.FindError(in sseEvent, item) is { } error)
            {
                _providerFailure = new ProviderStreamException(error, sseEvent.Index, sseEvent.ByteOffset, _protocol.Snapshot());
            }
            return item;
        }

        /// <summary>An event could not be read: a provider error (reading goes on), a skipped event, or the stream's failure.</summary>
        private void ReadFailed(in SseEvent sseEvent, Exception ex)
        {
            var failure = ParseFailure(in sseEvent, ex);
            if (failure is ProviderStreamException provider)
            {
                // An `event: error` whose body is not the item shape is still a provider error: reading goes on, as for any other.
                _providerFailure ??= provider;
                return;
            }
            if (_skipMalformed && failure is MalformedStreamException malformed)
            {
                lock (Skipped) Skipped.Add(malformed);
                Statistics.SkippedEvents++;
                return;
            }
            _failure = failure;
        }

        /// <summary>After an event was folded: the text and item limits, counts, and the first-content timer. False when a limit ended the stream.</summary>
        private bool Applied(in SseEvent sseEvent, bool hasContent)
        {
            if (_protocol.TextLength > _limits.MaxTextChars)
            {
                _failure = new StreamLimitExceededException(StreamLimit.TextChars, _limits.MaxTextChars, sseEvent.Index, sseEvent.ByteOffset, _protocol.Snapshot());
                return false;
            }
            if (_protocol.ItemCount > _limits.MaxItems)
            {
                _failure = new StreamLimitExceededException(StreamLimit.Items, _limits.MaxItems, sseEvent.Index, sseEvent.ByteOffset, _protocol.Snapshot());
                return false;
            }
            Statistics.Items++;
            // The clock is read only for the first item and the first delta (a clock read per event is measurable).
            Statistics.TimeToFirstItem ??= _watchdog.Clock.Elapsed;
            if (hasContent)
            {
                Telemetry?.Content();
                Statistics.Deltas++;
                if (Statistics.TimeToFirstDelta is null)
                {
                    Statistics.TimeToFirstDelta = _watchdog.Clock.Elapsed;
                    _watchdog.Content();
                }
            }
            return true;
        }

        private LlmStreamException ParseFailure(in SseEvent sseEvent, Exception ex)
        {
            var partial = _protocol.Snapshot();
            if (sseEvent.EventType == "error")
            {
                // Groq and others send `event: error` with a body that is not the item shape (or not JSON at all).
                return new ProviderStreamException(Http.ProviderErrorParser.ParseOrRaw(in sseEvent),
                    sseEvent.Index, sseEvent.ByteOffset, partial, ex);
            }
            if (JsonDepth.Exceeds(sseEvent.Data.Span, _limits.MaxJsonDepth))
            {
                return new StreamLimitExceededException(StreamLimit.JsonDepth, _limits.MaxJsonDepth, sseEvent.Index, sseEvent.ByteOffset, partial, ex);
            }
            if (sseEvent.Unterminated)
            {
                return new TruncatedStreamException("The stream ended in the middle of event " + sseEvent.Index + " (at byte " + sseEvent.ByteOffset + ")",
                    _bytes, partial, ex);
            }
            return ex is JsonPayloadException payload
                ? new MalformedStreamException(payload.Reason, sseEvent.Index, sseEvent.ByteOffset, payload.JsonPath, payload.BytePosition, partial, ex)
                : new MalformedStreamException("The event could not be read: " + ex.Message, sseEvent.Index, sseEvent.ByteOffset, null, null, partial, ex);
        }

        private LlmStreamException ReadFailure(Exception ex)
        {
            var partial = SafeSnapshot();
            if (_watchdog.Fired is StreamTimer timer) return new StreamTimeoutException(timer, _watchdog.LimitOf(timer), _bytes, partial, ex);
            if (_callerToken.IsCancellationRequested) return new StreamCancelledException(_bytes, partial, ex);
            if (ex is InvalidDataException)
                return new MalformedStreamException("The body could not be decoded: " + ex.Message, null, _bytes, null, null, partial, ex);
            string what = ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException
                ? "The connection failed mid-stream: "
                : "Reading the body failed: ";
            return new TruncatedStreamException(what + ex.Message, _bytes, partial, ex);
        }

        /// <summary>The snapshot, or null when the reducer cannot make one (after a failed fold).</summary>
        private object? SafeSnapshot()
        {
            try
            {
                return _protocol.Snapshot();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }

        private void Finish()
        {
            TResult final;
            try
            {
                final = _protocol.Snapshot();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The reducer cannot build a value (a fold failed half-way): the stream ends malformed, with no value.
                _failure ??= new MalformedStreamException("The reduced value could not be built: " + ex.Message, null, _bytes, null, null, null, ex);
                final = default!;
            }
            LlmStreamException? failure = _failure is StreamCancelledException ? _failure : _providerFailure ?? _failure;
            if (failure is null && !(final is null ? _protocol.IsComplete(_sawDone) : _protocol.IsComplete(_sawDone, final)))
            {
                failure = Statistics.Events == 0
                    ? new TruncatedStreamException("The body held no SSE events (" + _bytes + " bytes)", _bytes, final)
                    : new TruncatedStreamException("The stream ended without [DONE] and without a finish after " + _bytes + " bytes", _bytes, final);
            }
            Statistics.Bytes = _bytes;
            Statistics.Comments = _parser.CommentCount;
            _parser.ReleaseBuffers();
            Statistics.Elapsed = _watchdog.Clock.Elapsed;
            _result = _protocol.CreateResult(failure?.Outcome ?? StreamOutcome.Completed, final, failure, Statistics, _sawDone);
            Telemetry?.Finished(_result);
            try
            {
                _observer?.StreamEnded(_protocol.Name, _result);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An observer must not change how the stream ends.
            }
        }

        private void Abort()
        {
            try
            {
                if (_owner is not null) _owner.Dispose();
                else if (!_leaveOpen) _body.Dispose();
            }
            catch (Exception)
            {
                // Aborting is best effort: the read that it unblocks reports the failure.
            }
        }

        /// <summary>Releases the body stream and the HTTP response behind it.</summary>
        public override void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _watchdog.Dispose();
            if (!_leaveOpen) _body.Dispose();
            _owner?.Dispose();
        }
    }
}
