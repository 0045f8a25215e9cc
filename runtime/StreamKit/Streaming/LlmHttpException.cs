using System;
using System.Collections.Generic;
using System.Net;

namespace StreamKit
{
    /// <summary>
    /// The request failed before any stream started: the endpoint answered with a status outside 2xx (after the
    /// retries), or no connection could be made (<see cref="StatusCode"/> null). Carries the status, the response
    /// headers (<c>Retry-After</c>, request ids) and the provider's parsed error.
    /// </summary>
    public sealed class LlmHttpException : LlmStreamException
    {
        private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

        /// <summary>Creates the exception.</summary>
        public LlmHttpException(HttpStatusCode? statusCode, ProviderError? error, string? responseBody,
            IReadOnlyDictionary<string, string>? headers = null, Exception? inner = null)
            : base(Describe(statusCode, error, inner), StreamOutcome.HttpError, null, inner)
        {
            StatusCode = statusCode;
            Error = error;
            ResponseBody = responseBody;
            Headers = headers ?? NoHeaders;
        }

        /// <summary>The HTTP status, or null when no response arrived (connection refused, reset, DNS).</summary>
        public HttpStatusCode? StatusCode { get; }

        /// <summary>The provider's error, when the body had one (<c>{"error": {...}}</c> or <c>{"message": ...}</c>).</summary>
        public ProviderError? Error { get; }

        /// <summary>The start of the response body (at most 64 KiB), for diagnostics.</summary>
        public string? ResponseBody { get; }

        /// <summary>The response headers (case-insensitive names, repeated values joined with <c>, </c>); empty without a response.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>The provider's request id (<c>x-request-id</c>, <c>request-id</c>, <c>apim-request-id</c>, <c>cf-ray</c>), or null.</summary>
        public string? RequestId =>
            Header("x-request-id") ?? Header("request-id") ?? Header("apim-request-id") ?? Header("x-ms-request-id") ?? Header("cf-ray");

        /// <summary>The <c>Retry-After</c> header as sent, or null.</summary>
        public string? RetryAfter => Header("retry-after") ?? Header("retry-after-ms");

        private string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

        private static string Describe(HttpStatusCode? status, ProviderError? error, Exception? inner)
        {
            if (status is not HttpStatusCode s) return "The request failed: " + (inner?.Message ?? "no response");
            return "HTTP " + (int)s + " " + s + (error is null ? "" : ": " + error);
        }
    }
}
