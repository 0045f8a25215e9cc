using System.Collections.Generic;

namespace StreamKit.Generators.Json
{
    /// <summary>The kinds of value in the schema reader's small JSON DOM.</summary>
    internal enum JsonKind { Object, Array, String, Number, True, False, Null }

    /// <summary>
    /// An immutable JSON value read from a schema file, with the span it came from so that
    /// diagnostics can point at the exact place. Only the generator uses it: it keeps the
    /// generator free of package dependencies (System.Text.Json cannot be loaded by every host).
    /// </summary>
    internal sealed class JsonNode
    {
        public JsonNode(JsonKind kind, int start, int length, string? text,
            IReadOnlyList<KeyValuePair<string, JsonNode>>? members, IReadOnlyList<JsonNode>? items)
        {
            Kind = kind;
            Start = start;
            Length = length;
            Text = text;
            Members = members ?? EmptyMembers;
            Items = items ?? EmptyItems;
        }

        private static readonly KeyValuePair<string, JsonNode>[] EmptyMembers = new KeyValuePair<string, JsonNode>[0];
        private static readonly JsonNode[] EmptyItems = new JsonNode[0];

        public JsonKind Kind { get; }

        /// <summary>Offset of the first character of the value in the file text.</summary>
        public int Start { get; }

        public int Length { get; }

        /// <summary>The string value, or the number's literal text.</summary>
        public string? Text { get; }

        /// <summary>Object members in document order (duplicates kept; the last one wins in <see cref="Get"/>).</summary>
        public IReadOnlyList<KeyValuePair<string, JsonNode>> Members { get; }

        public IReadOnlyList<JsonNode> Items { get; }

        public bool IsObject => Kind == JsonKind.Object;

        public JsonNode? Get(string name)
        {
            JsonNode? found = null;
            foreach (var m in Members)
            {
                if (m.Key == name) found = m.Value;
            }
            return found;
        }

        public string? GetString(string name)
        {
            var n = Get(name);
            return n is { Kind: JsonKind.String } ? n.Text : null;
        }

        public bool GetBool(string name) => Get(name) is { Kind: JsonKind.True };
    }
}
