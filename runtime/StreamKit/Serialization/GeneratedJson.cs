using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamKit.Serialization
{
    /// <summary>Reads one JSON value at the reader's current token.</summary>
    public delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

    /// <summary>
    /// Helpers called by generated readers and writers. Public so that generated code in any assembly can
    /// use them; not meant to be called directly. Nothing here uses reflection (trim- and AOT-safe).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static partial class GeneratedJson
    {
        /// <summary>Reader options for payloads: strict RFC 8259, nesting up to 256.</summary>
        public static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };

        private static readonly JsonWriterOptions CompactWriter = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonWriterOptions IndentedWriter = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

        /// <summary>Reads a whole document: one value and nothing after it.</summary>
        /// <exception cref="JsonPayloadException">Bad JSON, trailing data, or a member of the wrong kind.</exception>
        public static T ReadDocument<T>(ref Utf8JsonReader reader, JsonValueReader<T> read)
        {
            try
            {
                if (!reader.Read()) throw new JsonPayloadException("The payload is empty", 0);
                T value = read(ref reader);
                if (reader.Read()) throw new JsonPayloadException("Unexpected data after the JSON value", reader.TokenStartIndex);
                return value;
            }
            catch (Exception ex) when (ShouldWrap(ex) && ex is not JsonPayloadException)
            {
                throw AtMember(ex, null, ref reader);
            }
        }

        /// <summary>Moves to the object's StartObject (reading once if the reader is fresh) or throws.</summary>
        public static void ExpectStartObject(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.None) reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, "an object");
        }

        /// <summary>Advances to the next property name; false at the object's end.</summary>
        public static bool NextMember(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.PropertyName;
        }

        /// <summary>Throws unless the current token is a string.</summary>
        public static void ExpectString(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "a string");
        }

        /// <summary>A string, or null for JSON null.</summary>
        public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Unexpected(ref reader, "a string"),
        };

        /// <summary>
        /// A string, or null for JSON null; a short string (at most 64 bytes, unescaped) equal to the last one read in
        /// <paramref name="slot"/> of <paramref name="cache"/> (a per-thread cache of the calling type) is returned without
        /// allocating: ids, model names and fingerprints repeat in every chunk.
        /// </summary>
        public static string? ReadRepeatedString(ref Utf8JsonReader reader, ref string?[]? cache, int slot, int slots)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "a string");
            if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 64) return reader.GetString();
            var last = (cache ??= new string?[slots])[slot];
            if (last is not null && UnescapedEquals(ref reader, last)) return last;
            string value = reader.GetString()!;
            cache[slot] = value;
            return value;
        }

        /// <summary>
        /// Whether the unescaped, single-segment string at the reader equals <paramref name="value"/>: ASCII is compared
        /// byte by char, and a length that differs with no byte above 0x7F (so no multi-byte char) answers without
        /// transcoding; anything else asks the reader.
        /// </summary>
        internal static bool UnescapedEquals(ref Utf8JsonReader reader, string value)
        {
            var span = reader.ValueSpan;
            if (span.Length == value.Length)
            {
                int i = 0;
                while (i < span.Length && span[i] < 0x80 && span[i] == value[i]) i++;
                if (i == span.Length) return true;
                if (span[i] < 0x80 && value[i] < 0x80) return false;
            }
            else if (span.Length < value.Length || IsAscii(span))
            {
                // UTF-8 never takes fewer bytes than UTF-16 chars; an ASCII span of another length cannot match.
                return false;
            }
            return reader.ValueTextEquals(value);
        }

        private static bool IsAscii(ReadOnlySpan<byte> span)
        {
#if NET8_0_OR_GREATER
            return System.Text.Ascii.IsValid(span);
#else
            foreach (byte b in span) if (b >= 0x80) return false;
            return true;
#endif
        }

        /// <summary>An integer, or null for JSON null. A number with a fraction is truncated (the wire is looser than the spec).</summary>
        public static long? ReadInt64(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out long l)) return l;
                    double d = reader.GetDouble();
                    if (d >= long.MinValue && d < TwoTo63) return (long)d;
                    throw new JsonPayloadException("The number " + d + " does not fit a 64-bit integer", reader.TokenStartIndex);
                case JsonTokenType.Null:
                    return null;
                default:
                    throw Unexpected(ref reader, "an integer");
            }
        }

        /// <summary>A number, or null for JSON null.</summary>
        public static double? ReadDouble(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.Null => null,
            _ => throw Unexpected(ref reader, "a number"),
        };

        /// <summary>A boolean, or null for JSON null.</summary>
        public static bool? ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw Unexpected(ref reader, "a boolean"),
        };

        /// <summary>The current value as raw JSON, kept as it arrived.</summary>
        public static JsonElement ReadElement(ref Utf8JsonReader reader)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.Clone();
        }

        /// <summary>An array, or null for JSON null; a failing element adds <c>[i]</c> to the error's path.</summary>
        public static List<T>? ReadList<T>(ref Utf8JsonReader reader, JsonValueReader<T> readElement)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw Unexpected(ref reader, "an array");
            // Most arrays in a chunk hold one element (choices, tool calls): start small, grow as needed.
            var list = new List<T>(1);
            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray) return list;
                try
                {
                    list.Add(readElement(ref reader));
                }
                catch (JsonPayloadException ex)
                {
                    ex.PrependIndex(list.Count);
                    throw;
                }
            }
        }

        /// <summary>An object used as a map, or null for JSON null.</summary>
        public static Dictionary<string, T>? ReadMap<T>(ref Utf8JsonReader reader, JsonValueReader<T> readValue)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, "an object");
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            while (NextMember(ref reader))
            {
                string key = reader.GetString()!;
                reader.Read();
                try
                {
                    map[key] = readValue(ref reader);
                }
                catch (JsonPayloadException ex)
                {
                    ex.PrependMember(key);
                    throw;
                }
            }
            return map;
        }

        /// <summary>
        /// Looks ahead (on a copy of the reader) for the string value of <paramref name="name"/> in the object
        /// that starts at the current token. Null when absent or not a string.
        /// </summary>
        public static string? PeekDiscriminator(Utf8JsonReader reader, ReadOnlySpan<byte> name)
        {
            if (reader.TokenType == JsonTokenType.None) reader.Read();
            return SeekMember(ref reader, name) && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        }

        /// <summary>Moves a reader on an object's StartObject to the value of member <paramref name="name"/>; false when the token is not an object or the member is absent.</summary>
        private static bool SeekMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            int depth = reader.CurrentDepth;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) return false;
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                bool match = reader.ValueTextEquals(name);
                reader.Read();
                if (match) return true;
                reader.Skip();
            }
            return false;
        }

        /// <summary>Whether a generated reader should add location information to this exception.</summary>
        public static bool ShouldWrap(Exception ex) =>
            ex is JsonPayloadException or JsonException or InvalidOperationException or FormatException or OverflowException;

        /// <summary>Adds the member name to the path of <paramref name="ex"/>, wrapping non-StreamKit exceptions.</summary>
        public static JsonPayloadException AtMember(Exception ex, string? member, ref Utf8JsonReader reader)
        {
            if (ex is not JsonPayloadException payload)
            {
                long position = ex is JsonException je && je.BytePositionInLine is long b && (je.LineNumber ?? 0) == 0
                    ? b
                    : reader.TokenStartIndex;
                string reason = ex is JsonException ? "Invalid JSON: " + FirstSentence(ex.Message) : ex.Message;
                payload = new JsonPayloadException(reason, position, ex);
            }
            if (member is not null) payload.PrependMember(member);
            return payload;
        }

        private static string FirstSentence(string message)
        {
            int i = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (i < 0) i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return i > 0 ? message.Substring(0, i) : message;
        }

        internal static JsonPayloadException Unexpected(ref Utf8JsonReader reader, string expected) =>
            new JsonPayloadException("Expected " + expected + " but found " + Describe(reader.TokenType), reader.TokenStartIndex);

        private static string Describe(JsonTokenType t) => t switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => t.ToString(),
        };

        [ThreadStatic]
        private static int t_duplicateKeys;

        /// <summary>Counts a JSON member repeated within one object (the last one wins); read back with <see cref="TakeDuplicateKeys"/>.</summary>
        public static void NoteDuplicateKey() => t_duplicateKeys++;

        /// <summary>The repeated members counted on this thread since the last <see cref="TakeDuplicateKeys"/>, without resetting.</summary>
        internal static int PeekDuplicateKeys() => t_duplicateKeys;

        /// <summary>The repeated members counted on this thread since the last call, and resets the count.</summary>
        public static int TakeDuplicateKeys()
        {
            int n = t_duplicateKeys;
            t_duplicateKeys = 0;
            return n;
        }

        /// <summary>Stores an undeclared member, counting it when it repeats one already read (the last one wins).</summary>
        public static void SetExtension(Dictionary<string, JsonElement> data, string member, JsonElement value)
        {
            if (data.ContainsKey(member)) t_duplicateKeys++;
            data[member] = value;
        }

        /// <summary>
        /// Writes a number. JSON has no infinities, but a literal such as <c>1e999</c> reads as one; it is written back as
        /// <c>1e999</c> (or <c>-1e999</c>), which reads as the same value. NaN cannot come from JSON and is written as null.
        /// </summary>
        public static void WriteNumber(Utf8JsonWriter writer, double value)
        {
            if (double.IsPositiveInfinity(value)) writer.WriteRawValue("1e999", skipInputValidation: true);
            else if (double.IsNegativeInfinity(value)) writer.WriteRawValue("-1e999", skipInputValidation: true);
            else if (double.IsNaN(value)) writer.WriteNullValue();
            else writer.WriteNumberValue(value);
        }

        /// <summary>
        /// Writes members the schema does not declare, as they arrived. Their raw text is written unvalidated, so a value
        /// the writer would refuse to produce (a lone surrogate escape such as <c>"\ud800"</c>) is kept byte for byte
        /// rather than failing the whole write.
        /// </summary>
        public static void WriteExtensionData(Utf8JsonWriter writer, Dictionary<string, JsonElement>? data)
        {
            if (data is null) return;
            foreach (var kv in data)
            {
                writer.WritePropertyName(kv.Key);
                WriteRaw(writer, kv.Value);
            }
        }

        /// <summary>Writes a kept JSON value as its raw text (see <see cref="WriteExtensionData"/>).</summary>
        public static void WriteRaw(Utf8JsonWriter writer, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Undefined) writer.WriteNullValue();
            else writer.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
        }

        /// <summary>Serializes with a generated writer; non-ASCII text is written as is (not \u-escaped).</summary>
        public static string ToJsonString<T>(T value, Action<Utf8JsonWriter, T> write, bool indented)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, indented ? IndentedWriter : CompactWriter))
            {
                write(writer, value);
            }
            return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        /// <summary>A copy of a list whose non-null elements are copied by <paramref name="clone"/> (generated <c>DeepClone</c>).</summary>
        public static List<T> CloneList<T>(List<T> list, Func<T, T> clone)
        {
            var copy = new List<T>(list.Count);
            foreach (var e in list) copy.Add(e is null ? e : clone(e));
            return copy;
        }

        /// <summary>A copy of a map whose non-null values are copied by <paramref name="clone"/> (generated <c>DeepClone</c>).</summary>
        public static Dictionary<string, T> CloneMap<T>(Dictionary<string, T> map, Func<T, T> clone)
        {
            var copy = new Dictionary<string, T>(map.Count, map.Comparer);
            foreach (var kv in map) copy.Add(kv.Key, kv.Value is null ? kv.Value : clone(kv.Value));
            return copy;
        }

        /// <summary>Serializes with a generated writer into a <see cref="System.Text.Json.Nodes.JsonNode"/> (for event reducers).</summary>
        public static System.Text.Json.Nodes.JsonNode? ToNode<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            // Generated writers write a list as a JSON array: an empty one (logprobs: [] on every Responses delta) needs no round trip.
            if (value is System.Collections.IList { Count: 0 }) return new System.Text.Json.Nodes.JsonArray();
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, CompactWriter))
            {
                write(writer, value);
            }
            using var doc = JsonDocument.Parse(new ReadOnlyMemory<byte>(stream.GetBuffer(), 0, (int)stream.Length));
            return ToNode(doc.RootElement);
        }

        /// <summary>
        /// Copies an element into a node tree. Repeated members are resolved last-wins (a <c>JsonNode.Parse</c> tree
        /// would throw on them when enumerated); strings the reader cannot decode (a lone surrogate escape) and numbers
        /// are kept as their raw JSON.
        /// </summary>
        private static System.Text.Json.Nodes.JsonNode? ToNode(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var o = new System.Text.Json.Nodes.JsonObject();
                    foreach (var p in element.EnumerateObject()) o[p.Name] = ToNode(p.Value);
                    return o;
                case JsonValueKind.Array:
                    var a = new System.Text.Json.Nodes.JsonArray();
                    foreach (var item in element.EnumerateArray()) a.Add(ToNode(item));
                    return a;
                case JsonValueKind.String:
                    try
                    {
                        return System.Text.Json.Nodes.JsonValue.Create(element.GetString());
                    }
                    catch (InvalidOperationException)
                    {
                        return System.Text.Json.Nodes.JsonValue.Create(element.Clone());
                    }
                case JsonValueKind.True:
                    return System.Text.Json.Nodes.JsonValue.Create(true);
                case JsonValueKind.False:
                    return System.Text.Json.Nodes.JsonValue.Create(false);
                case JsonValueKind.Null:
                    return null;
                default:
                    return System.Text.Json.Nodes.JsonValue.Create(element.Clone());
            }
        }

        /// <summary>An integer member of a raw JSON object (the sequence number of an unknown event), or null.</summary>
        public static long? ReadInt64Member(JsonElement json, string name) =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : null;

        /// <summary>Serializes with a generated writer into a standalone <see cref="JsonElement"/>.</summary>
        public static JsonElement ToElement<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, CompactWriter))
            {
                write(writer, value);
            }
            using var doc = JsonDocument.Parse(new ReadOnlyMemory<byte>(stream.GetBuffer(), 0, (int)stream.Length));
            return doc.RootElement.Clone();
        }
    }
}
