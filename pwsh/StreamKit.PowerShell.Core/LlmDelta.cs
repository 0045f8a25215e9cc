namespace StreamKit.PowerShell
{
    /// <summary>What one <see cref="LlmDelta"/> carries.</summary>
    public enum LlmDeltaKind
    {
        /// <summary>A piece of the answer's text.</summary>
        Text,

        /// <summary>A piece of reasoning (<c>reasoning_content</c>, <c>reasoning</c>, Responses reasoning text or summary).</summary>
        Reasoning,

        /// <summary>A piece of a refusal.</summary>
        Refusal,

        /// <summary>A tool-call fragment: its name and id when it opens, then pieces of its arguments.</summary>
        ToolCall,

        /// <summary>Token usage (from the trailing usage chunk, or the terminal Responses event).</summary>
        Usage,

        /// <summary>A finish reason (chat) or the terminal status (Responses).</summary>
        Finish,
    }

    /// <summary>
    /// One piece of a streamed answer, as <c>Invoke-LlmStream</c> writes it to the pipeline: text, reasoning, a
    /// tool-call fragment, usage or the finish. <see cref="Raw"/> is the chunk or event it came from.
    /// </summary>
    public sealed class LlmDelta
    {
        /// <summary>What this delta carries.</summary>
        public LlmDeltaKind Kind { get; set; }

        /// <summary><c>Chat</c> or <c>Responses</c>.</summary>
        public LlmApi Api { get; set; }

        /// <summary>The choice index (chat) or output index (Responses).</summary>
        public long Choice { get; set; }

        /// <summary>The text piece (Text, Reasoning, Refusal), or null.</summary>
        public string? Text { get; set; }

        /// <summary>For tool calls: the call's index among the choice's calls.</summary>
        public long? ToolCallIndex { get; set; }

        /// <summary>For tool calls: the call id, on the fragment that opens it.</summary>
        public string? ToolCallId { get; set; }

        /// <summary>For tool calls: the function name, on the fragment that opens it.</summary>
        public string? ToolName { get; set; }

        /// <summary>For tool calls: this fragment of the JSON arguments.</summary>
        public string? Arguments { get; set; }

        /// <summary>For usage: prompt (input) tokens.</summary>
        public long? InputTokens { get; set; }

        /// <summary>For usage: completion (output) tokens.</summary>
        public long? OutputTokens { get; set; }

        /// <summary>For usage: total tokens.</summary>
        public long? TotalTokens { get; set; }

        /// <summary>For Finish: the finish reason (<c>stop</c>, <c>tool_calls</c>, <c>length</c>) or the Responses status (<c>completed</c>, <c>incomplete</c>, <c>failed</c>).</summary>
        public string? FinishReason { get; set; }

        /// <summary>The typed chunk (<c>StreamKit.Chat.ChatCompletionChunk</c>) or event (<c>StreamKit.Responses.IResponseStreamEvent</c>) this delta came from.</summary>
        public object? Raw { get; set; }

        /// <summary>The text, or a short description for the other kinds.</summary>
        public override string ToString() => Kind switch
        {
            LlmDeltaKind.ToolCall => (ToolName is null ? "" : ToolName + " ") + Arguments,
            LlmDeltaKind.Usage => "usage: input " + InputTokens + ", output " + OutputTokens + ", total " + TotalTokens,
            LlmDeltaKind.Finish => "finish: " + FinishReason,
            _ => Text ?? "",
        };
    }
}
