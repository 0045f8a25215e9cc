namespace StreamKit.Chat
{
    /// <summary>Questions about a chunk that the stream layer asks.</summary>
    public static class ChatCompletionChunkExtensions
    {
        /// <summary>
        /// Whether the chunk carries new content in any choice: text (string or parts), refusal, reasoning
        /// (<c>reasoning_content</c>, <c>reasoning</c>, <c>reasoning_details</c>), tool calls, a function call or audio.
        /// Role-only, finish-only and usage-only chunks carry none.
        /// </summary>
        public static bool HasDelta(this ChatCompletionChunk chunk)
        {
            if (chunk.Choices is null) return false;
            foreach (var choice in chunk.Choices)
            {
                var d = choice?.Delta;
                if (d is null) continue;
                if (!string.IsNullOrEmpty(d.Content) || d.ContentParts is { Count: > 0 } || !string.IsNullOrEmpty(d.Refusal)
                    || !string.IsNullOrEmpty(d.ReasoningContent) || !string.IsNullOrEmpty(d.Reasoning) || d.ReasoningDetails is { Count: > 0 }
                    || d.ToolCalls is { Count: > 0 } || d.FunctionCall is not null || d.Audio is not null)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
