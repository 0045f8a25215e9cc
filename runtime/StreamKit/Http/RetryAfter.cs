using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace StreamKit.Http
{
    /// <summary>Reads how long a server asked the client to wait (RFC 9110 §10.2.3 <c>Retry-After</c>, and the <c>retry-after-ms</c> that OpenAI and Azure send).</summary>
    internal static class RetryAfter
    {
        /// <summary>The wait asked for, or null when the response names none (or names a time in the past).</summary>
        public static TimeSpan? From(HttpResponseMessage? response, DateTimeOffset now)
        {
            if (response is null) return null;
            if (response.Headers.TryGetValues("retry-after-ms", out var ms)
                && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double millis) && millis >= 0)
            {
                // A huge or infinite value is a very long wait, not an error: the caller caps it.
                return millis < TimeSpan.MaxValue.TotalMilliseconds / 2 ? TimeSpan.FromMilliseconds(millis) : TimeSpan.MaxValue;
            }
            var header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta) return delta >= TimeSpan.Zero ? delta : null;
            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - now;
                // A date in the past (clock skew) asks for nothing: the backoff applies.
                return wait > TimeSpan.Zero ? wait : null;
            }
            return null;
        }
    }
}
