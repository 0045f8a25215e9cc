using System;
using Microsoft.Extensions.AI;

namespace StreamKit.Extensions.AI
{
    /// <summary>
    /// A stream behind an <see cref="IChatClient"/> call did not complete. <see cref="LlmStreamException.Outcome"/> says how
    /// (truncated, provider error, timed out, ...), <see cref="PartialResponse"/> is what arrived as a
    /// <see cref="ChatResponse"/>, <see cref="LlmStreamException.Partial"/> the StreamKit value, and the inner exception
    /// StreamKit's own.
    /// </summary>
    public sealed class ChatStreamException : LlmStreamException
    {
        /// <summary>Creates the exception from StreamKit's.</summary>
        public ChatStreamException(LlmStreamException error, ChatResponse partialResponse)
            : base(error?.Message ?? throw new ArgumentNullException(nameof(error)), error.Outcome, error.Partial, error)
        {
            PartialResponse = partialResponse;
        }

        /// <summary>The partial response in Microsoft.Extensions.AI's shape.</summary>
        public ChatResponse PartialResponse { get; }
    }
}
