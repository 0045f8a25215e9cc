using System;
using Microsoft.Extensions.AI;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.Extensions.AI
{
    /// <summary>
    /// StreamKit's clients as Microsoft.Extensions.AI <see cref="IChatClient"/>s, the way Microsoft.Extensions.AI exposes
    /// providers. <c>GetResponseAsync</c> uses StreamKit's reducer; <c>GetStreamingResponseAsync</c> maps chunks or events to
    /// <see cref="ChatResponseUpdate"/>s (text, reasoning as <see cref="TextReasoningContent"/>, tool calls as
    /// <see cref="FunctionCallContent"/> once complete, usage as <see cref="UsageContent"/>, the finish reason; the chunk
    /// or event in <c>RawRepresentation</c>). A stream that does not complete throws <see cref="ChatStreamException"/>
    /// with the partial response; the client's timers, retries and limits apply underneath.
    /// </summary>
    public static class StreamKitChatClientExtensions
    {
        /// <summary>An <see cref="IChatClient"/> over Chat Completions.</summary>
        /// <param name="client">The StreamKit client.</param>
        /// <param name="defaultModel">The model when <c>ChatOptions.ModelId</c> is not set.</param>
        /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
        public static IChatClient AsIChatClient(this ChatCompletionsClient client, string? defaultModel = null) =>
            new ChatCompletionsChatClient(client, defaultModel);

        /// <summary>An <see cref="IChatClient"/> over the Responses API.</summary>
        /// <param name="client">The StreamKit client.</param>
        /// <param name="defaultModel">The model when <c>ChatOptions.ModelId</c> is not set.</param>
        /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
        public static IChatClient AsIChatClient(this ResponsesClient client, string? defaultModel = null) =>
            new ResponsesChatClient(client, defaultModel);
    }
}
