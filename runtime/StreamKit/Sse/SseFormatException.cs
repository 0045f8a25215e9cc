using System;

namespace StreamKit.Sse
{
    /// <summary>The byte stream cannot be read as Server-Sent Events within the parser's limits (a line or an event too large).</summary>
    public sealed class SseFormatException : FormatException
    {
        /// <summary>Creates the exception for a problem at <paramref name="byteOffset"/>.</summary>
        public SseFormatException(string reason, long byteOffset, StreamLimit? limit = null, long maximum = 0)
            : base(reason + " (at byte " + byteOffset + " of the stream)")
        {
            Reason = reason;
            ByteOffset = byteOffset;
            Limit = limit;
            Maximum = maximum;
        }

        /// <summary>What is wrong.</summary>
        public string Reason { get; }

        /// <summary>Offset in bytes from the start of the stream.</summary>
        public long ByteOffset { get; }

        /// <summary>The limit that was exceeded, when this is a size cap (<see cref="StreamLimit.LineBytes"/>, <see cref="StreamLimit.EventBytes"/>).</summary>
        public StreamLimit? Limit { get; }

        /// <summary>The limit's value, in bytes.</summary>
        public long Maximum { get; }
    }
}
