using System;
using System.IO;
using System.Text.Json;

namespace StreamKit.Serialization
{
    public static partial class GeneratedJson
    {
        /// <summary>Serializes with a generated writer into UTF-8 JSON.</summary>
        public static byte[] ToUtf8<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, CompactWriter))
            {
                write(writer, value);
            }
            return stream.ToArray();
        }

        /// <summary>
        /// Reads <paramref name="json"/> (UTF-8 JSON as a <c>byte[]</c>, from <see cref="ToUtf8"/>) with a generated reader:
        /// how a typed event reducer takes a value of a like-shaped type from another schema definition (a part of an event
        /// into an item's list). False when it is not bytes, not JSON, or does not read as that type.
        /// </summary>
        public static bool TryReadConverted<T>(object? json, JsonValueReader<T> read, out T value)
        {
            value = default!;
            if (json is not byte[] utf8) return false;
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            try
            {
                value = ReadDocument(ref reader, read);
            }
            catch (JsonPayloadException)
            {
                return false;
            }
            return value is not null;
        }

        /// <summary>A string as a standalone <see cref="JsonElement"/> (a text an event sets on a member the schema does not declare).</summary>
        public static JsonElement StringElement(string value) => ToElement(value, static (writer, v) => writer.WriteStringValue(v));

        /// <summary>The string an undeclared member holds, or null (absent, or not a string).</summary>
        public static string? ExtensionString(System.Collections.Generic.Dictionary<string, JsonElement>? data, string member) =>
            data is not null && data.TryGetValue(member, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
