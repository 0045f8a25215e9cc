using System;

namespace StreamKit
{
    /// <summary>
    /// How a StreamKit client sends requests and reads streams: <see cref="Timeouts"/>, <see cref="Retry"/>,
    /// <see cref="Limits"/> and the <c>User-Agent</c>. One instance can be shared by many clients; change it before use.
    /// </summary>
    /// <remarks>
    /// The defaults suit interactive use against hosted providers: no total limit, 100 s for the response headers,
    /// 120 s for the first content, 90 s of silence between events, 2 retries before any content. The base URL,
    /// key and extra headers live on <see cref="LlmEndpoint"/>.
    /// </remarks>
    public sealed class LlmClientOptions
    {
        /// <summary>The timers the stream engine enforces on the request and on every body read.</summary>
        public LlmTimeoutOptions Timeouts { get; set; } = new LlmTimeoutOptions();

        /// <summary>When and how a request is sent again (only before any content reached the caller).</summary>
        public LlmRetryOptions Retry { get; set; } = new LlmRetryOptions();

        /// <summary>Caps on what one stream may carry; exceeding one ends the stream with <see cref="StreamOutcome.LimitExceeded"/>.</summary>
        public LlmStreamLimits Limits { get; set; } = new LlmStreamLimits();

        /// <summary>The <c>User-Agent</c> header; default <c>StreamKit/{version}</c>. Null or empty sends the HttpClient's own.</summary>
        public string? UserAgent { get; set; } = DefaultUserAgent;

        /// <summary>
        /// What a malformed event does: <see cref="MalformedEventHandling.Stop"/> (default) ends the stream as
        /// <see cref="StreamOutcome.Malformed"/>; <see cref="MalformedEventHandling.Skip"/> reports it in
        /// <c>LlmStream.SkippedEvents</c> and reads on (the PowerShell module's non-terminating errors rest on it).
        /// </summary>
        public MalformedEventHandling MalformedEvents { get; set; } = MalformedEventHandling.Stop;

        /// <summary>
        /// A stream that receives a copy of every body byte as it is read (the SSE body as received, after decoding;
        /// no request or headers, and the endpoint's API key replaced by <c>[redacted]</c> should the body echo it).
        /// StreamKit does not dispose it. Null (default) records nothing.
        /// </summary>
        public System.IO.Stream? Recorder { get; set; }

        /// <summary>
        /// Puts message content on the telemetry span (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>, as the
        /// OpenTelemetry GenAI conventions allow on opt-in). Default false: spans carry models, ids, usage and outcomes only.
        /// </summary>
        public bool CaptureMessageContent { get; set; }

        /// <summary>Hears attempts, retries and outcomes (for logging); null (default) for none.</summary>
        public LlmStreamObserver? Observer { get; set; }

        /// <summary><c>StreamKit/{assembly version}</c>.</summary>
        public static string DefaultUserAgent { get; } = "StreamKit/" + typeof(LlmClientOptions).Assembly.GetName().Version?.ToString(3);

        internal static LlmClientOptions Default { get; } = new LlmClientOptions();

        internal void Validate()
        {
            if (Timeouts is null || Retry is null || Limits is null) throw new ArgumentException("Timeouts, Retry and Limits must not be null.");
            Timeouts.Validate();
            Retry.Validate();
            Limits.Validate();
        }
    }
}
