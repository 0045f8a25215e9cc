using System;
using System.Net;

namespace StreamKit.Streaming
{
    /// <summary>The endpoint answered with a status outside 2xx; carries the status and the provider's error message.</summary>
    public sealed class LlmHttpException : LlmStreamException
    {
        /// <summary>Creates the exception.</summary>
        public LlmHttpException(HttpStatusCode statusCode, ProviderError? error, string? responseBody, Exception? inner = null)
            : base("HTTP " + (int)statusCode + " " + statusCode + (error is null ? "" : ": " + error), StreamOutcome.HttpError, null, inner)
        {
            StatusCode = statusCode;
            Error = error;
            ResponseBody = responseBody;
        }

        /// <summary>The HTTP status.</summary>
        public HttpStatusCode StatusCode { get; }

        /// <summary>The provider's error, when the body had one (<c>{"error": {...}}</c> or <c>{"message": ...}</c>).</summary>
        public ProviderError? Error { get; }

        /// <summary>The start of the response body (at most 64 KiB), for diagnostics.</summary>
        public string? ResponseBody { get; }
    }
}
