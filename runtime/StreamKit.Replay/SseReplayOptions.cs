using System;

namespace StreamKit.Replay
{
    /// <summary>How <see cref="SseReplayServer"/> serves a recorded body.</summary>
    public sealed class SseReplayOptions
    {
        /// <summary>The HTTP status to answer with (default 200).</summary>
        public int StatusCode { get; set; } = 200;

        /// <summary>The Content-Type (default <c>text/event-stream; charset=utf-8</c>).</summary>
        public string ContentType { get; set; } = "text/event-stream; charset=utf-8";

        /// <summary>
        /// Bytes per write when &gt; 0; otherwise, with a <see cref="Delay"/>, the body is written one SSE event at a time
        /// (split after each blank line), each flushed, as a live server does, and without one in a single write.
        /// </summary>
        public int WriteSize { get; set; }

        /// <summary>A pause between writes, to imitate a model producing tokens (default none).</summary>
        /// <remarks>
        /// The server is <see cref="System.Net.HttpListener"/>, which does not set TCP_NODELAY: on a kept-alive connection a
        /// pause shorter than the client's delayed-ACK time (about 40 ms on Linux) can be stretched to it.
        /// </remarks>
        public TimeSpan Delay { get; set; } = TimeSpan.Zero;

        /// <summary>With several bodies served by request order: after the last, start again from the first (default: keep serving the last).</summary>
        public bool Cycle { get; set; }

        /// <summary>
        /// Record credentials as <c>[redacted]</c>: the <c>Authorization</c> header keeps its scheme (<c>Bearer [redacted]</c>),
        /// <c>api-key</c> and <c>x-api-key</c> lose their value. Default false (tests that prove what was sent read them).
        /// </summary>
        public bool RedactCredentials { get; set; }

        /// <summary>How many requests to serve before answering 503 (default 1000): keeps tests and demos bounded.</summary>
        public int MaxRequests { get; set; } = 1000;
    }
}
