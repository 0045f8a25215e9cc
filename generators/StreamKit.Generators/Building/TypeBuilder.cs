using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Json;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Building
{
    /// <summary>The result of resolving one schema node to a C# shape.</summary>
    internal sealed class Resolved
    {
        public Resolved(TypeRef type, bool nullable, string? constValue = null, List<KeyValuePair<string?, TypeRef>>? alternates = null)
        {
            Type = type;
            Nullable = nullable;
            ConstValue = constValue;
            Alternates = alternates;
        }

        public TypeRef Type { get; }

        public bool Nullable { get; }

        public string? ConstValue { get; }

        /// <summary>Other token kinds the value may take (explicit C# name or null, and type).</summary>
        public List<KeyValuePair<string?, TypeRef>>? Alternates { get; }

        public Resolved WithNullable(bool nullable) =>
            nullable == Nullable ? this : new Resolved(Type, nullable, ConstValue, Alternates);
    }

    /// <summary>A property while its object is being built: the spec plus the schema node it came from.</summary>
    internal sealed class PropertyDraft
    {
        public PropertyDraft(PropertySpec spec, JsonNode node)
        {
            Spec = spec;
            Node = node;
        }

        public PropertySpec Spec { get; }

        /// <summary>The property's schema (the reducer reads its x-streamkit-reduce annotation).</summary>
        public JsonNode Node { get; }
    }

    /// <summary>A mutable type under construction; frozen into a <see cref="TypeSpec"/> at the end.</summary>
    internal sealed class TypeBuilder
    {
        public TypeBuilder(TypeKind kind, string name, string? doc)
        {
            Kind = kind;
            Name = name;
            Doc = doc;
        }

        public TypeKind Kind { get; }

        public string Name { get; }

        public string? Doc { get; }

        public List<PropertyDraft> Properties { get; } = new List<PropertyDraft>();

        public List<string> EnumValues { get; } = new List<string>();

        public string? UnionTag { get; set; }

        public List<UnionCase> Cases { get; } = new List<UnionCase>();

        public List<string> Implements { get; } = new List<string>();

        /// <summary>The schema node the type came from (annotations such as x-streamkit-event are read from it).</summary>
        public JsonNode? Node { get; set; }

        public PropertyDraft? FindProperty(string jsonName)
        {
            foreach (var p in Properties) if (p.Spec.JsonName == jsonName) return p;
            return null;
        }

        public TypeSpec ToSpec()
        {
            var props = new List<PropertySpec>();
            foreach (var p in Properties) props.Add(p.Spec);
            return new TypeSpec(Kind, Name, Doc, props.ToEquatable(), EnumValues.ToEquatable(),
                Kind == TypeKind.Union ? new UnionSpec(UnionTag!, Cases.ToEquatable()) : null,
                Implements.ToEquatable());
        }
    }
}
