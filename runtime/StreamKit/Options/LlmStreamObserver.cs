using System;

namespace StreamKit
{
    /// <summary>
    /// Hears what a client does, for logging (the DependencyInjection package logs through it): each attempt, each retry,
    /// the end of every stream and requests that failed before a stream started. Called on the reading or sending
    /// thread; keep it quick and never throw. It is never given the API key or message content.
    /// </summary>
    public abstract class LlmStreamObserver
    {
        /// <summary>An attempt is being sent (<paramref name="attempt"/> counts from 1).</summary>
        public virtual void RequestStarting(string api, Uri url, string? model, int attempt)
        {
        }

        /// <summary>An attempt failed with <paramref name="reason"/> (a status code or an error type) and another follows after <paramref name="delay"/>.</summary>
        public virtual void Retrying(string api, int attempt, TimeSpan delay, string reason)
        {
        }

        /// <summary>The request failed before any stream started.</summary>
        public virtual void RequestFailed(string api, LlmStreamException error)
        {
        }

        /// <summary>A stream ended, in any outcome.</summary>
        public virtual void StreamEnded(string api, StreamResult result)
        {
        }
    }
}
