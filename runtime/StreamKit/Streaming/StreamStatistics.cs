using System;

namespace StreamKit
{
    /// <summary>What a stream carried and how fast: counts, and times measured from the start of the request (or of reading, offline).</summary>
    public sealed class StreamStatistics
    {
        /// <summary>Bytes of the SSE body read (after content decoding).</summary>
        public long Bytes { get; internal set; }

        /// <summary>SSE events dispatched (including <c>[DONE]</c>; comments are not events).</summary>
        public int Events { get; internal set; }

        /// <summary>SSE comment lines, such as <c>: OPENROUTER PROCESSING</c> keep-alives.</summary>
        public int Comments { get; internal set; }

        /// <summary>Items parsed (chunks or events).</summary>
        public int Items { get; internal set; }

        /// <summary>Items that carried new content: text, refusal, reasoning, tool-call or audio pieces.</summary>
        public int Deltas { get; internal set; }

        /// <summary>Events that arrived after <c>data: [DONE]</c> in the bytes already read; they are counted, not applied.</summary>
        public int EventsAfterDone { get; internal set; }

        /// <summary>JSON members repeated within one object of a payload; the last one wins (as in RFC 8259 §4 parsers that accept them).</summary>
        public int DuplicateKeys { get; internal set; }

        /// <summary>Malformed events skipped (with <see cref="MalformedEventHandling.Skip"/>).</summary>
        public int SkippedEvents { get; internal set; }

        /// <summary>HTTP attempts made for this stream (1 without retries; 0 offline).</summary>
        public int Attempts { get; internal set; }

        /// <summary>Time spent waiting between attempts.</summary>
        public TimeSpan RetryDelay { get; internal set; }

        /// <summary>Time to the response headers, or null offline.</summary>
        public TimeSpan? TimeToResponse { get; internal set; }

        /// <summary>Time to the first parsed item, or null if none arrived.</summary>
        public TimeSpan? TimeToFirstItem { get; internal set; }

        /// <summary>Time to the first item with content, or null if none arrived.</summary>
        public TimeSpan? TimeToFirstDelta { get; internal set; }

        /// <summary>Time until the stream ended.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>Deltas per second after the first delta (0 when fewer than two deltas or no time passed).</summary>
        public double DeltasPerSecond
        {
            get
            {
                if (Deltas < 2 || TimeToFirstDelta is not TimeSpan first) return 0;
                double seconds = (Elapsed - first).TotalSeconds;
                return seconds > 0 ? (Deltas - 1) / seconds : 0;
            }
        }
    }
}
