using System;

namespace StreamKit
{
    /// <summary>
    /// The caller cancelled the stream. It is the <see cref="StreamResult.Error"/> of a cancelled stream; enumeration
    /// throws an <see cref="OperationCanceledException"/> whose inner exception is this one.
    /// </summary>
    public sealed class StreamCancelledException : LlmStreamException
    {
        /// <summary>Creates the exception.</summary>
        public StreamCancelledException(long byteOffset, object? partial, Exception? inner = null)
            : base("The stream was cancelled after " + byteOffset + " bytes", StreamOutcome.Cancelled, partial, inner)
        {
            ByteOffset = byteOffset;
        }

        /// <summary>Body bytes received before the cancellation.</summary>
        public long ByteOffset { get; }
    }
}
