using System;

namespace StreamKit
{
    /// <summary>
    /// The provider reported an error: inside the stream (event <see cref="EventIndex"/>), or as a JSON error body
    /// answered with status 200 (<see cref="EventIndex"/> null). <see cref="LlmStreamException.Partial"/> keeps what arrived before.
    /// </summary>
    public sealed class ProviderStreamException : LlmStreamException
    {
        /// <summary>Creates the exception for the error in event <paramref name="eventIndex"/> (null: the whole body).</summary>
        public ProviderStreamException(ProviderError error, int? eventIndex, long byteOffset, object? partial, Exception? inner = null)
            : base("The provider reported an error " + (eventIndex is int i ? "in the stream (event " + i + ")" : "instead of a stream") + ": " + error,
                StreamOutcome.ProviderError, partial, inner)
        {
            Error = error;
            EventIndex = eventIndex;
            ByteOffset = byteOffset;
        }

        /// <summary>The provider's error.</summary>
        public ProviderError Error { get; }

        /// <summary>0-based index of the SSE event that carried the error; null when the whole body was the error.</summary>
        public int? EventIndex { get; }

        /// <summary>Byte offset of that event in the stream.</summary>
        public long ByteOffset { get; }
    }
}
