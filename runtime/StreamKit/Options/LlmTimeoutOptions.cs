using System;
using System.Threading;

namespace StreamKit
{
    /// <summary>
    /// The timers of one request. Each is measured by the stream engine itself, so a stalled body ends within its
    /// bound even when <c>HttpClient.Timeout</c> is infinite. <see cref="Timeout.InfiniteTimeSpan"/> (or null) turns one off.
    /// When one fires the stream ends with <see cref="StreamOutcome.TimedOut"/> naming the <see cref="StreamTimer"/>.
    /// </summary>
    public sealed class LlmTimeoutOptions
    {
        /// <summary>
        /// From sending the request to its response headers (connect, TLS, queueing at the provider), per attempt.
        /// Default 100 s. Timer <see cref="StreamTimer.Response"/>; retried like a 408.
        /// </summary>
        public TimeSpan? Response { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// From sending the request to the first item with content (text, reasoning, a tool-call fragment); keep-alive
        /// comments, role-only and empty deltas do not count. Default 120 s (reasoning models think before they speak).
        /// </summary>
        public TimeSpan? FirstContent { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>
        /// The longest silence allowed between two reads of the body; any bytes count as liveness, keep-alive comments
        /// included. Default 90 s.
        /// </summary>
        public TimeSpan? Idle { get; set; } = TimeSpan.FromSeconds(90);

        /// <summary>From sending the request to the end of the stream, retries included. Default none.</summary>
        public TimeSpan? Total { get; set; }

        internal void Validate()
        {
            Check(Response, nameof(Response));
            Check(FirstContent, nameof(FirstContent));
            Check(Idle, nameof(Idle));
            Check(Total, nameof(Total));
        }

        private static void Check(TimeSpan? value, string name)
        {
            if (value is TimeSpan t && t != Timeout.InfiniteTimeSpan && t <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(name, t, "A timeout must be positive, or infinite (null) to turn it off.");
        }

        /// <summary>The value in force: null when off.</summary>
        internal static TimeSpan? Effective(TimeSpan? value) => value is TimeSpan t && t != Timeout.InfiniteTimeSpan ? t : null;
    }
}
