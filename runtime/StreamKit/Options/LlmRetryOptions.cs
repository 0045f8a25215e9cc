using System;
using System.Collections.Generic;

namespace StreamKit
{
    /// <summary>
    /// Retries of a request, with Polly: connect failures, a <see cref="LlmTimeoutOptions.Response"/> timeout and the
    /// statuses in <see cref="RetryOnStatusCodes"/>, only before any content reached the caller (text is never duplicated).
    /// The wait is exponential with jitter from <see cref="BaseDelay"/>, or what the server asked for in
    /// <c>Retry-After</c> (seconds or an HTTP date, RFC 9110 §10.2.3) or <c>retry-after-ms</c>, never more than
    /// <see cref="MaxDelay"/>. Attempts and waits appear in <see cref="StreamStatistics"/>.
    /// </summary>
    public sealed class LlmRetryOptions
    {
        /// <summary>Retries after the first attempt; 0 turns retries off. Default 2.</summary>
        public int MaxRetries { get; set; } = 2;

        /// <summary>The first backoff wait, doubled each retry, with jitter. Default 1 s.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest wait between attempts, whatever <c>Retry-After</c> asks. Default 60 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Statuses that are retried: 408, 409, 429, 500, 502, 503, 504 by default. 400, 401, 403 and 404 never are.</summary>
        public ISet<int> RetryOnStatusCodes { get; } = new HashSet<int> { 408, 409, 429, 500, 502, 503, 504 };

        private static readonly int[] NeverRetried = { 400, 401, 403, 404 };

        internal bool ShouldRetry(int status) => RetryOnStatusCodes.Contains(status) && Array.IndexOf(NeverRetried, status) < 0;

        internal void Validate()
        {
            if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Retries cannot be negative.");
            if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "A delay cannot be negative.");
            if (MaxDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "A delay cannot be negative.");
        }
    }
}
