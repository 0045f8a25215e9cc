namespace StreamKit.Cli
{
    /// <summary>The process exit codes of <c>streamkit</c> (documented in README.md).</summary>
    public static class ExitCodes
    {
        /// <summary>The stream completed.</summary>
        public const int Completed = 0;

        /// <summary>An unexpected failure (I/O, a bug).</summary>
        public const int Failure = 1;

        /// <summary>Bad command line or an unreadable input file.</summary>
        public const int Usage = 2;

        /// <summary>The stream ended without [DONE] and without a finish reason.</summary>
        public const int Truncated = 3;

        /// <summary>The provider reported an error inside the stream (or a JSON error body with status 200).</summary>
        public const int ProviderError = 4;

        /// <summary>The stream is not valid SSE, its data is not the expected JSON, or the body is not an event stream.</summary>
        public const int Malformed = 5;

        /// <summary>The endpoint answered with a non-2xx status, or could not be reached, after the retries.</summary>
        public const int HttpError = 6;

        /// <summary>A timer ran out (response, first content, idle, total).</summary>
        public const int TimedOut = 7;

        /// <summary>Cancelled by Ctrl+C or SIGTERM.</summary>
        public const int Cancelled = 8;

        /// <summary>The stream exceeded a limit (line, event or stream bytes, text, items, JSON depth).</summary>
        public const int LimitExceeded = 9;

        /// <summary>The exit code for <paramref name="outcome"/>.</summary>
        public static int For(StreamOutcome outcome) => outcome switch
        {
            StreamOutcome.Completed => Completed,
            StreamOutcome.Truncated => Truncated,
            StreamOutcome.ProviderError => ProviderError,
            StreamOutcome.Malformed => Malformed,
            StreamOutcome.HttpError => HttpError,
            StreamOutcome.TimedOut => TimedOut,
            StreamOutcome.Cancelled => Cancelled,
            StreamOutcome.LimitExceeded => LimitExceeded,
            _ => Failure,
        };
    }
}
