using System;
using System.Collections.Generic;

namespace StreamKit
{
    /// <summary>Where and how to reach an OpenAI-compatible API: base URL, key, and headers sent with every request.</summary>
    public sealed class LlmEndpoint
    {
        /// <summary>Creates an endpoint.</summary>
        /// <param name="baseUrl">The API root, such as <c>https://api.openai.com/v1</c> or <c>http://127.0.0.1:1234/v1</c>; paths such as <c>/chat/completions</c> are appended.</param>
        /// <param name="apiKey">Sent as <c>Authorization: Bearer {key}</c>; null sends no Authorization header.</param>
        /// <exception cref="ArgumentNullException"><paramref name="baseUrl"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute http(s) URL.</exception>
        public LlmEndpoint(Uri baseUrl, string? apiKey = null)
        {
            if (baseUrl is null) throw new ArgumentNullException(nameof(baseUrl));
            if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException("The base URL must be an absolute http or https URL: " + baseUrl, nameof(baseUrl));
            BaseUrl = baseUrl;
            ApiKey = apiKey;
        }

        /// <summary>The API root.</summary>
        public Uri BaseUrl { get; }

        /// <summary>The bearer key, or null.</summary>
        public string? ApiKey { get; }

        /// <summary>
        /// Extra headers sent as they are, for routers and gateways (<c>HTTP-Referer</c>, <c>X-Title</c>, <c>api-key</c>
        /// for Azure, a gateway's routing header). A header named here replaces a default one.
        /// </summary>
        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The absolute URL of <paramref name="path"/> under <see cref="BaseUrl"/>.</summary>
        public Uri Resolve(string path)
        {
            string root = BaseUrl.AbsoluteUri.TrimEnd('/');
            return new Uri(root + "/" + path.TrimStart('/'));
        }
    }
}
