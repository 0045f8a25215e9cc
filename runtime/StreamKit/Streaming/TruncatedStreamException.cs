using System;

namespace StreamKit
{
    /// <summary>The stream ended without <c>[DONE]</c> and without a finish reason: the answer is probably cut short.</summary>
    public sealed class TruncatedStreamException : LlmStreamException
    {
        /// <summary>Creates the exception; <paramref name="inner"/> is the I/O error when the connection broke.</summary>
        public TruncatedStreamException(string message, long byteOffset, object? partial, Exception? inner = null)
            : base(message, StreamOutcome.Truncated, partial, inner)
        {
            ByteOffset = byteOffset;
        }

        /// <summary>Bytes received before the end.</summary>
        public long ByteOffset { get; }
    }
}
