namespace StreamKit
{
    /// <summary>How a stream ended, its reduced value (final or partial) and the numbers, without the value's type.</summary>
    public abstract class StreamResult
    {
        private protected StreamResult(StreamOutcome outcome, LlmStreamException? error, StreamStatistics statistics, bool sawDone)
        {
            Outcome = outcome;
            Error = error;
            Statistics = statistics;
            SawDone = sawDone;
        }

        /// <summary>How the stream ended.</summary>
        public StreamOutcome Outcome { get; }

        /// <summary>The snake_case name of <see cref="Outcome"/>.</summary>
        public string OutcomeName => StreamNames.Of(Outcome);

        /// <summary>The reduced value (a <c>ChatCompletion</c>, a <c>Response</c>, or your reducer's type); null only when no stream started.</summary>
        public object? Value => ValueObject;

        /// <summary>The failure (null when completed).</summary>
        public LlmStreamException? Error { get; }

        /// <summary>Counts and timings.</summary>
        public StreamStatistics Statistics { get; }

        /// <summary>Whether the stream ended with <c>data: [DONE]</c>.</summary>
        public bool SawDone { get; }

        /// <summary>True when <see cref="Outcome"/> is <see cref="StreamOutcome.Completed"/>.</summary>
        public bool IsSuccess => Outcome == StreamOutcome.Completed;

        private protected abstract object? ValueObject { get; }
    }

    /// <summary>How a stream ended, its reduced value (final or partial), and the numbers.</summary>
    /// <typeparam name="T">The reduced value: <c>ChatCompletion</c>, <c>Response</c>, or your reducer's type.</typeparam>
    public class StreamResult<T> : StreamResult
    {
        /// <summary>Creates the result.</summary>
        public StreamResult(StreamOutcome outcome, T value, LlmStreamException? error, StreamStatistics statistics, bool sawDone)
            : base(outcome, error, statistics, sawDone)
        {
            Value = value;
        }

        /// <summary>The reduced value: final when <see cref="StreamResult.Outcome"/> is Completed, otherwise what arrived before the failure.</summary>
        public new T Value { get; }

        private protected override object? ValueObject => Value;
    }
}
