using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace StreamKit.Reduction
{
    /// <summary>
    /// A typed value an event set into an <see cref="EventReductionState"/> (an item, a part, a whole response), kept as
    /// the event's object until an event addresses inside it (then it becomes a node tree) or the snapshot is written (then
    /// its generated writer writes it). Done events and <c>response.completed</c> carry the whole text again: keeping them
    /// typed saves a write and a parse of it per event.
    /// </summary>
    /// <remarks>
    /// A leaf among nodes is never changed through the state: it is replaced, or copied into nodes before a change. The
    /// state's typed root is a leaf too, and is changed in place through the paths' typed navigation (see
    /// <see cref="EventReductionState"/>): the state owns it, and callers get copies.
    /// </remarks>
    internal abstract class TypedLeaf
    {
        private static readonly JsonTypeInfo<TypedLeaf> Info = JsonMetadataServices.CreateValueInfo<TypedLeaf>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new Converter());

        /// <summary>The typed value.</summary>
        public abstract object Value { get; }

        /// <summary>Writes the value with its generated writer.</summary>
        public abstract void Write(Utf8JsonWriter writer);

        /// <summary>A leaf holding <paramref name="value"/> (its JSON is written by <paramref name="write"/>).</summary>
        public static TypedLeaf For<T>(T value, Action<Utf8JsonWriter, T> write) where T : class => new Of<T>(value, write);

        /// <summary>A node holding this leaf (written by its generated writer; see <see cref="TryGet"/>).</summary>
        public JsonNode AsNode() => JsonValue.Create(this, Info)!;

        /// <summary>The typed leaf a node holds, if it is one.</summary>
        public static bool TryGet(JsonNode? node, out TypedLeaf leaf)
        {
            if (node is JsonValue v && v.TryGetValue(out TypedLeaf? held) && held is not null)
            {
                leaf = held;
                return true;
            }
            leaf = null!;
            return false;
        }

        /// <summary>The value as a node tree (a write and a parse: for an event that addresses inside it).</summary>
        public JsonNode? ToNode() => Serialization.GeneratedJson.ToNode(this, static (writer, leaf) => leaf.Write(writer));

        private sealed class Of<T> : TypedLeaf where T : class
        {
            private readonly T _value;
            private readonly Action<Utf8JsonWriter, T> _write;

            public Of(T value, Action<Utf8JsonWriter, T> write)
            {
                _value = value;
                _write = write;
            }

            public override object Value => _value;

            public override void Write(Utf8JsonWriter writer) => _write(writer, _value);
        }

        private sealed class Converter : JsonConverter<TypedLeaf>
        {
            public override TypedLeaf Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("A typed leaf is written, never read.");

            public override void Write(Utf8JsonWriter writer, TypedLeaf value, JsonSerializerOptions options) => value.Write(writer);
        }
    }
}
