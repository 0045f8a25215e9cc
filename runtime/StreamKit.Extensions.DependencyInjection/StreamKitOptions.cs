using System;
using System.Collections.Generic;

namespace StreamKit.Extensions.DependencyInjection
{
    /// <summary>
    /// What <c>AddStreamKit</c> configures, bindable from configuration (section <c>StreamKit</c> by convention):
    /// <code>
    /// "StreamKit": {
    ///   "BaseUrl": "https://api.openai.com/v1",
    ///   "ApiKey": "...",                         // better from a secret store or an environment variable
    ///   "Headers": { "X-Title": "my-app" },
    ///   "Timeouts": { "Idle": "00:00:30", "Total": "00:05:00" },
    ///   "Retry": { "MaxRetries": 3 },
    ///   "Limits": { "MaxTextChars": 1000000 }
    /// }
    /// </code>
    /// </summary>
    public sealed class StreamKitOptions
    {
        /// <summary>The API root. Required.</summary>
        public Uri? BaseUrl { get; set; }

        /// <summary>The bearer key; null sends none. Never logged.</summary>
        public string? ApiKey { get; set; }

        /// <summary>Headers sent with every request (routers, gateways, Azure's <c>api-key</c>).</summary>
        public Dictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The timers (see <see cref="LlmTimeoutOptions"/>).</summary>
        public LlmTimeoutOptions Timeouts { get; set; } = new LlmTimeoutOptions();

        /// <summary>The retries (see <see cref="LlmRetryOptions"/>).</summary>
        public LlmRetryOptions Retry { get; set; } = new LlmRetryOptions();

        /// <summary>The limits (see <see cref="LlmStreamLimits"/>).</summary>
        public LlmStreamLimits Limits { get; set; } = new LlmStreamLimits();

        /// <summary>The <c>User-Agent</c> (default <c>StreamKit/{version}</c>).</summary>
        public string? UserAgent { get; set; } = LlmClientOptions.DefaultUserAgent;

        /// <summary>Put message content on telemetry spans (opt-in; see <see cref="LlmClientOptions.CaptureMessageContent"/>).</summary>
        public bool CaptureMessageContent { get; set; }
    }
}
