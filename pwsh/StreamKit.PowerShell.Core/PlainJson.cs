using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// Writes the plain values a script passes (hashtables, arrays, strings, numbers, booleans, <see cref="JsonElement"/>)
    /// as JSON, without reflection: dictionaries are objects, other enumerables arrays, anything else its text.
    /// </summary>
    public static class PlainJson
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>Writes <paramref name="value"/>.</summary>
        /// <exception cref="ArgumentException">Nesting deeper than 64 (a cycle).</exception>
        public static void Write(Utf8JsonWriter writer, object? value, int depth = 0)
        {
            if (depth > 64) throw new ArgumentException("The value nests deeper than 64 levels (is it cyclic?).");
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case JsonElement e:
                    e.WriteTo(writer);
                    break;
                case char c:
                    writer.WriteStringValue(c.ToString());
                    break;
                case Enum en:
                    writer.WriteStringValue(en.ToString());
                    break;
                case DateTime dt:
                    writer.WriteStringValue(dt);
                    break;
                case DateTimeOffset dto:
                    writer.WriteStringValue(dto);
                    break;
                case int or long or short or byte or sbyte or uint or ulong or ushort:
                    writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!, skipInputValidation: true);
                    break;
                case double d:
                    writer.WriteNumberValue(d);
                    break;
                case float f:
                    writer.WriteNumberValue(f);
                    break;
                case decimal m:
                    writer.WriteNumberValue(m);
                    break;
                case LlmToolCall call:
                    writer.WriteStartObject();
                    writer.WriteString("id", call.Id);
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.Name);
                    writer.WriteString("arguments", call.Arguments ?? "{}");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case IDictionary map:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry kv in map)
                    {
                        writer.WritePropertyName(Convert.ToString(kv.Key, CultureInfo.InvariantCulture) ?? "");
                        Write(writer, kv.Value, depth + 1);
                    }
                    writer.WriteEndObject();
                    break;
                case IEnumerable list:
                    writer.WriteStartArray();
                    foreach (var item in list) Write(writer, item, depth + 1);
                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        /// <summary><paramref name="value"/> as a standalone <see cref="JsonElement"/>.</summary>
        public static JsonElement ToElement(object? value)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Options))
            {
                Write(writer, value);
            }
            using var doc = JsonDocument.Parse(stream.ToArray());
            return doc.RootElement.Clone();
        }

        /// <summary><paramref name="value"/> as JSON text.</summary>
        public static string ToText(object? value) => ToElement(value).GetRawText();
    }
}
