using System;
using System.Text;

namespace StreamKit.Sse
{
    /// <summary>
    /// One dispatched Server-Sent Events event (named so as not to shadow <c>System.Net.ServerSentEvents.SseItem&lt;T&gt;</c>) (WHATWG HTML §9.2 "dispatch the event"): its type, its data
    /// (UTF-8, the <c>data</c> lines joined with LF) and where it sits in the stream.
    /// </summary>
    public readonly struct SseEvent
    {
        /// <summary>The literal <c>[DONE]</c> that ends OpenAI-style streams (not JSON; never passed on as a chunk).</summary>
        public static ReadOnlySpan<byte> DoneSentinel => "[DONE]"u8;

        /// <summary>Creates an item; <paramref name="eventType"/> null or empty means <c>message</c>.</summary>
        public SseEvent(string? eventType, ReadOnlyMemory<byte> data, string? lastEventId, long? retry, int index, long byteOffset, bool unterminated = false)
        {
            EventType = string.IsNullOrEmpty(eventType) ? "message" : eventType!;
            Data = data;
            LastEventId = lastEventId;
            Retry = retry;
            Index = index;
            ByteOffset = byteOffset;
            Unterminated = unterminated;
        }

        /// <summary>The <c>event:</c> field, or <c>message</c> when the event had none.</summary>
        public string EventType { get; }

        /// <summary>The data as UTF-8 bytes, multi-line data joined with LF, no trailing LF.</summary>
        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>The last event ID buffer at dispatch (the <c>id:</c> field, sticky across events), or null.</summary>
        public string? LastEventId { get; }

        /// <summary>The <c>retry:</c> reconnection time in milliseconds, when this event set one.</summary>
        public long? Retry { get; }

        /// <summary>0-based position among the events dispatched by the stream.</summary>
        public int Index { get; }

        /// <summary>Byte offset, from the start of the stream, of the event's first line.</summary>
        public long ByteOffset { get; }

        /// <summary>True when the stream ended before the blank line that should end this event (kept, not dropped).</summary>
        public bool Unterminated { get; }

        /// <summary>Whether the data is exactly <c>[DONE]</c>.</summary>
        public bool IsDoneSentinel => Data.Span.SequenceEqual(DoneSentinel);

        /// <summary>The data decoded as UTF-8.</summary>
        public string GetDataString() => Encoding.UTF8.GetString(Data.ToArray());

        /// <summary>The data decoded as UTF-8, cut to <paramref name="maxChars"/> characters (with an ellipsis) for messages.</summary>
        public string GetDataPreview(int maxChars = 200)
        {
            string text = GetDataString();
            return text.Length <= maxChars ? text : text.Substring(0, maxChars) + "…";
        }

        /// <inheritdoc/>
        public override string ToString() => "#" + Index + " " + EventType + " @" + ByteOffset + ": " + GetDataString();
    }
}
