using System;

namespace StreamKit.PowerShell
{
    /// <summary>What <c>Measure-LlmStream</c> reports: timings, rates, token usage and the outcome of one stream.</summary>
    public sealed class LlmMeasurement
    {
        /// <summary><c>Chat</c> or <c>Responses</c>.</summary>
        public LlmApi Api { get; set; }

        /// <summary>The outcome.</summary>
        public string Outcome { get; set; } = "completed";

        /// <summary>Milliseconds from the request (or the start of reading) to the first delta; null when none arrived.</summary>
        public double? TimeToFirstDeltaMs { get; set; }

        /// <summary>Deltas per second after the first.</summary>
        public double DeltasPerSecond { get; set; }

        /// <summary>Items that carried content.</summary>
        public int Deltas { get; set; }

        /// <summary>Chunks or events parsed.</summary>
        public int Items { get; set; }

        /// <summary>Body bytes.</summary>
        public long Bytes { get; set; }

        /// <summary>Milliseconds until the stream ended.</summary>
        public double ElapsedMs { get; set; }

        /// <summary>HTTP attempts (0 offline).</summary>
        public int Attempts { get; set; }

        /// <summary>Input tokens, when the stream reported usage.</summary>
        public long? InputTokens { get; set; }

        /// <summary>Output tokens.</summary>
        public long? OutputTokens { get; set; }

        /// <summary>Total tokens.</summary>
        public long? TotalTokens { get; set; }

        /// <summary>Output tokens per second over the whole stream, when usage was reported.</summary>
        public double? OutputTokensPerSecond { get; set; }

        /// <summary>The measurement of a result.</summary>
        /// <exception cref="ArgumentException">The result has no statistics (it was merged from objects, not streamed).</exception>
        public static LlmMeasurement From(LlmResult result)
        {
            var s = result.Statistics ?? throw new ArgumentException("The result has no statistics: measure a stream (Invoke-LlmStream -Final, or -Path).");
            double elapsed = s.Elapsed.TotalMilliseconds;
            return new LlmMeasurement
            {
                Api = result.Api,
                Outcome = result.Outcome,
                TimeToFirstDeltaMs = s.TimeToFirstDelta?.TotalMilliseconds,
                DeltasPerSecond = Math.Round(s.DeltasPerSecond, 3),
                Deltas = s.Deltas,
                Items = s.Items,
                Bytes = s.Bytes,
                ElapsedMs = Math.Round(elapsed, 3),
                Attempts = s.Attempts,
                InputTokens = result.InputTokens,
                OutputTokens = result.OutputTokens,
                TotalTokens = result.TotalTokens,
                OutputTokensPerSecond = result.OutputTokens is long o && elapsed > 0 ? Math.Round(o / (elapsed / 1000), 3) : null,
            };
        }
    }
}
