using System;

namespace StreamKit
{
    /// <summary>The stream exceeded one of <see cref="LlmStreamLimits"/>; reading stopped and the partial snapshot is kept.</summary>
    public sealed class StreamLimitExceededException : LlmStreamException
    {
        /// <summary>Creates the exception.</summary>
        public StreamLimitExceededException(StreamLimit limit, long maximum, int? eventIndex, long byteOffset, object? partial, Exception? inner = null)
            : base("The stream exceeded the " + StreamNames.Of(limit) + " limit of " + maximum
                + (eventIndex is int i ? " (event " + i + " at byte " + byteOffset + ")" : " (at byte " + byteOffset + ")"),
                StreamOutcome.LimitExceeded, partial, inner)
        {
            Limit = limit;
            Maximum = maximum;
            EventIndex = eventIndex;
            ByteOffset = byteOffset;
        }

        /// <summary>Which limit.</summary>
        public StreamLimit Limit { get; }

        /// <summary>Its configured value.</summary>
        public long Maximum { get; }

        /// <summary>The event that crossed it, when known.</summary>
        public int? EventIndex { get; }

        /// <summary>Byte offset in the stream where it was crossed.</summary>
        public long ByteOffset { get; }

        /// <summary>The snake_case name of <see cref="Limit"/>.</summary>
        public string LimitName => StreamNames.Of(Limit);
    }
}
