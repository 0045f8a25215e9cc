namespace StreamKit
{
    /// <summary>
    /// An error object sent by a provider: OpenAI <c>{message, type, param, code}</c>, OpenRouter
    /// <c>{code: 400, message, metadata}</c>, Groq <c>{message, type, code, failed_generation}</c>.
    /// </summary>
    public sealed class ProviderError
    {
        /// <summary>Creates the error.</summary>
        public ProviderError(string message, string? code, string? type, string? param, string? rawJson)
        {
            Message = message;
            Code = code;
            Type = type;
            Param = param;
            RawJson = rawJson;
        }

        /// <summary>The provider's message, as sent.</summary>
        public string Message { get; }

        /// <summary>The provider's code as text (<c>"400"</c>, <c>"tool_use_failed"</c>, <c>"insufficient_quota"</c>), or null.</summary>
        public string? Code { get; }

        /// <summary>The provider's error type (<c>invalid_request_error</c>), or null.</summary>
        public string? Type { get; }

        /// <summary>The request parameter at fault, or null.</summary>
        public string? Param { get; }

        /// <summary>The whole error JSON as received (with vendor members such as <c>failed_generation</c>), or null.</summary>
        public string? RawJson { get; }

        /// <inheritdoc/>
        public override string ToString() => (Code is null ? "" : "[" + Code + "] ") + Message;
    }
}
