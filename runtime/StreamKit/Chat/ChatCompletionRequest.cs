using System;
using System.Collections.Generic;
using System.Text.Json;

namespace StreamKit.Chat
{
    /// <summary>
    /// Messages for <see cref="ChatCompletionRequest"/>, as the typed request model generated from OpenAI's spec
    /// (<c>ChatCompletionRequestMessage</c>). The tool loop: send, stream, append <see cref="Assistant(ChatCompletionMessage)"/>
    /// of the reduced message and a <see cref="Tool"/> result per call, send again.
    /// </summary>
    public static class ChatMessage
    {
        /// <summary>A <c>user</c> message.</summary>
        public static IChatCompletionRequestMessage User(string text) => new ChatCompletionRequestUserMessage { Content = text };

        /// <summary>A <c>system</c> message.</summary>
        public static IChatCompletionRequestMessage System(string text) => new ChatCompletionRequestSystemMessage { Content = text };

        /// <summary>A <c>developer</c> message (OpenAI's name for system instructions on newer models).</summary>
        public static IChatCompletionRequestMessage Developer(string text) => new ChatCompletionRequestDeveloperMessage { Content = text };

        /// <summary>An <c>assistant</c> message with text.</summary>
        public static IChatCompletionRequestMessage Assistant(string text) => new ChatCompletionRequestAssistantMessage { Content = text };

        /// <summary>The assistant message a stream reduced to (text, refusal and tool calls), to send back in the next turn.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        public static IChatCompletionRequestMessage Assistant(ChatCompletionMessage message)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            var assistant = new ChatCompletionRequestAssistantMessage { Content = message.Content, Refusal = message.Refusal };
            if (message.ToolCalls is { Count: > 0 } calls)
            {
                assistant.ToolCalls = new List<IChatCompletionMessageToolCall>();
                foreach (var call in calls)
                {
                    assistant.ToolCalls.Add(new ChatCompletionRequestToolCall
                    {
                        Id = call.Id,
                        Function = new ChatCompletionRequestToolCallFunction { Name = call.Function?.Name, Arguments = call.Function?.Arguments ?? "{}" },
                    });
                }
            }
            return assistant;
        }

        /// <summary>A <c>tool</c> message: the result of the tool call <paramref name="toolCallId"/>.</summary>
        public static IChatCompletionRequestMessage Tool(string toolCallId, string content) =>
            new ChatCompletionRequestToolMessage { ToolCallId = toolCallId, Content = content };
    }

    /// <summary>
    /// A streaming <c>POST {base}/chat/completions</c>: the typed <see cref="Body"/> (OpenAI's
    /// <c>CreateChatCompletionRequest</c>, generated from the spec: messages, tools, tool choice, response format, sampling)
    /// plus <see cref="ExtraBody"/> for what the spec does not have. StreamKit sets <c>stream: true</c> and, unless
    /// <see cref="IncludeUsage"/> is false, <c>stream_options: {"include_usage": true}</c>.
    /// </summary>
    public sealed class ChatCompletionRequest
    {
        /// <summary>Creates a request for <paramref name="model"/> with <paramref name="messages"/> (see <see cref="ChatMessage"/>).</summary>
        /// <exception cref="ArgumentException"><paramref name="model"/> is null or empty.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
        public ChatCompletionRequest(string model, IEnumerable<IChatCompletionRequestMessage> messages)
        {
            if (string.IsNullOrEmpty(model)) throw new ArgumentException("A model is required.", nameof(model));
            Body = new CreateChatCompletionRequest
            {
                Model = model,
                Messages = new List<IChatCompletionRequestMessage>(messages ?? throw new ArgumentNullException(nameof(messages))),
            };
        }

        /// <summary>Creates a request from a typed body (its <c>stream</c> is set to true when sent).</summary>
        /// <exception cref="ArgumentException">The body names no model.</exception>
        public ChatCompletionRequest(CreateChatCompletionRequest body)
        {
            Body = body ?? throw new ArgumentNullException(nameof(body));
            if (string.IsNullOrEmpty(body.Model)) throw new ArgumentException("A model is required.", nameof(body));
        }

        /// <summary>The typed request body.</summary>
        public CreateChatCompletionRequest Body { get; }

        /// <summary>The model name, as the endpoint spells it.</summary>
        public string Model => Body.Model!;

        /// <summary>The conversation (<see cref="ChatMessage"/> makes its entries).</summary>
        public IList<IChatCompletionRequestMessage> Messages => Body.Messages ??= new List<IChatCompletionRequestMessage>();

        /// <summary>Tool definitions (<see cref="ChatCompletionTool"/> with a <see cref="FunctionObject"/>).</summary>
        public IList<ICreateChatCompletionRequestTool> Tools => Body.Tools ??= new List<ICreateChatCompletionRequestTool>();

        /// <summary>Ask for the trailing usage chunk (<c>stream_options.include_usage</c>). Default true.</summary>
        public bool IncludeUsage { get; set; } = true;

        /// <summary>
        /// Extra top-level body members, written as given (raw JSON): a router's <c>provider</c> or cache policy, a
        /// deployment name, anything the spec lacks. A member named here replaces the typed body's (even <c>messages</c>);
        /// <c>stream</c> is always true.
        /// </summary>
        public IDictionary<string, JsonElement> ExtraBody { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
    }
}
