namespace StreamKit
{
    /// <summary>What the stream engine does with an event whose data is not the expected JSON.</summary>
    public enum MalformedEventHandling
    {
        /// <summary>End the stream with <see cref="StreamOutcome.Malformed"/> (the partial is kept).</summary>
        Stop,

        /// <summary>Report it in <c>LlmStream.SkippedEvents</c>, count it in <see cref="StreamStatistics.SkippedEvents"/>, and read on.</summary>
        Skip,
    }
}
