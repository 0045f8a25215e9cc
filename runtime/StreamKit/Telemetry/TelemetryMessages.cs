using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace StreamKit
{
    /// <summary>Messages in the OpenTelemetry GenAI JSON shape for <c>gen_ai.input.messages</c>: <c>[{"role", "parts": [{"type": "text", "content"}]}]</c>.</summary>
    internal static class TelemetryMessages
    {
        public static string Of(IEnumerable<(string Role, string? Text)> messages) => Of(messages, null);

        /// <summary>As the overload without finish reasons; output messages also carry their <c>finish_reason</c>.</summary>
        public static string Of(IEnumerable<(string Role, string? Text)> messages, IReadOnlyList<string?>? finishReasons)
        {
            int i = 0;
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartArray();
                foreach (var (role, text) in messages)
                {
                    w.WriteStartObject();
                    w.WriteString("role", role);
                    w.WriteStartArray("parts");
                    if (text is not null)
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "text");
                        w.WriteString("content", text);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    if (finishReasons is not null && i < finishReasons.Count && finishReasons[i] is { } finish) w.WriteString("finish_reason", finish);
                    w.WriteEndObject();
                    i++;
                }
                w.WriteEndArray();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
