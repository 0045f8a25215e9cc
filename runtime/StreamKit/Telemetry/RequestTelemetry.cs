using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit
{
    /// <summary>The span and metrics of one request (see <see cref="LlmTelemetry"/>); inert when nobody listens.</summary>
    internal sealed class RequestTelemetry
    {
        private readonly Activity? _activity;
        private readonly TagList _common;
        private readonly bool _captureContent;
        private readonly bool _enabled;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _firstContent;
        private TimeSpan _lastContent;
        private int _finished;

        private RequestTelemetry(string operation, string? model, Uri endpoint, string? inputMessages, bool captureContent)
        {
            _captureContent = captureContent;
            _common = new TagList
            {
                { "gen_ai.operation.name", operation },
                { "gen_ai.request.model", model },
                { "server.address", endpoint.Host },
                { "server.port", endpoint.Port },
            };
            _enabled = LlmTelemetry.OperationDuration.Enabled || LlmTelemetry.TokenUsage.Enabled || LlmTelemetry.TimeToFirstChunk.Enabled || LlmTelemetry.TimePerOutputChunk.Enabled;
            _activity = LlmTelemetry.Source.StartActivity(operation + (model is null ? "" : " " + model), ActivityKind.Client);
            if (_activity is not null)
            {
                foreach (var tag in _common) _activity.SetTag(tag.Key, tag.Value);
                if (captureContent && inputMessages is not null) _activity.SetTag("gen_ai.input.messages", inputMessages);
            }
        }

        /// <summary>Starts the telemetry of a request; null when nothing listens (no cost).</summary>
        public static RequestTelemetry? Start(string operation, string? model, Uri endpoint, Func<string?> inputMessages, bool captureContent)
        {
            bool any = LlmTelemetry.Source.HasListeners() || LlmTelemetry.OperationDuration.Enabled || LlmTelemetry.TokenUsage.Enabled
                || LlmTelemetry.TimeToFirstChunk.Enabled || LlmTelemetry.TimePerOutputChunk.Enabled;
            return any ? new RequestTelemetry(operation, model, endpoint, captureContent ? inputMessages() : null, captureContent) : null;
        }

        /// <summary>An item with content arrived.</summary>
        public void Content()
        {
            var now = _clock.Elapsed;
            if (_firstContent is null)
            {
                _firstContent = now;
                if (_enabled) LlmTelemetry.TimeToFirstChunk.Record(now.TotalSeconds, _common);
            }
            else if (_enabled)
            {
                LlmTelemetry.TimePerOutputChunk.Record((now - _lastContent).TotalSeconds, _common);
            }
            _lastContent = now;
        }

        /// <summary>The request failed before any stream started.</summary>
        public void Failed(Exception error)
        {
            if (System.Threading.Interlocked.Exchange(ref _finished, 1) != 0) return;
            string type = error is LlmHttpException { StatusCode: { } status } ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : error is LlmStreamException s ? s.OutcomeName
                : error is OperationCanceledException ? "cancelled"
                : error.GetType().FullName ?? "error";
            var tags = _common;
            tags.Add("error.type", type);
            if (_enabled) LlmTelemetry.OperationDuration.Record(_clock.Elapsed.TotalSeconds, tags);
            if (_activity is not null)
            {
                _activity.SetTag("error.type", type);
                _activity.SetTag("streamkit.outcome", error is LlmStreamException ls ? ls.OutcomeName : type);
                _activity.SetStatus(ActivityStatusCode.Error, error.Message);
                _activity.Dispose();
            }
        }

        /// <summary>The stream ended (in any outcome).</summary>
        public void Finished(StreamResult result)
        {
            if (System.Threading.Interlocked.Exchange(ref _finished, 1) != 0) return;
            var (model, id, finishReasons, input, output, content) = Describe(result.Value);
            var tags = _common;
            if (model is not null) tags.Add("gen_ai.response.model", model);
            string? errorType = result.IsSuccess ? null
                : result.Error is LlmHttpException { StatusCode: { } status } ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : result.OutcomeName;
            if (errorType is not null) tags.Add("error.type", errorType);
            if (_enabled)
            {
                LlmTelemetry.OperationDuration.Record(_clock.Elapsed.TotalSeconds, tags);
                if (input is long i)
                {
                    var t = tags;
                    t.Add("gen_ai.token.type", "input");
                    LlmTelemetry.TokenUsage.Record(i, t);
                }
                if (output is long o)
                {
                    var t = tags;
                    t.Add("gen_ai.token.type", "output");
                    LlmTelemetry.TokenUsage.Record(o, t);
                }
            }
            if (_activity is null) return;
            if (model is not null) _activity.SetTag("gen_ai.response.model", model);
            if (id is not null) _activity.SetTag("gen_ai.response.id", id);
            if (finishReasons.Length > 0) _activity.SetTag("gen_ai.response.finish_reasons", finishReasons);
            if (input is long inTokens) _activity.SetTag("gen_ai.usage.input_tokens", inTokens);
            if (output is long outTokens) _activity.SetTag("gen_ai.usage.output_tokens", outTokens);
            _activity.SetTag("streamkit.outcome", result.OutcomeName);
            if (_captureContent && content is not null) _activity.SetTag("gen_ai.output.messages", content);
            if (errorType is not null)
            {
                _activity.SetTag("error.type", errorType);
                _activity.SetStatus(ActivityStatusCode.Error, result.Error?.Message);
            }
            _activity.Dispose();
        }

        private static (string? Model, string? Id, string[] FinishReasons, long? Input, long? Output, string? Content) Describe(object? value)
        {
            switch (value)
            {
                case ChatCompletion c:
                    var reasons = (c.Choices ?? new List<ChatCompletionChoice>()).Select(x => x.FinishReason?.Value).Where(r => r is not null).Select(r => r!).ToArray();
                    string? content = c.Choices is { Count: > 0 } ? OutputMessages(c.Choices.Select(x => (x.Message?.Content, x.FinishReason?.Value))) : null;
                    return (c.Model, c.Id, reasons, c.Usage?.PromptTokens, c.Usage?.CompletionTokens, content);
                case Response r:
                    string? text = null;
                    foreach (var item in r.Output ?? new List<IOutputItem>())
                        if (item is OutputMessage m)
                            foreach (var part in m.Content ?? new List<IOutputMessageContent>())
                                if (part is OutputTextContent t) text += t.Text;
                    var status = r.Status?.Value;
                    return (r.Model, r.Id, status is null ? Array.Empty<string>() : new[] { status }, r.Usage?.InputTokens, r.Usage?.OutputTokens,
                        OutputMessages(new[] { (text, status) }));
                default:
                    return (null, null, Array.Empty<string>(), null, null, null);
            }
        }

        /// <summary>The output messages in the convention's JSON shape: <c>[{"role":"assistant","parts":[{"type":"text","content":...}],"finish_reason":...}]</c>.</summary>
        private static string OutputMessages(IEnumerable<(string? Text, string? Finish)> messages)
        {
            var list = messages.ToList();
            return TelemetryMessages.Of(list.Select(m => ("assistant", m.Text)), list.Select(m => m.Finish).ToList());
        }
    }
}
