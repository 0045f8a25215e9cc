using System;

namespace StreamKit
{
    /// <summary>
    /// Caps on one stream, so that a hostile or broken server cannot grow the process without bound. Exceeding one ends
    /// the stream with <see cref="StreamOutcome.LimitExceeded"/> naming the <see cref="StreamLimit"/>; what arrived
    /// before stays in the partial snapshot. Memory held by the SSE layer is bounded by <see cref="MaxLineBytes"/> plus
    /// <see cref="MaxEventBytes"/>.
    /// </summary>
    public sealed class LlmStreamLimits
    {
        /// <summary>The longest SSE line, in bytes. Default 16 MiB (real streams reach 137 KB for one data line).</summary>
        public int MaxLineBytes { get; set; } = 16 * 1024 * 1024;

        /// <summary>The largest SSE event (its data lines joined), in bytes. Default 16 MiB.</summary>
        public int MaxEventBytes { get; set; } = 16 * 1024 * 1024;

        /// <summary>The most body bytes one stream may carry. Default 1 GiB.</summary>
        public long MaxStreamBytes { get; set; } = 1L << 30;

        /// <summary>The most text the reduced value may accumulate (content, reasoning, refusals, tool arguments), in UTF-16 chars. Default 64 Mi.</summary>
        public long MaxTextChars { get; set; } = 64L * 1024 * 1024;

        /// <summary>The most tool calls (chat) or output items (Responses), and the highest choice, item or part index. Default 4,096.</summary>
        public int MaxItems { get; set; } = 4096;

        /// <summary>The deepest JSON nesting accepted in one event. Default 128.</summary>
        public int MaxJsonDepth { get; set; } = 128;

        internal void Validate()
        {
            if (MaxLineBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxLineBytes));
            if (MaxEventBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxEventBytes));
            if (MaxStreamBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxStreamBytes));
            if (MaxTextChars <= 0) throw new ArgumentOutOfRangeException(nameof(MaxTextChars));
            if (MaxItems <= 0) throw new ArgumentOutOfRangeException(nameof(MaxItems));
            if (MaxJsonDepth <= 0) throw new ArgumentOutOfRangeException(nameof(MaxJsonDepth));
        }
    }
}
