using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace StreamKit.Http
{
    /// <summary>
    /// Sends streaming requests for one endpoint under one set of options: auth and headers, the response timer per
    /// attempt, retries (Polly) before any content, and a check of what the body is (an event stream, decoded).
    /// </summary>
    internal sealed class LlmTransport
    {
        private const int MaxErrorBody = 64 * 1024;
        private static readonly ResiliencePropertyKey<AttemptLog> LogKey = new ResiliencePropertyKey<AttemptLog>("StreamKit.Attempts");

        private readonly HttpClient _http;
        private readonly LlmEndpoint _endpoint;
        private readonly LlmClientOptions _options;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

        public LlmTransport(HttpClient http, LlmEndpoint endpoint, LlmClientOptions? options)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            _options = options ?? LlmClientOptions.Default;
            _options.Validate();
            _pipeline = BuildPipeline(_options.Retry);
        }

        public LlmClientOptions Options => _options;

        public LlmEndpoint Endpoint => _endpoint;

        /// <summary>
        /// <see cref="SendAsync"/> with the request's telemetry and observer: starts the span, and reports a request that
        /// fails before its stream starts. The stream, once open, reports how it ends.
        /// </summary>
        public async Task<(TransportResponse Response, RequestTelemetry? Telemetry)> OpenAsync(HttpMethod method, string path, byte[]? jsonBody,
            string api, string? model, Func<string?> inputMessages, CancellationToken cancellationToken)
        {
            var telemetry = RequestTelemetry.Start("chat", model, _endpoint.BaseUrl, inputMessages, _options.CaptureMessageContent);
            try
            {
                var response = await SendAsync(method, path, jsonBody, cancellationToken, api, model).ConfigureAwait(false);
                return (response, telemetry);
            }
            catch (Exception ex)
            {
                telemetry?.Failed(ex);
                if (ex is LlmStreamException error) _options.Observer?.RequestFailed(api, error);
                throw;
            }
        }

        /// <summary>Sends the request and returns once an event stream has started.</summary>
        /// <exception cref="LlmHttpException">A status outside 2xx, or no connection, after the retries.</exception>
        /// <exception cref="StreamTimeoutException">The response, first-content or total timer ran out before the stream started.</exception>
        /// <exception cref="ProviderStreamException">A 200 whose JSON body is an error.</exception>
        /// <exception cref="MalformedStreamException">A 200 whose body is not an event stream (HTML, a non-streamed JSON answer) or cannot be decoded.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public async Task<TransportResponse> SendAsync(HttpMethod method, string path, byte[]? jsonBody, CancellationToken cancellationToken, string api = "chat", string? model = null)
        {
            var watchdog = new StreamWatchdog(_options.Timeouts);
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
                var log = new AttemptLog();
                var context = ResilienceContextPool.Shared.Get(linked.Token);
                HttpResponseMessage response;
                try
                {
                    context.Properties.Set(LogKey, log);
                    response = await _pipeline.ExecuteAsync(
                        static (ctx, state) => state.Transport.AttemptAsync(state.Method, state.Path, state.Body, state.Api, state.Model, ctx),
                        context, (Transport: this, Method: method, Path: path, Body: jsonBody, Api: api, Model: model)).ConfigureAwait(false);
                }
                catch (ResponseTimeoutException ex)
                {
                    throw new StreamTimeoutException(StreamTimer.Response, ex.Limit, 0, null, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new LlmHttpException(null, null, null, null, ex);
                }
                catch (OperationCanceledException ex) when (watchdog.Fired is StreamTimer timer && !cancellationToken.IsCancellationRequested)
                {
                    throw new StreamTimeoutException(timer, watchdog.LimitOf(timer), 0, null, ex);
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }

                var timeToResponse = watchdog.Clock.Elapsed;
                try
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        string text = Redact(await ReadBoundedAsync(response, linked.Token).ConfigureAwait(false));
                        throw new LlmHttpException(response.StatusCode, ProviderErrorParser.TryParse(text), text, HeadersOf(response));
                    }
                    await CheckEventStreamAsync(response, Redact, linked.Token).ConfigureAwait(false);
                    var body = BodyDecoding.Decode(response, await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                    if (_options.Recorder is { } recorder) body = new RecordingStream(body, recorder, _endpoint.ApiKey);
                    return new TransportResponse(body, response, watchdog, log.Attempts, log.Delay, timeToResponse);
                }
                catch (OperationCanceledException ex) when (watchdog.Fired is StreamTimer timer && !cancellationToken.IsCancellationRequested)
                {
                    response.Dispose();
                    throw new StreamTimeoutException(timer, watchdog.LimitOf(timer), 0, null, ex);
                }
                catch (NotSupportedException ex)
                {
                    response.Dispose();
                    throw new MalformedStreamException(ex.Message, null, 0, null, null, null, ex);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
            catch
            {
                watchdog.Dispose();
                throw;
            }
        }

        /// <summary>One attempt: a new request message, the response timer, the headers.</summary>
        private async ValueTask<HttpResponseMessage> AttemptAsync(HttpMethod method, string path, byte[]? jsonBody, string api, string? model, ResilienceContext context)
        {
            var log = context.Properties.GetValue(LogKey, new AttemptLog());
            log.Attempts++;
            log.Api = api;
            _options.Observer?.RequestStarting(api, _endpoint.Resolve(path), model, log.Attempts);
            using var message = CreateMessage(method, path, jsonBody);
            var limit = LlmTimeoutOptions.Effective(_options.Timeouts.Response);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            if (limit is TimeSpan l) attempt.CancelAfter(l);
            try
            {
                return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (attempt.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                throw new ResponseTimeoutException(limit ?? Timeout.InfiniteTimeSpan, ex);
            }
        }

        private HttpRequestMessage CreateMessage(HttpMethod method, string path, byte[]? jsonBody)
        {
            var message = new HttpRequestMessage(method, _endpoint.Resolve(path));
            if (jsonBody is not null)
            {
                message.Content = new ByteArrayContent(jsonBody);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            message.Headers.Accept.ParseAdd("text/event-stream");
            if (_options.UserAgent is { Length: > 0 } agent) message.Headers.TryAddWithoutValidation("User-Agent", agent);
            if (_endpoint.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            foreach (var h in _endpoint.Headers)
            {
                message.Headers.Remove(h.Key);
                if (!message.Headers.TryAddWithoutValidation(h.Key, h.Value)) message.Content?.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            return message;
        }

        private ResiliencePipeline<HttpResponseMessage> BuildPipeline(LlmRetryOptions retry)
        {
            if (retry.MaxRetries == 0) return ResiliencePipeline<HttpResponseMessage>.Empty;
            var maxDelay = retry.MaxDelay;
            return new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = retry.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retry.BaseDelay,
                    MaxDelay = maxDelay,
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception switch
                    {
                        HttpRequestException or ResponseTimeoutException => true,
                        null => args.Outcome.Result is { } r && retry.ShouldRetry((int)r.StatusCode),
                        _ => false,
                    }),
                    DelayGenerator = args =>
                    {
                        var asked = RetryAfter.From(args.Outcome.Result, DateTimeOffset.UtcNow);
                        return new ValueTask<TimeSpan?>(asked is TimeSpan wait ? (wait > maxDelay ? maxDelay : wait) : null);
                    },
                    OnRetry = args =>
                    {
                        var log = args.Context.Properties.GetValue(LogKey, new AttemptLog());
                        log.Delay += args.RetryDelay;
                        string reason = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : args.Outcome.Exception is ResponseTimeoutException ? "response_timeout" : args.Outcome.Exception?.GetType().Name ?? "error";
                        _options.Observer?.Retrying(log.Api, log.Attempts, args.RetryDelay, reason);
                        return default;
                    },
                })
                .Build();
        }

        /// <summary>A 200 must carry an event stream: a JSON body is the provider's error (or an answer that ignored <c>stream: true</c>), HTML is a proxy's page.</summary>
        private static async Task CheckEventStreamAsync(HttpResponseMessage response, Func<string, string> redact, CancellationToken cancellationToken)
        {
            string? media = response.Content.Headers.ContentType?.MediaType?.Trim().ToLowerInvariant();
            if (media is null || media.Length == 0 || media == "text/event-stream") return;
            bool json = media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal);
            bool html = media == "text/html" || media == "application/xhtml+xml";
            if (!json && !html) return;
            string text = redact(await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false));
            if (json && ProviderErrorParser.TryParse(text) is { } error) throw new ProviderStreamException(error, null, 0, null);
            string start = text.Length <= 200 ? text : text.Substring(0, 200) + "…";
            throw new MalformedStreamException(
                "Expected text/event-stream but the endpoint answered " + media + (json ? " (was stream: true ignored?)" : "") + ": " + start.Replace('\n', ' ').Replace('\r', ' '),
                null, 0, null, null, null);
        }

        /// <summary>At most 64 KiB of the body, decoded, as text.</summary>
        private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                using var stream = BodyDecoding.Decode(response, await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                var buffer = new byte[MaxErrorBody];
                int total = 0;
                while (total < buffer.Length)
                {
                    int n = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    total += n;
                }
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException or NotSupportedException)
            {
                return "(the body could not be read: " + ex.Message + ")";
            }
        }

        /// <summary>A body that echoes the API key (some gateways do, in "invalid key" errors) never carries it further.</summary>
        private string Redact(string text) =>
            _endpoint.ApiKey is { Length: >= 8 } key && text.IndexOf(key, StringComparison.Ordinal) >= 0 ? text.Replace(key, "[redacted]") : text;

        private static IReadOnlyDictionary<string, string> HeadersOf(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers) headers[h.Key] = string.Join(", ", h.Value);
            foreach (var h in response.Content.Headers) headers[h.Key] = string.Join(", ", h.Value);
            return headers;
        }

        /// <summary>What the retries did, for the statistics.</summary>
        private sealed class AttemptLog
        {
            public int Attempts;
            public TimeSpan Delay;
            public string Api = "chat";
        }

        /// <summary>The response timer ran out on one attempt (retried like a 408).</summary>
        private sealed class ResponseTimeoutException : Exception
        {
            public ResponseTimeoutException(TimeSpan limit, Exception inner)
                : base("No response headers within " + limit, inner)
            {
                Limit = limit;
            }

            public TimeSpan Limit { get; }
        }
    }
}
