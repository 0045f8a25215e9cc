using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StreamKit.Chat;
using StreamKit.Streaming;

namespace StreamKit.Cli.Output
{
    /// <summary>
    /// The <c>--json</c> envelope: <c>{"outcome", "exit_code", "error", "statistics", "completion"}</c>, where
    /// <c>completion</c> has the shape of a non-streaming <c>chat.completion</c> (final or partial).
    /// </summary>
    public static class ResultJson
    {
        /// <summary>The envelope of a chat stream: the reduced value is under <c>completion</c>.</summary>
        public static string Envelope(ChatStreamResult result) =>
            Envelope(result, "completion", w => result.Completion.WriteJson(w), null);

        /// <summary>The envelope of a Responses stream: the rebuilt <c>Response</c> is under <c>response</c>, with the terminal event and sequence problems.</summary>
        public static string Envelope(StreamKit.Responses.ResponseStreamResult result) =>
            Envelope(result, "response", w => result.Response.WriteJson(w), w =>
            {
                if (result.Terminal is { } t) w.WriteString("terminal", t);
                else w.WriteNull("terminal");
                w.WriteStartArray("sequence_gaps");
                foreach (var (from, to) in result.SequenceGaps)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(from);
                    w.WriteNumberValue(to);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteNumber("duplicates", result.Duplicates);
            });

        private static string Envelope<T>(StreamResult<T> result, string key, System.Action<Utf8JsonWriter> writeValue, System.Action<Utf8JsonWriter>? writeExtra)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("outcome", StreamOutcomeNames.Of(result.Outcome));
                w.WriteNumber("exit_code", ExitCodes.For(result.Outcome));
                w.WritePropertyName("error");
                WriteError(w, result.Error);
                w.WritePropertyName("statistics");
                WriteStatistics(w, result.Statistics);
                writeExtra?.Invoke(w);
                w.WritePropertyName(key);
                writeValue(w);
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
                    w.WriteNumber("event_index", p.EventIndex);
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
                case LlmHttpException h:
                    w.WriteNumber("status", (int)h.StatusCode);
                    if (h.Error is { } he) w.WriteString("provider_message", he.Message);
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
            if (s.TimeToFirstDelta is { } t) w.WriteNumber("time_to_first_delta_ms", Round(t.TotalMilliseconds));
            else w.WriteNull("time_to_first_delta_ms");
            w.WriteNumber("elapsed_ms", Round(s.Elapsed.TotalMilliseconds));
            w.WriteNumber("deltas_per_second", Round(s.DeltasPerSecond));
            w.WriteEndObject();
        }

        private static double Round(double v) => System.Math.Round(v, 3);
    }
}
