using System.Collections.Generic;

namespace StreamKit.Replay
{
    /// <summary>A request the replay server received: method, path and query, headers and body.</summary>
    public sealed class RecordedRequest
    {
        internal RecordedRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, string body)
        {
            Method = method;
            PathAndQuery = pathAndQuery;
            Headers = headers;
            Body = body;
        }

        /// <summary>The HTTP method.</summary>
        public string Method { get; }

        /// <summary>The path and query, such as <c>/v1/chat/completions</c>.</summary>
        public string PathAndQuery { get; }

        /// <summary>Request headers (case-insensitive names; repeated headers joined with commas).</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>The request body as UTF-8 text.</summary>
        public string Body { get; }
    }
}
