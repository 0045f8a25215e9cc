using System.Collections.Generic;

namespace StreamKit.Responses
{
    /// <summary>How a Responses stream ended, the rebuilt <see cref="Response"/> (final or partial), sequence problems, and the numbers.</summary>
    public sealed class ResponseStreamResult : StreamResult<Response>
    {
        internal ResponseStreamResult(StreamOutcome outcome, Response response, LlmStreamException? error, StreamStatistics statistics, bool sawDone,
            string? terminal, IReadOnlyList<(long From, long To)> gaps, int duplicates, int droppedValues, long? lastSequenceNumber)
            : base(outcome, response, error, statistics, sawDone)
        {
            Terminal = terminal;
            SequenceGaps = gaps;
            Duplicates = duplicates;
            DroppedValues = droppedValues;
            LastSequenceNumber = lastSequenceNumber;
        }

        /// <summary>The highest <c>sequence_number</c> applied (pass it to <c>ResponsesClient.ResumeAsync</c> as <c>startingAfter</c>), or null.</summary>
        public long? LastSequenceNumber { get; }

        /// <summary>The terminal event seen: <c>completed</c>, <c>incomplete</c> or <c>failed</c>; null when none came.</summary>
        public string? Terminal { get; }

        /// <summary>Missing <c>sequence_number</c> ranges (inclusive).</summary>
        public IReadOnlyList<(long From, long To)> SequenceGaps { get; }

        /// <summary>Events skipped because their <c>sequence_number</c> had already been applied.</summary>
        public int Duplicates { get; }

        /// <summary>Values left out of the rebuilt response because an event gave them a JSON kind <see cref="Response"/> does not accept.</summary>
        public int DroppedValues { get; }
    }
}
