namespace StreamKit.Streaming
{
    /// <summary>How a stream ended, its reduced value (final or partial), and the numbers.</summary>
    /// <typeparam name="T">The reduced value: <c>ChatCompletion</c> or <c>Response</c>.</typeparam>
    public abstract class StreamResult<T>
    {
        /// <summary>Creates the result.</summary>
        protected StreamResult(StreamOutcome outcome, T value, LlmStreamException? error, StreamStatistics statistics, bool sawDone)
        {
            Outcome = outcome;
            Value = value;
            Error = error;
            Statistics = statistics;
            SawDone = sawDone;
        }

        /// <summary>How the stream ended.</summary>
        public StreamOutcome Outcome { get; }

        /// <summary>The reduced value: final when <see cref="Outcome"/> is Completed, otherwise what arrived before the failure.</summary>
        public T Value { get; }

        /// <summary>The failure (null when completed).</summary>
        public LlmStreamException? Error { get; }

        /// <summary>Counts and timings.</summary>
        public StreamStatistics Statistics { get; }

        /// <summary>Whether the stream ended with <c>data: [DONE]</c>.</summary>
        public bool SawDone { get; }

        /// <summary>True when <see cref="Outcome"/> is <see cref="StreamOutcome.Completed"/>.</summary>
        public bool IsSuccess => Outcome == StreamOutcome.Completed;
    }
}
