namespace StreamKit
{
    /// <summary>How a stream ended. Every way has a value; only <see cref="Completed"/> is success.</summary>
    public enum StreamOutcome
    {
        /// <summary>The server said the stream is over: <c>data: [DONE]</c>, every choice has a finish reason, or a terminal Responses event.</summary>
        Completed = 0,

        /// <summary>The stream stopped without <c>[DONE]</c> and without a finish reason (cut connection, killed worker).</summary>
        Truncated = 1,

        /// <summary>The provider reported an error: inside the stream (an <c>error</c> object, <c>event: error</c>, <c>response.failed</c>) or as a JSON error body with status 200.</summary>
        ProviderError = 2,

        /// <summary>The bytes are not a valid stream: bad SSE framing, a payload that is not the expected JSON, or a body that is not an event stream.</summary>
        Malformed = 3,

        /// <summary>The request failed before any stream started: a status outside 2xx, or no connection (after the retries).</summary>
        HttpError = 4,

        /// <summary>A timer ran out (<see cref="StreamTimer"/> says which).</summary>
        TimedOut = 5,

        /// <summary>The caller cancelled (a <c>CancellationToken</c>, Ctrl+C).</summary>
        Cancelled = 6,

        /// <summary>The stream exceeded one of <see cref="LlmStreamLimits"/> (<see cref="StreamLimit"/> says which).</summary>
        LimitExceeded = 7,
    }

    /// <summary>The timers of <see cref="LlmTimeoutOptions"/>.</summary>
    public enum StreamTimer
    {
        /// <summary>Waiting for the response headers.</summary>
        Response,

        /// <summary>Waiting for the first content.</summary>
        FirstContent,

        /// <summary>Silence between two reads of the body.</summary>
        Idle,

        /// <summary>The whole request.</summary>
        Total,
    }

    /// <summary>The caps of <see cref="LlmStreamLimits"/>.</summary>
    public enum StreamLimit
    {
        /// <summary><see cref="LlmStreamLimits.MaxLineBytes"/>.</summary>
        LineBytes,

        /// <summary><see cref="LlmStreamLimits.MaxEventBytes"/>.</summary>
        EventBytes,

        /// <summary><see cref="LlmStreamLimits.MaxStreamBytes"/>.</summary>
        StreamBytes,

        /// <summary><see cref="LlmStreamLimits.MaxTextChars"/>.</summary>
        TextChars,

        /// <summary><see cref="LlmStreamLimits.MaxItems"/>.</summary>
        Items,

        /// <summary><see cref="LlmStreamLimits.MaxJsonDepth"/>.</summary>
        JsonDepth,
    }

    /// <summary>Stable snake_case names of outcomes, timers and limits, as printed by the CLI and carried by error records.</summary>
    public static class StreamNames
    {
        /// <summary><c>completed</c>, <c>truncated</c>, <c>provider_error</c>, <c>malformed</c>, <c>http_error</c>, <c>timed_out</c>, <c>cancelled</c>, <c>limit_exceeded</c>.</summary>
        public static string Of(StreamOutcome outcome) => outcome switch
        {
            StreamOutcome.Completed => "completed",
            StreamOutcome.Truncated => "truncated",
            StreamOutcome.ProviderError => "provider_error",
            StreamOutcome.Malformed => "malformed",
            StreamOutcome.HttpError => "http_error",
            StreamOutcome.TimedOut => "timed_out",
            StreamOutcome.Cancelled => "cancelled",
            StreamOutcome.LimitExceeded => "limit_exceeded",
            _ => outcome.ToString().ToLowerInvariant(),
        };

        /// <summary><c>response</c>, <c>first_content</c>, <c>idle</c>, <c>total</c>.</summary>
        public static string Of(StreamTimer timer) => timer switch
        {
            StreamTimer.Response => "response",
            StreamTimer.FirstContent => "first_content",
            StreamTimer.Idle => "idle",
            _ => "total",
        };

        /// <summary><c>line_bytes</c>, <c>event_bytes</c>, <c>stream_bytes</c>, <c>text_chars</c>, <c>items</c>, <c>json_depth</c>.</summary>
        public static string Of(StreamLimit limit) => limit switch
        {
            StreamLimit.LineBytes => "line_bytes",
            StreamLimit.EventBytes => "event_bytes",
            StreamLimit.StreamBytes => "stream_bytes",
            StreamLimit.TextChars => "text_chars",
            StreamLimit.Items => "items",
            _ => "json_depth",
        };
    }
}
