namespace StreamKit.Streaming
{
    /// <summary>How a stream ended. Every way has a value; only <see cref="Completed"/> is success.</summary>
    public enum StreamOutcome
    {
        /// <summary>The server said the stream is over: <c>data: [DONE]</c>, or every choice has a finish reason.</summary>
        Completed = 0,

        /// <summary>The stream stopped without <c>[DONE]</c> and without a finish reason (cut connection, killed worker).</summary>
        Truncated = 1,

        /// <summary>The provider reported an error inside the stream (an <c>error</c> object or <c>event: error</c>), even if HTTP said 200.</summary>
        ProviderError = 2,

        /// <summary>The bytes are not a valid stream: bad SSE framing or a payload that is not the expected JSON.</summary>
        Malformed = 3,

        /// <summary>The HTTP request failed before any stream started (status outside 2xx).</summary>
        HttpError = 4,
    }
}
