using System;

namespace StreamKit.Streaming
{
    /// <summary>The provider reported an error inside the stream; <see cref="LlmStreamException.Partial"/> keeps what arrived before.</summary>
    public sealed class ProviderStreamException : LlmStreamException
    {
        /// <summary>Creates the exception for the error in event <paramref name="eventIndex"/>.</summary>
        public ProviderStreamException(ProviderError error, int eventIndex, long byteOffset, object? partial, Exception? inner = null)
            : base("The provider reported an error in the stream (event " + eventIndex + "): " + error, StreamOutcome.ProviderError, partial, inner)
        {
            Error = error;
            EventIndex = eventIndex;
            ByteOffset = byteOffset;
        }

        /// <summary>The provider's error.</summary>
        public ProviderError Error { get; }

        /// <summary>0-based index of the SSE event that carried the error.</summary>
        public int EventIndex { get; }

        /// <summary>Byte offset of that event in the stream.</summary>
        public long ByteOffset { get; }
    }
}
