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
                return TimeSpan.FromMilliseconds(millis);
            }
            var header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta) return delta >= TimeSpan.Zero ? delta : null;
            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }
    }
}
