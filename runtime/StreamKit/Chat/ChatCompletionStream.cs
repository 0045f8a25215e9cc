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
using StreamKit.Streaming;

namespace StreamKit.Chat
{
    /// <summary>
    /// A Chat Completions stream (<c>chat.completion.chunk</c> objects over SSE, ending in <c>data: [DONE]</c>) as
    /// typed chunks, folded as they arrive into a <see cref="ChatCompletion"/> snapshot.
    /// </summary>
    /// <remarks>
    /// <para>Enumerate it (<c>await foreach</c>) to get each chunk as it arrives; when the stream ends badly the
    /// enumeration throws a <see cref="LlmStreamException"/> whose <see cref="LlmStreamException.Partial"/> is the
    /// snapshot so far. Or call <see cref="ReduceAsync"/>, which never throws for how the stream ended and returns a
    /// <see cref="ChatStreamResult"/> naming the outcome. Either way <see cref="Snapshot"/> works at any moment.</para>
    /// <para>A chunk with an <c>error</c> member (OpenRouter) or an <c>event: error</c> (Groq) is a provider error;
    /// reading goes on to the end so that trailing usage is not lost. The first malformed event stops reading.
    /// <c>[DONE]</c> ends the stream and is not yielded. A stream that ends without <c>[DONE]</c> is completed
    /// only if every choice has a finish reason; otherwise it is truncated.</para>
    /// <para>It can be enumerated once. It owns the body stream (and the HTTP response) and disposes them.</para>
    /// </remarks>
    public sealed class ChatCompletionStream : IAsyncEnumerable<ChatCompletionChunk>, IDisposable
    {
        private readonly Stream _body;
        private readonly IDisposable? _owner;
        private readonly bool _leaveOpen;
        private readonly Stopwatch _clock;
        private readonly ChatCompletionReducer _reducer = new ChatCompletionReducer();
        private readonly StreamStatistics _statistics = new StreamStatistics();
        private int _started;

        internal ChatCompletionStream(Stream body, IDisposable? owner, Stopwatch clock, bool leaveOpen = false)
        {
            _body = body;
            _owner = owner;
            _clock = clock;
            _leaveOpen = leaveOpen;
        }

        /// <summary>Reads a stream from any SSE body: a recorded <c>.sse</c> file, or a body you fetched yourself.</summary>
        /// <param name="sseBody">The bytes of the <c>text/event-stream</c> body.</param>
        /// <param name="leaveOpen">When true, disposing this object does not dispose <paramref name="sseBody"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sseBody"/> is null.</exception>
        public static ChatCompletionStream FromStream(Stream sseBody, bool leaveOpen = false) =>
            new ChatCompletionStream(sseBody ?? throw new ArgumentNullException(nameof(sseBody)), null, Stopwatch.StartNew(), leaveOpen);

        /// <summary>The reduced completion so far (a new object each call); final once the stream completed.</summary>
        public ChatCompletion Snapshot() => _reducer.Snapshot();

        /// <summary>Counts and timings so far.</summary>
        public StreamStatistics Statistics => _statistics;

        /// <summary>How the stream ended; null until it has.</summary>
        public ChatStreamResult? Result { get; private set; }

        /// <summary>Yields each chunk as it arrives; throws a <see cref="LlmStreamException"/> if the stream does not complete.</summary>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public IAsyncEnumerator<ChatCompletionChunk> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            ReadAsync(throwOnFailure: true, cancellationToken).GetAsyncEnumerator(cancellationToken);

        /// <summary>Reads the whole stream, calling <paramref name="onChunk"/> for each chunk, and returns how it ended.</summary>
        /// <remarks>Does not throw for truncated, provider-error or malformed streams: see <see cref="ChatStreamResult.Outcome"/>.</remarks>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public async Task<ChatStreamResult> ReduceAsync(Action<ChatCompletionChunk>? onChunk = null, CancellationToken cancellationToken = default)
        {
            await foreach (var chunk in ReadAsync(throwOnFailure: false, cancellationToken).ConfigureAwait(false))
            {
                onChunk?.Invoke(chunk);
            }
            return Result!;
        }

        private async IAsyncEnumerable<ChatCompletionChunk> ReadAsync(bool throwOnFailure, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("A ChatCompletionStream can be read only once.");
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

                        var chunk = TryParse(item, ref failure);
                        if (chunk is null) break;
                        _reducer.Apply(chunk);
                        Count(chunk);
                        if (failure is null && (item.EventType == "error" || chunk.Error is not null))
                        {
                            var error = ProviderErrorParser.TryParse(item.Data.Span) ?? new ProviderError(item.GetDataString(), null, null, null, item.GetDataString());
                            failure = new ProviderStreamException(error, item.Index, item.ByteOffset, Snapshot());
                        }
                        yield return chunk;
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }

                var final = Snapshot();
                if (failure is null && !sawDone && !AllChoicesFinished(final))
                {
                    failure = new TruncatedStreamException(
                        "The stream ended without [DONE] and without a finish reason after " + reader.BytesRead + " bytes", reader.BytesRead, final);
                }
                _statistics.Bytes = reader.BytesRead;
                _statistics.Comments = reader.CommentCount;
                _statistics.Elapsed = _clock.Elapsed;
                Result = new ChatStreamResult(failure?.Outcome ?? StreamOutcome.Completed, final, failure, _statistics, sawDone);
            }
            finally
            {
                Dispose();
            }
            if (throwOnFailure && failure is not null) throw failure;
        }

        private ChatCompletionChunk? TryParse(SseItem item, ref LlmStreamException? failure)
        {
            try
            {
                return ChatCompletionChunk.Parse(item.Data.Span);
            }
            catch (JsonPayloadException ex)
            {
                if (item.EventType == "error")
                {
                    // An error event whose data is not even JSON is still the provider's error.
                    failure = new ProviderStreamException(new ProviderError(item.GetDataString(), null, null, null, null), item.Index, item.ByteOffset, Snapshot(), ex);
                }
                else
                {
                    failure = new MalformedStreamException(ex.Reason, item.Index, item.ByteOffset, ex.JsonPath, ex.BytePosition, Snapshot(), ex);
                }
                return null;
            }
        }

        private void Count(ChatCompletionChunk chunk)
        {
            _statistics.Items++;
            _statistics.TimeToFirstItem ??= _clock.Elapsed;
            if (chunk.HasDelta())
            {
                _statistics.Deltas++;
                _statistics.TimeToFirstDelta ??= _clock.Elapsed;
            }
        }

        private static bool AllChoicesFinished(ChatCompletion completion)
        {
            if (completion.Choices is not { Count: > 0 } choices) return false;
            foreach (var c in choices) if (c.FinishReason is null) return false;
            return true;
        }

        /// <summary>Releases the body stream and the HTTP response behind it.</summary>
        public void Dispose()
        {
            if (!_leaveOpen) _body.Dispose();
            _owner?.Dispose();
        }
    }
}
