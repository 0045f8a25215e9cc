namespace StreamKit.PowerShell
{
    /// <summary>The streaming API of a request or a recording.</summary>
    public enum LlmApi
    {
        /// <summary>Chat Completions (<c>POST /chat/completions</c>, <c>chat.completion.chunk</c> objects).</summary>
        Chat,

        /// <summary>The Responses API (<c>POST /responses</c>, typed <c>response.*</c> events).</summary>
        Responses,
    }
}
