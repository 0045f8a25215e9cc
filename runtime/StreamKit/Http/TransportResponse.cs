using System;
using System.IO;
using System.Net.Http;

namespace StreamKit.Http
{
    /// <summary>An open streaming response: the (decoded) body, the message that owns it, the running timers and the attempts made.</summary>
    internal sealed class TransportResponse
    {
        public TransportResponse(Stream body, HttpResponseMessage response, StreamWatchdog watchdog, int attempts, TimeSpan retryDelay, TimeSpan timeToResponse)
        {
            Body = body;
            Response = response;
            Watchdog = watchdog;
            Attempts = attempts;
            RetryDelay = retryDelay;
            TimeToResponse = timeToResponse;
        }

        public Stream Body { get; }

        public HttpResponseMessage Response { get; }

        public StreamWatchdog Watchdog { get; }

        public int Attempts { get; }

        public TimeSpan RetryDelay { get; }

        public TimeSpan TimeToResponse { get; }

        /// <summary>Copies the attempts and timings into a stream's statistics.</summary>
        public void Stamp(StreamStatistics statistics)
        {
            statistics.Attempts = Attempts;
            statistics.RetryDelay = RetryDelay;
            statistics.TimeToResponse = TimeToResponse;
        }
    }
}
