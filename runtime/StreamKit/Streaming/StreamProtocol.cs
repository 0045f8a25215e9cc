using System;
using System.Text.Json;
using StreamKit.Serialization;
using StreamKit.Sse;

namespace StreamKit
{
    /// <summary>
    /// What one API adds to the stream engine: how to parse an SSE event's data into an item, how to fold it, whether
    /// it carries content or a provider error, and when the stream is complete. One instance per stream (it holds the
    /// reducer's state). <see cref="LlmStream{TItem, TResult}"/> owns the loop, timers, limits, cancellation and outcomes.
    /// </summary>
    /// <typeparam name="TItem">One parsed item: a chunk, an event.</typeparam>
    /// <typeparam name="TResult">The reduced value.</typeparam>
    /// <remarks>
    /// Derive from it to stream your own generated event union with StreamKit's engine: <see cref="Parse"/> calls the
    /// generated <c>ReadJson</c> through <see cref="ReadJson{T}"/>, <see cref="Apply"/> and <see cref="Snapshot"/> call
    /// the generated reducer. Any exception from <see cref="Parse"/> or <see cref="Apply"/> ends the stream as
    /// <see cref="StreamOutcome.Malformed"/> (naming the event), never as an escaping exception.
    /// </remarks>
    public abstract class StreamProtocol<TItem, TResult>
        where TItem : class
    {
        /// <summary>A short name of the API (<c>chat</c>, <c>responses</c>), used in CLI output and error records.</summary>
        public abstract string Name { get; }

        /// <summary>Called once by the engine before the first item, with the stream's limits (to bound the reducer's own growth). Default: nothing.</summary>
        public virtual void Initialize(LlmStreamLimits limits)
        {
        }

        /// <summary>Parses one event's data. Throw (for example the <c>JsonPayloadException</c> of generated readers) for data that is not the expected JSON.</summary>
        /// <param name="sseEvent">The SSE event (type, data, index, offset).</param>
        /// <param name="readerOptions">Reader options carrying the stream's JSON depth limit.</param>
        public abstract TItem Parse(in SseEvent sseEvent, JsonReaderOptions readerOptions);

        /// <summary>Folds one item into the reduced value.</summary>
        public abstract void Apply(TItem item);

        /// <summary>The reduced value so far (a new object each call).</summary>
        public abstract TResult Snapshot();

        /// <summary>Writes a reduced value as JSON.</summary>
        public abstract void WriteJson(Utf8JsonWriter writer, TResult value);

        /// <summary>Whether the stream said it is complete (<paramref name="sawDone"/>: <c>data: [DONE]</c> arrived).</summary>
        public abstract bool IsComplete(bool sawDone);

        /// <summary>
        /// As <see cref="IsComplete(bool)"/>, given the final value the engine has just built (so that a rule that reads the
        /// value need not build it again). Default: <see cref="IsComplete(bool)"/>.
        /// </summary>
        public virtual bool IsComplete(bool sawDone, TResult value) => IsComplete(sawDone);

        /// <summary>Whether the item carries new content (it stops the first-content timer and counts as a delta). Default true.</summary>
        public virtual bool HasContent(TItem item) => true;

        /// <summary>The provider error this item reports, or null. Reading goes on after one (trailing usage is kept).</summary>
        public virtual ProviderError? FindError(in SseEvent sseEvent, TItem item) => null;

        /// <summary>The highest choice, item or part index the item addresses, checked against <see cref="LlmStreamLimits.MaxItems"/> before it is applied. Default 0.</summary>
        public virtual long HighestIndex(TItem item) => 0;

        /// <summary>Text accumulated so far in UTF-16 chars, checked against <see cref="LlmStreamLimits.MaxTextChars"/>. Default 0.</summary>
        public virtual long TextLength => 0;

        /// <summary>Tool calls or output items so far, checked against <see cref="LlmStreamLimits.MaxItems"/>. Default 0.</summary>
        public virtual int ItemCount => 0;

        /// <summary>
        /// The reduce-only path, used by <c>ReduceAsync()</c> without a callback: fold one event straight from its data
        /// bytes (for example with the generated reducer's <c>ApplyJson</c>), building no item, and say whether it carried
        /// content. Return false, having folded nothing, for an event that must go through <see cref="Parse"/> and
        /// <see cref="Apply"/> (an error event, or when you have listeners that need items). Throw as <see cref="Parse"/>
        /// does (a <c>JsonPayloadException</c> ends the stream as malformed). Default: false for every event.
        /// </summary>
        /// <param name="sseEvent">The SSE event.</param>
        /// <param name="readerOptions">Reader options carrying the stream's JSON depth limit.</param>
        /// <param name="hasContent">Whether the event carried new content (as <see cref="HasContent"/> says of an item).</param>
        protected internal virtual bool TryFoldData(in SseEvent sseEvent, JsonReaderOptions readerOptions, out bool hasContent)
        {
            hasContent = false;
            return false;
        }

        /// <summary>Makes the result object; override to add API-specific facts.</summary>
        public virtual StreamResult<TResult> CreateResult(StreamOutcome outcome, TResult value, LlmStreamException? error, StreamStatistics statistics, bool sawDone) =>
            new StreamResult<TResult>(outcome, value, error, statistics, sawDone);

        /// <summary>Reads one whole JSON document from <paramref name="utf8Json"/> with a generated reader (such as <c>MyEvent.ReadJson</c>).</summary>
        /// <exception cref="JsonPayloadException">Not JSON, trailing data, or a member of the wrong kind; names the JSON path and byte offset.</exception>
        protected static T ReadJson<T>(ReadOnlySpan<byte> utf8Json, JsonReaderOptions readerOptions, JsonValueReader<T> read)
        {
            var reader = new Utf8JsonReader(utf8Json, readerOptions);
            return GeneratedJson.ReadDocument(ref reader, read);
        }
    }
}
