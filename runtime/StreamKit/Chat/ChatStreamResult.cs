using StreamKit.Streaming;

namespace StreamKit.Chat
{
    /// <summary>How a chat stream ended, the reduced <c>chat.completion</c> (final or partial), and the numbers.</summary>
    public sealed class ChatStreamResult
    {
        internal ChatStreamResult(StreamOutcome outcome, ChatCompletion completion, LlmStreamException? error, StreamStatistics statistics, bool sawDone)
        {
            Outcome = outcome;
            Completion = completion;
            Error = error;
            Statistics = statistics;
            SawDone = sawDone;
        }

        /// <summary>How the stream ended.</summary>
        public StreamOutcome Outcome { get; }

        /// <summary>The reduced completion: final when <see cref="Outcome"/> is Completed, otherwise what arrived before the failure.</summary>
        public ChatCompletion Completion { get; }

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
