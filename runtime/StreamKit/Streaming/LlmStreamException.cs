using System;

namespace StreamKit.Streaming
{
    /// <summary>
    /// A stream did not complete. <see cref="Outcome"/> says how it ended and <see cref="Partial"/> holds what was
    /// received before (for chat, a <c>StreamKit.Chat.ChatCompletion</c>): nothing already received is lost.
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

        /// <summary>The reduced snapshot at the moment the stream failed (null when nothing was received).</summary>
        public object? Partial { get; }

        /// <summary>A short machine name for the outcome: <c>truncated</c>, <c>provider_error</c>, <c>malformed</c>, <c>http_error</c>.</summary>
        public string OutcomeName => StreamOutcomeNames.Of(Outcome);
    }

    /// <summary>Stable snake_case names of <see cref="StreamOutcome"/> values, as printed by the CLI.</summary>
    public static class StreamOutcomeNames
    {
        /// <summary>The name of <paramref name="outcome"/>.</summary>
        public static string Of(StreamOutcome outcome) => outcome switch
        {
            StreamOutcome.Completed => "completed",
            StreamOutcome.Truncated => "truncated",
            StreamOutcome.ProviderError => "provider_error",
            StreamOutcome.Malformed => "malformed",
            StreamOutcome.HttpError => "http_error",
            _ => outcome.ToString().ToLowerInvariant(),
        };
    }
}
