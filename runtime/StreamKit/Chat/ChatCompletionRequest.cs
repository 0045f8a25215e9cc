using System;
using System.Collections.Generic;
using System.Text.Json;

namespace StreamKit.Chat
{
    /// <summary>One message of the conversation sent to the model.</summary>
    public sealed class ChatMessage
    {
        /// <summary>Creates a message.</summary>
        /// <param name="role"><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
        /// <param name="content">The text.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public ChatMessage(string role, string content)
        {
            Role = role ?? throw new ArgumentNullException(nameof(role));
            Content = content ?? throw new ArgumentNullException(nameof(content));
        }

        /// <summary>The author's role.</summary>
        public string Role { get; }

        /// <summary>The text.</summary>
        public string Content { get; }

        /// <summary>A <c>user</c> message.</summary>
        public static ChatMessage User(string content) => new ChatMessage("user", content);

        /// <summary>A <c>system</c> message.</summary>
        public static ChatMessage System(string content) => new ChatMessage("system", content);
    }

    /// <summary>
    /// A streaming <c>POST {base}/chat/completions</c>. StreamKit sets <c>stream: true</c> and, unless
    /// <see cref="IncludeUsage"/> is false, <c>stream_options: {"include_usage": true}</c>.
    /// </summary>
    public sealed class ChatCompletionRequest
    {
        /// <summary>Creates a request for <paramref name="model"/>.</summary>
        /// <exception cref="ArgumentException"><paramref name="model"/> is null or empty.</exception>
        public ChatCompletionRequest(string model, IEnumerable<ChatMessage> messages)
        {
            if (string.IsNullOrEmpty(model)) throw new ArgumentException("A model is required.", nameof(model));
            Model = model;
            Messages = new List<ChatMessage>(messages ?? throw new ArgumentNullException(nameof(messages)));
        }

        /// <summary>The model name, as the endpoint spells it.</summary>
        public string Model { get; }

        /// <summary>The conversation.</summary>
        public IList<ChatMessage> Messages { get; }

        /// <summary>Ask for the trailing usage chunk (<c>stream_options.include_usage</c>). Default true.</summary>
        public bool IncludeUsage { get; set; } = true;

        /// <summary>
        /// Extra top-level body members, written as given (raw JSON): <c>temperature</c>, <c>tools</c>, a router's
        /// <c>provider</c> or cache policy, a deployment name. A member named here replaces StreamKit's own
        /// (<c>stream_options</c>, even <c>messages</c>); <c>stream</c> is always true.
        /// </summary>
        public IDictionary<string, JsonElement> ExtraBody { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
    }
}
