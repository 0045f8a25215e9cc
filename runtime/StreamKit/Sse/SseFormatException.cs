using System;

namespace StreamKit.Sse
{
    /// <summary>The byte stream cannot be read as Server-Sent Events (for example a line longer than the configured limit).</summary>
    public sealed class SseFormatException : FormatException
    {
        /// <summary>Creates the exception for a problem at <paramref name="byteOffset"/>.</summary>
        public SseFormatException(string reason, long byteOffset)
            : base(reason + " (at byte " + byteOffset + " of the stream)")
        {
            Reason = reason;
            ByteOffset = byteOffset;
        }

        /// <summary>What is wrong.</summary>
        public string Reason { get; }

        /// <summary>Offset in bytes from the start of the stream.</summary>
        public long ByteOffset { get; }
    }
}
