using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Serialization;
using StreamKit.Sse;

namespace StreamKit.Streaming
{
    /// <summary>
    /// An LLM stream over SSE: each event's data parsed into a typed item and folded as it arrives. The reading loop,
    /// <c>[DONE]</c>, error and outcome rules are shared; each API says how to parse, fold and judge its items.
    /// </summary>
    /// <remarks>
    /// <para>Enumerate it to get each item as it arrives; when the stream ends badly the enumeration throws a
    /// <see cref="LlmStreamException"/> whose <see cref="LlmStreamException.Partial"/> is the snapshot so far. Or call
    /// <see cref="ReduceAsync"/>, which never throws for how the stream ended. <see cref="Snapshot"/> works at any moment.</para>
    /// <para>A provider error does not stop reading (trailing usage is kept); the first malformed event does. <c>[DONE]</c>
    /// ends the stream and is not yielded. It can be read once; it owns the body (and HTTP response) and disposes them.</para>
    /// </remarks>
    public abstract class LlmStream<TItem, TResult, TStreamResult> : IAsyncEnumerable<TItem>, IDisposable
        where TItem : class
        where TStreamResult : StreamResult<TResult>
    {
        private readonly Stream _body;
        private readonly IDisposable? _owner;
        private readonly bool _leaveOpen;
        private readonly Stopwatch _clock;
        private readonly StreamStatistics _statistics = new StreamStatistics();
        private int _started;

        /// <summary>Creates the stream over <paramref name="body"/>; <paramref name="clock"/> started when the request was sent.</summary>
        private protected LlmStream(Stream body, IDisposable? owner, Stopwatch clock, bool leaveOpen)
        {
            _body = body ?? throw new ArgumentNullException(nameof(body));
            _owner = owner;
            _clock = clock;
            _leaveOpen = leaveOpen;
        }

        /// <summary>The reduced value so far (a new object each call).</summary>
        public abstract TResult Snapshot();

        /// <summary>Counts and timings so far.</summary>
        public StreamStatistics Statistics => _statistics;

        /// <summary>How the stream ended; null until it has.</summary>
        public TStreamResult? Result { get; private set; }

        /// <summary>Parses one event's data. Throws <see cref="JsonPayloadException"/> for data that is not the expected JSON.</summary>
        private protected abstract TItem Parse(SseItem item);

        /// <summary>Folds one item.</summary>
        private protected abstract void Apply(TItem item);

        /// <summary>Whether the item carries new content (for the delta counts and timings).</summary>
        private protected abstract bool HasDelta(TItem item);

        /// <summary>The provider error this item reports, or null.</summary>
        private protected abstract ProviderError? ErrorIn(SseItem item, TItem parsed);

        /// <summary>Whether the stream said it is complete, beyond <c>[DONE]</c> (every choice finished, a terminal event).</summary>
        private protected abstract bool IsComplete(TResult snapshot, bool sawDone);

        /// <summary>Makes the result object.</summary>
        private protected abstract TStreamResult MakeResult(StreamOutcome outcome, TResult value, LlmStreamException? error, StreamStatistics statistics, bool sawDone);

        /// <summary>Yields each item as it arrives; throws a <see cref="LlmStreamException"/> if the stream does not complete.</summary>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public IAsyncEnumerator<TItem> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            ReadAsync(throwOnFailure: true, cancellationToken).GetAsyncEnumerator(cancellationToken);

        /// <summary>Reads the whole stream, calling <paramref name="onItem"/> for each item, and returns how it ended.</summary>
        /// <remarks>Does not throw for truncated, provider-error or malformed streams: see the result's Outcome.</remarks>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public async Task<TStreamResult> ReduceAsync(Action<TItem>? onItem = null, CancellationToken cancellationToken = default)
        {
            await foreach (var item in ReadAsync(throwOnFailure: false, cancellationToken).ConfigureAwait(false))
            {
                onItem?.Invoke(item);
            }
            return Result!;
        }

        private async IAsyncEnumerable<TItem> ReadAsync(bool throwOnFailure, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("A stream can be read only once.");
            var reader = new SseReader(_body);
            LlmStreamException? failure = null;
            bool sawDone = false;
            try
            {
                var events = reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        SseItem item;
                        try
                        {
                            if (!await events.MoveNextAsync().ConfigureAwait(false)) break;
                            item = events.Current;
                        }
                        catch (SseFormatException ex)
                        {
                            failure = new MalformedStreamException(ex.Reason, null, ex.ByteOffset, null, null, Snapshot(), ex);
                            break;
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException)
                        {
                            failure = new TruncatedStreamException("The connection failed mid-stream: " + ex.Message, reader.BytesRead, Snapshot(), ex);
                            break;
                        }

                        _statistics.Events++;
                        if (item.IsDoneSentinel)
                        {
                            sawDone = true;
                            break;
                        }

                        var parsed = TryParse(item, ref failure);
                        if (parsed is null) break;
                        Apply(parsed);
                        Count(parsed);
                        if (failure is null && ErrorIn(item, parsed) is { } error)
                        {
                            failure = new ProviderStreamException(error, item.Index, item.ByteOffset, Snapshot());
                        }
                        yield return parsed;
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }

                var final = Snapshot();
                if (failure is null && !IsComplete(final, sawDone))
                {
                    failure = new TruncatedStreamException(
                        "The stream ended without [DONE] and without a finish after " + reader.BytesRead + " bytes", reader.BytesRead, final);
                }
                _statistics.Bytes = reader.BytesRead;
                _statistics.Comments = reader.CommentCount;
                _statistics.Elapsed = _clock.Elapsed;
                Result = MakeResult(failure?.Outcome ?? StreamOutcome.Completed, final, failure, _statistics, sawDone);
            }
            finally
            {
                Dispose();
            }
            if (throwOnFailure && failure is not null) throw failure;
        }

        private TItem? TryParse(SseItem item, ref LlmStreamException? failure)
        {
            try
            {
                return Parse(item);
            }
            catch (JsonPayloadException ex)
            {
                failure = item.EventType == "error"
                    ? new ProviderStreamException(new ProviderError(item.GetDataString(), null, null, null, null), item.Index, item.ByteOffset, Snapshot(), ex)
                    : new MalformedStreamException(ex.Reason, item.Index, item.ByteOffset, ex.JsonPath, ex.BytePosition, Snapshot(), ex);
                return null;
            }
        }

        private void Count(TItem item)
        {
            _statistics.Items++;
            _statistics.TimeToFirstItem ??= _clock.Elapsed;
            if (HasDelta(item))
            {
                _statistics.Deltas++;
                _statistics.TimeToFirstDelta ??= _clock.Elapsed;
            }
        }

        /// <summary>Releases the body stream and the HTTP response behind it.</summary>
        public void Dispose()
        {
            if (!_leaveOpen) _body.Dispose();
            _owner?.Dispose();
        }
    }
}
