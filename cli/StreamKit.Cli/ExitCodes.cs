using StreamKit.Streaming;

namespace StreamKit.Cli
{
    /// <summary>The process exit codes of <c>streamkit</c> (documented in README.md).</summary>
    public static class ExitCodes
    {
        /// <summary>The stream completed.</summary>
        public const int Completed = 0;

        /// <summary>An unexpected failure (I/O, a bug).</summary>
        public const int Failure = 1;

        /// <summary>Bad command line or an unsupported input (for example a Responses stream before that API is supported).</summary>
        public const int Usage = 2;

        /// <summary>The stream ended without [DONE] and without a finish reason.</summary>
        public const int Truncated = 3;

        /// <summary>The provider reported an error inside the stream.</summary>
        public const int ProviderError = 4;

        /// <summary>The stream is not valid SSE or its data is not the expected JSON.</summary>
        public const int Malformed = 5;

        /// <summary>The endpoint answered with a non-2xx status.</summary>
        public const int HttpError = 6;

        /// <summary>The exit code for <paramref name="outcome"/>.</summary>
        public static int For(StreamOutcome outcome) => outcome switch
        {
            StreamOutcome.Completed => Completed,
            StreamOutcome.Truncated => Truncated,
            StreamOutcome.ProviderError => ProviderError,
            StreamOutcome.Malformed => Malformed,
            StreamOutcome.HttpError => HttpError,
            _ => Failure,
        };
    }
}
