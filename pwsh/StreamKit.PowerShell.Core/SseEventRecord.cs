using StreamKit.Sse;

namespace StreamKit.PowerShell
{
    /// <summary>One SSE event as <c>ConvertFrom-SseStream -AsSseEvent</c> writes it: type, data text, id, retry and where it was.</summary>
    public sealed class SseEventRecord
    {
        /// <summary>The <c>event:</c> field, or <c>message</c>.</summary>
        public string EventType { get; set; } = "message";

        /// <summary>The data, its lines joined with LF.</summary>
        public string Data { get; set; } = "";

        /// <summary>The last event id, or null.</summary>
        public string? Id { get; set; }

        /// <summary>The <c>retry:</c> value in milliseconds, or null.</summary>
        public long? Retry { get; set; }

        /// <summary>0-based index among the stream's events.</summary>
        public int Index { get; set; }

        /// <summary>Byte offset of the event's first line.</summary>
        public long ByteOffset { get; set; }

        /// <summary>The view of a parsed event.</summary>
        public static SseEventRecord From(in SseEvent e) => new SseEventRecord
        {
            EventType = e.EventType, Data = e.GetDataString(), Id = e.LastEventId, Retry = e.Retry, Index = e.Index, ByteOffset = e.ByteOffset,
        };

        /// <inheritdoc/>
        public override string ToString() => EventType + ": " + Data;
    }
}
