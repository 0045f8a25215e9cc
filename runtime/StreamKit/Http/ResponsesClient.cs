using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Responses;
using StreamKit.Streaming;

namespace StreamKit.Http
{
    /// <summary>
    /// Streams the Responses API (<c>POST {base}/responses</c>) and resumes background responses
    /// (<c>GET {base}/responses/{id}?stream=true&amp;starting_after=N</c>) from OpenAI and the Open Responses servers
    /// that copy it (LM Studio, DeepSeek, xAI, OpenRouter, Azure).
    /// </summary>
    public sealed class ResponsesClient
    {
        private readonly HttpClient _http;
        private readonly LlmEndpoint _endpoint;

        /// <summary>Creates a client; <paramref name="http"/> is not disposed by it.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public ResponsesClient(HttpClient http, LlmEndpoint endpoint)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>Creates a response and streams its events.</summary>
        /// <exception cref="LlmHttpException">The status is not 2xx.</exception>
        /// <exception cref="HttpRequestException">The request could not be sent.</exception>
        public async Task<ResponseStream> StreamAsync(ResponseRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var (body, response, clock) = await LlmTransport.SendAsync(_http, _endpoint, HttpMethod.Post, "responses", request.ToJson(), cancellationToken).ConfigureAwait(false);
            return new ResponseStream(body, response, clock);
        }

        /// <summary>
        /// Resumes the stream of a background response after event <paramref name="startingAfter"/> (its
        /// <c>sequence_number</c>); the stream then starts mid-way, without <c>response.created</c>, and still reduces.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="responseId"/> is empty.</exception>
        /// <exception cref="LlmHttpException">The status is not 2xx.</exception>
        public async Task<ResponseStream> ResumeAsync(string responseId, long? startingAfter = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(responseId)) throw new ArgumentException("A response id is required.", nameof(responseId));
            string path = "responses/" + Uri.EscapeDataString(responseId) + "?stream=true" +
                (startingAfter is long n ? "&starting_after=" + n.ToString(CultureInfo.InvariantCulture) : "");
            var (body, response, clock) = await LlmTransport.SendAsync(_http, _endpoint, HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            return new ResponseStream(body, response, clock);
        }
    }
}
