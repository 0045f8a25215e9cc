using System.Collections.Generic;
using StreamKit.Streaming;

namespace StreamKit.Responses
{
    /// <summary>How a Responses stream ended, the rebuilt <see cref="Responses.Response"/> (final or partial), sequence problems, and the numbers.</summary>
    public sealed class ResponseStreamResult : StreamResult<Response>
    {
        internal ResponseStreamResult(StreamOutcome outcome, Response response, LlmStreamException? error, StreamStatistics statistics, bool sawDone,
            string? terminal, IReadOnlyList<(long From, long To)> gaps, int duplicates)
            : base(outcome, response, error, statistics, sawDone)
        {
            Terminal = terminal;
            SequenceGaps = gaps;
            Duplicates = duplicates;
        }

        /// <summary>The rebuilt response.</summary>
        public Response Response => Value;

        /// <summary>The terminal event seen: <c>completed</c>, <c>incomplete</c> or <c>failed</c>; null when none came.</summary>
        public string? Terminal { get; }

        /// <summary>Missing <c>sequence_number</c> ranges (inclusive).</summary>
        public IReadOnlyList<(long From, long To)> SequenceGaps { get; }

        /// <summary>Events skipped because their <c>sequence_number</c> had already been applied.</summary>
        public int Duplicates { get; }
    }
}
