using System;

namespace StreamKit
{
    /// <summary>A timer of <see cref="LlmTimeoutOptions"/> ran out; <see cref="LlmStreamException.Partial"/> keeps what arrived before.</summary>
    public sealed class StreamTimeoutException : LlmStreamException
    {
        /// <summary>Creates the exception.</summary>
        public StreamTimeoutException(StreamTimer timer, TimeSpan limit, long byteOffset, object? partial, Exception? inner = null)
            : base("The " + Describe(timer) + " timeout of " + limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
                + " s ran out after " + byteOffset + " bytes", StreamOutcome.TimedOut, partial, inner)
        {
            Timer = timer;
            Limit = limit;
            ByteOffset = byteOffset;
        }

        /// <summary>Which timer ran out.</summary>
        public StreamTimer Timer { get; }

        /// <summary>Its configured length.</summary>
        public TimeSpan Limit { get; }

        /// <summary>Body bytes received before it ran out.</summary>
        public long ByteOffset { get; }

        /// <summary>The snake_case name of <see cref="Timer"/>.</summary>
        public string TimerName => StreamNames.Of(Timer);

        private static string Describe(StreamTimer timer) => timer switch
        {
            StreamTimer.Response => "response (headers)",
            StreamTimer.FirstContent => "first-content",
            StreamTimer.Idle => "idle",
            _ => "total",
        };
    }
}
