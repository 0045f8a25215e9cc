using System;

namespace StreamKit
{
    /// <summary>
    /// A stream did not complete. <see cref="Outcome"/> says how it ended and <see cref="Partial"/> holds what was
    /// received before (a <c>StreamKit.Chat.ChatCompletion</c> or a <c>StreamKit.Responses.Response</c>): nothing
    /// already received is lost. Every way a StreamKit stream or request ends badly is one of these.
    /// </summary>
    public abstract class LlmStreamException : Exception
    {
        /// <summary>Creates the exception.</summary>
        protected LlmStreamException(string message, StreamOutcome outcome, object? partial, Exception? inner)
            : base(message, inner)
        {
            Outcome = outcome;
            Partial = partial;
        }

        /// <summary>How the stream ended.</summary>
        public StreamOutcome Outcome { get; }

        /// <summary>The reduced snapshot at the moment the stream failed (null when no stream had started).</summary>
        public object? Partial { get; }

        /// <summary>The snake_case name of <see cref="Outcome"/> (<c>truncated</c>, <c>timed_out</c>, ...).</summary>
        public string OutcomeName => StreamNames.Of(Outcome);
    }
}
