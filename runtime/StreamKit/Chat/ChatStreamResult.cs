using StreamKit.Streaming;

namespace StreamKit.Chat
{
    /// <summary>How a chat stream ended, the reduced <c>chat.completion</c> (final or partial), and the numbers.</summary>
    public sealed class ChatStreamResult : StreamResult<ChatCompletion>
    {
        internal ChatStreamResult(StreamOutcome outcome, ChatCompletion completion, LlmStreamException? error, StreamStatistics statistics, bool sawDone)
            : base(outcome, completion, error, statistics, sawDone)
        {
        }

        /// <summary>The reduced completion: final when completed, otherwise what arrived before the failure.</summary>
        public ChatCompletion Completion => Value;
    }
}
