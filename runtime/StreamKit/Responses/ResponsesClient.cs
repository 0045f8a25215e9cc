using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Http;

namespace StreamKit.Responses
{
    /// <summary>
    /// Streams the Responses API (<c>POST {base}/responses</c>) and resumes background responses
    /// (<c>GET {base}/responses/{id}?stream=true&amp;starting_after=N</c>) from OpenAI and the Open Responses servers
    /// that copy it (LM Studio, DeepSeek, xAI, OpenRouter, Azure), under the timers, retries and limits of its options.
    /// </summary>
    public sealed class ResponsesClient
    {
        private readonly LlmTransport _transport;

        /// <summary>Creates a client; <paramref name="http"/> is not disposed by it. Its <c>Timeout</c> may be infinite: the options' timers bound every request.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="http"/> or <paramref name="endpoint"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are out of range.</exception>
        public ResponsesClient(HttpClient http, LlmEndpoint endpoint, LlmClientOptions? options = null)
        {
            _transport = new LlmTransport(http, endpoint, options);
        }

        /// <summary>The options in force.</summary>
        public LlmClientOptions Options => _transport.Options;

        /// <summary>The endpoint requests go to.</summary>
        public LlmEndpoint Endpoint => _transport.Endpoint;

        /// <summary>Creates a response and streams its events.</summary>
        /// <exception cref="LlmHttpException">A status outside 2xx, or no connection, after the retries.</exception>
        /// <exception cref="StreamTimeoutException">A timer ran out before the stream started.</exception>
        /// <exception cref="ProviderStreamException">The endpoint answered 200 with a JSON error instead of a stream.</exception>
        /// <exception cref="MalformedStreamException">The endpoint answered 200 with something that is not an event stream.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public async Task<ResponseStream> StreamAsync(ResponseRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var (response, telemetry) = await _transport.OpenAsync(HttpMethod.Post, "responses", request.ToJson(), "responses", request.Model,
                () => TelemetryMessages.Of(new[] { ("user", (string?)request.Input) }), cancellationToken).ConfigureAwait(false);
            return new ResponseStream(response, _transport.Options) { Telemetry = telemetry };
        }

        /// <summary>
        /// Resumes the stream of a background response after event <paramref name="startingAfter"/> (its
        /// <c>sequence_number</c>); the stream then starts mid-way, without <c>response.created</c>, and still reduces.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="responseId"/> is empty.</exception>
        /// <exception cref="LlmHttpException">A status outside 2xx, or no connection, after the retries.</exception>
        /// <exception cref="StreamTimeoutException">A timer ran out before the stream started.</exception>
        public async Task<ResponseStream> ResumeAsync(string responseId, long? startingAfter = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(responseId)) throw new ArgumentException("A response id is required.", nameof(responseId));
            string path = "responses/" + Uri.EscapeDataString(responseId) + "?stream=true" +
                (startingAfter is long n ? "&starting_after=" + n.ToString(CultureInfo.InvariantCulture) : "");
            var (response, telemetry) = await _transport.OpenAsync(HttpMethod.Get, path, null, "responses", null, () => null, cancellationToken).ConfigureAwait(false);
            return new ResponseStream(response, _transport.Options) { Telemetry = telemetry };
        }
    }
}
