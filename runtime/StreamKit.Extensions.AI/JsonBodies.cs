using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace StreamKit.Extensions.AI
{
    /// <summary>Writes Microsoft.Extensions.AI messages, tools and options as request JSON, without reflection.</summary>
    internal static class JsonBodies
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static JsonElement Build(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, Options))
            {
                write(w);
            }
            using var doc = JsonDocument.Parse(stream.ToArray());
            return doc.RootElement.Clone();
        }

        /// <summary>A value from <c>AdditionalProperties</c> or function arguments: JSON elements as they are, primitives as JSON, anything else as text.</summary>
        public static void WriteValue(Utf8JsonWriter w, object? value)
        {
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case JsonElement e: e.WriteTo(w); break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case long l: w.WriteNumberValue(l); break;
                case float f: w.WriteNumberValue(f); break;
                case double d: w.WriteNumberValue(d); break;
                case decimal m: w.WriteNumberValue(m); break;
                case IEnumerable<KeyValuePair<string, object?>> map:
                    w.WriteStartObject();
                    foreach (var kv in map)
                    {
                        w.WritePropertyName(kv.Key);
                        WriteValue(w, kv.Value);
                    }
                    w.WriteEndObject();
                    break;
                case System.Collections.IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) WriteValue(w, item);
                    w.WriteEndArray();
                    break;
                default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        public static string ArgumentsText(IDictionary<string, object?>? arguments) =>
            arguments is null ? "{}" : Build(w => WriteValue(w, arguments)).GetRawText();

        /// <summary>Function arguments parsed from their JSON text (values as <see cref="JsonElement"/>); unparseable text is kept under <c>_raw</c>.</summary>
        public static Dictionary<string, object?> ParseArguments(string? json)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(json)) return result;
            try
            {
                using var doc = JsonDocument.Parse(json!);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    result["_raw"] = json;
                    return result;
                }
                foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = p.Value.Clone();
            }
            catch (JsonException)
            {
                result["_raw"] = json;
            }
            return result;
        }

        public static string ResultText(object? result) => result switch
        {
            null => "",
            string s => s,
            JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText(),
            _ => Build(w => WriteValue(w, result)).GetRawText(),
        };

        /// <summary>The text of a message's text contents.</summary>
        public static string? TextOf(ChatMessage m)
        {
            string? text = null;
            foreach (var c in m.Contents) if (c is TextContent t) text += t.Text;
            return text;
        }

        public static string RoleOf(ChatRole role) => role.Value;

        /// <summary>Writes the options every request shares (sampling, stop, seed) and the additional properties, untouched.</summary>
        public static void Common(IDictionary<string, JsonElement> extra, ChatOptions? o, bool responses)
        {
            if (o is null) return;
            if (o.Temperature is float temperature) extra["temperature"] = Build(w => w.WriteNumberValue(temperature));
            if (o.TopP is float topP) extra["top_p"] = Build(w => w.WriteNumberValue(topP));
            if (o.MaxOutputTokens is int max) extra[responses ? "max_output_tokens" : "max_tokens"] = Build(w => w.WriteNumberValue(max));
            if (!responses)
            {
                if (o.FrequencyPenalty is float fp) extra["frequency_penalty"] = Build(w => w.WriteNumberValue(fp));
                if (o.PresencePenalty is float pp) extra["presence_penalty"] = Build(w => w.WriteNumberValue(pp));
                if (o.Seed is long seed) extra["seed"] = Build(w => w.WriteNumberValue(seed));
                if (o.StopSequences is { Count: > 0 } stop) extra["stop"] = Build(w => WriteValue(w, stop));
            }
            if (o.AllowMultipleToolCalls is bool parallel) extra["parallel_tool_calls"] = Build(w => w.WriteBooleanValue(parallel));
            if (o.AdditionalProperties is { } more)
            {
                foreach (var kv in more) extra[kv.Key] = Build(w => WriteValue(w, kv.Value));
            }
        }

        /// <summary>The function declarations among the tools (others are not expressible without a provider-specific shape).</summary>
        public static List<AIFunctionDeclaration> Functions(ChatOptions? o)
        {
            var list = new List<AIFunctionDeclaration>();
            foreach (var t in o?.Tools ?? (IList<AITool>)Array.Empty<AITool>()) if (t is AIFunctionDeclaration f) list.Add(f);
            return list;
        }
    }
}
