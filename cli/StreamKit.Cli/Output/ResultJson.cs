using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StreamKit.Responses;

namespace StreamKit.Cli.Output
{
    /// <summary>
    /// The <c>--json</c> envelope, printed in every outcome: <c>{"api", "outcome", "exit_code", "error", "statistics",
    /// "completion" | "response"}</c>. <c>completion</c> has the shape of a non-streaming <c>chat.completion</c>;
    /// <c>response</c> is the rebuilt <c>Response</c> (with <c>terminal</c>, <c>sequence_gaps</c>, <c>duplicates</c>).
    /// The value is the final or partial one, or null when no stream started (HTTP errors, timeouts before the stream).
    /// </summary>
    public static class ResultJson
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>The envelope of a stream that ran.</summary>
        public static string Envelope(StreamApi api, LlmStream stream, StreamResult result) =>
            Write(api, result.Outcome, result.Error, result.Statistics, w =>
            {
                if (result is ResponseStreamResult r)
                {
                    if (r.Terminal is { } t) w.WriteString("terminal", t);
                    else w.WriteNull("terminal");
                    w.WriteStartArray("sequence_gaps");
                    foreach (var (from, to) in r.SequenceGaps)
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(from);
                        w.WriteNumberValue(to);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteNumber("duplicates", r.Duplicates);
                }
                w.WritePropertyName(ValueKey(api));
                stream.WriteSnapshotJson(w);
            });

        /// <summary>The envelope of a request that failed before any stream started: the value is null.</summary>
        public static string Failure(StreamApi api, LlmStreamException error) =>
            Write(api, error.Outcome, error, null, w => w.WriteNull(ValueKey(api)));

        private static string ValueKey(StreamApi api) => api == StreamApi.Responses ? "response" : "completion";

        private static string Write(StreamApi api, StreamOutcome outcome, LlmStreamException? error, StreamStatistics? statistics, Action<Utf8JsonWriter> writeRest)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, Options))
            {
                w.WriteStartObject();
                w.WriteString("api", ApiDetector.Name(api));
                w.WriteString("outcome", StreamNames.Of(outcome));
                w.WriteNumber("exit_code", ExitCodes.For(outcome));
                w.WritePropertyName("error");
                WriteError(w, error);
                w.WritePropertyName("statistics");
                if (statistics is null) w.WriteNullValue();
                else WriteStatistics(w, statistics);
                writeRest(w);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void WriteError(Utf8JsonWriter w, LlmStreamException? error)
        {
            if (error is null)
            {
                w.WriteNullValue();
                return;
            }
            w.WriteStartObject();
            w.WriteString("type", error.OutcomeName);
            w.WriteString("message", error.Message);
            switch (error)
            {
                case ProviderStreamException p:
                    w.WriteString("provider_message", p.Error.Message);
                    if (p.Error.Code is { } code) w.WriteString("code", code);
                    if (p.Error.Type is { } type) w.WriteString("provider_type", type);
                    if (p.EventIndex is int pi) w.WriteNumber("event_index", pi);
                    else w.WriteNull("event_index");
                    w.WriteNumber("byte_offset", p.ByteOffset);
                    break;
                case MalformedStreamException m:
                    if (m.EventIndex is int i) w.WriteNumber("event_index", i);
                    w.WriteNumber("byte_offset", m.ByteOffset);
                    if (m.JsonPath is { } path) w.WriteString("json_path", path);
                    if (m.PayloadByteOffset is long po) w.WriteNumber("payload_byte_offset", po);
                    break;
                case TruncatedStreamException t:
                    w.WriteNumber("byte_offset", t.ByteOffset);
                    break;
                case StreamTimeoutException to:
                    w.WriteString("timer", to.TimerName);
                    w.WriteNumber("limit_ms", Round(to.Limit.TotalMilliseconds));
                    w.WriteNumber("byte_offset", to.ByteOffset);
                    break;
                case StreamLimitExceededException le:
                    w.WriteString("limit", le.LimitName);
                    w.WriteNumber("maximum", le.Maximum);
                    if (le.EventIndex is int li) w.WriteNumber("event_index", li);
                    w.WriteNumber("byte_offset", le.ByteOffset);
                    break;
                case StreamCancelledException c:
                    w.WriteNumber("byte_offset", c.ByteOffset);
                    break;
                case LlmHttpException h:
                    if (h.StatusCode is { } status) w.WriteNumber("status", (int)status);
                    else w.WriteNull("status");
                    if (h.Error is { } he) w.WriteString("provider_message", he.Message);
                    if (h.RequestId is { } id) w.WriteString("request_id", id);
                    if (h.RetryAfter is { } ra) w.WriteString("retry_after", ra);
                    break;
            }
            w.WriteEndObject();
        }

        private static void WriteStatistics(Utf8JsonWriter w, StreamStatistics s)
        {
            w.WriteStartObject();
            w.WriteNumber("bytes", s.Bytes);
            w.WriteNumber("events", s.Events);
            w.WriteNumber("comments", s.Comments);
            w.WriteNumber("items", s.Items);
            w.WriteNumber("deltas", s.Deltas);
            w.WriteNumber("events_after_done", s.EventsAfterDone);
            w.WriteNumber("duplicate_keys", s.DuplicateKeys);
            w.WriteNumber("attempts", s.Attempts);
            w.WriteNumber("retry_delay_ms", Round(s.RetryDelay.TotalMilliseconds));
            if (s.TimeToFirstDelta is { } t) w.WriteNumber("time_to_first_delta_ms", Round(t.TotalMilliseconds));
            else w.WriteNull("time_to_first_delta_ms");
            w.WriteNumber("elapsed_ms", Round(s.Elapsed.TotalMilliseconds));
            w.WriteNumber("deltas_per_second", Round(s.DeltasPerSecond));
            w.WriteEndObject();
        }

        private static double Round(double v) => Math.Round(v, 3);
    }
}
