using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>Model types: classes for objects, open-enum structs, union interfaces with their Unknown case.</summary>
    internal static partial class Emitter
    {
        private static void EmitObject(SourceWriter w, StreamSpec spec, TypeSpec t, Dictionary<string, TypeSpec> byName)
        {
            w.Doc(t.Doc ?? "Generated from the JSON Schema object '" + t.Name + "'.");
            string bases = t.Implements.Count == 0 ? "" : " : " + string.Join(", ", MapNames(t.Implements, n => "I" + n));
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " sealed partial class " + t.Name + bases);
            foreach (var p in t.Properties)
            {
                w.Doc(p.Doc);
                w.Line("/// <remarks>JSON <c>" + SourceWriter.EscapeXml(p.JsonName) + "</c>: " + (p.Required ? "required" : "optional") +
                       (p.Nullable ? ", nullable" : "") + (p.ConstValue is null ? "" : ", constant <c>" + SourceWriter.EscapeXml(p.ConstValue) + "</c>") +
                       (p.Alternates.Count > 0 ? "; when the value is another JSON kind it is in " + string.Join(", ", MapNames(p.Alternates, a => "<see cref=\"" + a.ClrName + "\"/>")) : "") + ".</remarks>");
                string init = p.ConstValue is null ? "" : " = " + SourceWriter.Literal(p.ConstValue) + ";";
                if (p.Rare)
                {
                    w.Line("public " + Declared(p) + " " + p.ClrName + " { get => " + RareField + "?." + p.ClrName + "; set " + RareSet(p.ClrName) + " }");
                }
                else if (IsWireStringEnum(p))
                {
                    // An optional open enum is kept as its wire string: 8 bytes where Nullable<enum> takes 16. default(T)
                    // comes back as T(""), which equals it (equality and writing go by the wire value).
                    string field = WireField(p);
                    w.Line("public " + Declared(p) + " " + p.ClrName + " { get => " + field + " is { } v ? new " + p.Type.CSharp + "(v) : (" + p.Type.CSharp + "?)null; set => " + field + " = value?.Value; }");
                    w.Line("private string? " + field + ";");
                }
                else if (Building.ModelBuilder.IsDeclaredNullable(p))
                {
                    w.Line("public " + Declared(p) + " " + p.ClrName + " { get; set; }" + init);
                }
                else
                {
                    // A required value member keeps its non-nullable type, and a flag says whether it was ever set,
                    // so a member the wire left out is not written back as 0 or false.
                    string field = PresenceField(p);
                    w.Line("public " + Declared(p) + " " + p.ClrName + " { get => " + field + "Value; set { " + field + "Value = value; " + field + " = true; } }");
                    w.Line("private " + Declared(p) + " " + field + "Value;");
                    w.Line("private bool " + field + ";");
                }
                w.Line();
                foreach (var a in p.Alternates)
                {
                    w.Line("/// <summary>The value of JSON <c>" + SourceWriter.EscapeXml(p.JsonName) + "</c> when it is " + a.Type.TokenKind.ToLowerInvariant() + " rather than the primary shape.</summary>");
                    w.Line("public " + Declared(a.Type) + " " + a.ClrName + " { get; set; }");
                    w.Line();
                }
            }
            w.Line("/// <summary>Members the schema does not declare, kept as raw JSON in arrival order (never dropped); written back on serialization.</summary>");
            if (HasRare(t))
            {
                w.Line("public " + ExtensionDataType + "? ExtensionData { get => " + RareField + "?.ExtensionData; set " + RareSet("ExtensionData") + " }");
                EmitRareMembers(w, t);
            }
            else
            {
                w.Line("public " + ExtensionDataType + "? ExtensionData { get; set; }");
            }
            EmitDeepClone(w, t);
            foreach (var u in t.Implements)
            {
                var union = byName[u];
                string tagClr = Naming.Pascal(union.Union!.TagJsonName);
                var tagProp = FindByJson(t, union.Union.TagJsonName);
                string fallback = FirstTagFor(union, t.Name) ?? "";
                string expr = tagProp is null
                    ? SourceWriter.Literal(fallback)
                    : tagProp.Type.Kind == RefKind.Enum
                        ? (Building.ModelBuilder.IsDeclaredNullable(tagProp) ? tagProp.ClrName + "?.Value" : tagProp.ClrName + ".Value") + " ?? " + SourceWriter.Literal(fallback)
                        : tagProp.Type.Kind == RefKind.String ? tagProp.ClrName + " ?? " + SourceWriter.Literal(fallback) : SourceWriter.Literal(fallback);
                w.Line();
                w.Line("string I" + u + "." + tagClr + " => " + expr + ";");
            }
            w.Close();
            w.Line();
        }

        /// <summary>An optional (nullable) open-enum member that is not rare: stored as its wire string (see EmitObject).</summary>
        internal static bool IsWireStringEnum(PropertySpec p) => p.Type.Kind == RefKind.Enum && !p.Rare && Building.ModelBuilder.IsDeclaredNullable(p);

        /// <summary>The field holding an optional open enum's wire string (<c>__finishReason</c>).</summary>
        internal static string WireField(PropertySpec p) => "__" + char.ToLowerInvariant(p.ClrName[0]) + p.ClrName.Substring(1);

        /// <summary>The name of the presence flag of a required value member (<c>__hasCreated</c>).</summary>
        internal static string PresenceField(PropertySpec p) => "__has" + p.ClrName;

        private const string ExtensionDataType = "global::System.Collections.Generic.Dictionary<string, " + Json + ".JsonElement>";

        /// <summary>The field holding a type's rare members (<c>x-streamkit-rare</c>) and its unknown ones; null until one is set.</summary>
        private const string RareField = "__rare";

        private static bool HasRare(TypeSpec t)
        {
            foreach (var p in t.Properties) if (p.Rare) return true;
            return false;
        }

        /// <summary>A setter body: a value creates the side object; null only clears a member of one that exists.</summary>
        private static string RareSet(string member) =>
            "{ if (value is not null) (" + RareField + " ??= new __RareMembers())." + member + " = value; else if (" + RareField + " is not null) " + RareField + "." + member + " = null; }";

        /// <summary>The side object of a type with rare members: those members and the unknown ones, created when one is first set.</summary>
        private static void EmitRareMembers(SourceWriter w, TypeSpec t)
        {
            w.Line();
            w.Line("private __RareMembers? " + RareField + ";");
            w.Line();
            w.Line("/// <summary>Members most objects of this type lack (<c>x-streamkit-rare</c>) and unknown members: created when one is first set, so objects without them are smaller.</summary>");
            w.Open("private sealed class __RareMembers");
            foreach (var p in t.Properties)
            {
                if (p.Rare) w.Line("public " + Declared(p) + " " + p.ClrName + ";");
            }
            w.Line("public " + ExtensionDataType + "? ExtensionData;");
            w.Line();
            w.Line("public __RareMembers Copy() => (__RareMembers)MemberwiseClone();");
            w.Close();
        }

        private static PropertySpec? FindByJson(TypeSpec t, string json)
        {
            foreach (var p in t.Properties) if (p.JsonName == json) return p;
            return null;
        }

        private static string? FirstTagFor(TypeSpec union, string typeName)
        {
            foreach (var c in union.Union!.Cases) if (c.TypeName == typeName) return c.Tag;
            return null;
        }

        private static IEnumerable<string> MapNames<T>(IEnumerable<T> items, System.Func<T, string> f)
        {
            foreach (var i in items) yield return f(i);
        }

        private static void EmitEnum(SourceWriter w, StreamSpec spec, TypeSpec t)
        {
            w.Doc((t.Doc ?? t.Name) + "\nAn open enum: values the schema does not list are kept as they are, never rejected.");
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " readonly partial struct " + t.Name + " : global::System.IEquatable<" + t.Name + ">");
            w.Line("private readonly string? _value;");
            w.Line();
            w.Line("/// <summary>Wraps a wire value; any string is accepted.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
            w.Line("public " + t.Name + "(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
            w.Line();
            w.Line("/// <summary>The wire value (empty for <c>default</c>).</summary>");
            w.Line("public string Value => _value ?? \"\";");
            w.Line();
            var names = new HashSet<string> { "Value", "IsKnown", t.Name };
            var members = new List<KeyValuePair<string, string>>();
            foreach (var v in t.EnumValues)
            {
                string n = Naming.Pascal(v);
                while (!names.Add(n)) n += "_";
                members.Add(new KeyValuePair<string, string>(n, v));
                w.Line("/// <summary>The value <c>" + SourceWriter.EscapeXml(v) + "</c>.</summary>");
                w.Line("public static " + t.Name + " " + n + " { get; } = new " + t.Name + "(" + SourceWriter.Literal(v) + ");");
                w.Line();
            }
            w.Line("/// <summary>Whether the value is one the schema lists.</summary>");
            w.Line("public bool IsKnown => Value switch");
            w.Line("{");
            foreach (var m in members) w.Line("    " + SourceWriter.Literal(m.Value) + " => true,");
            w.Line("    _ => false,");
            w.Line("};");
            w.Line();
            w.Line("/// <summary>Reads a JSON string at the reader's current token; known values are not allocated again.</summary>");
            w.Open("public static " + t.Name + " ReadJsonValue(ref " + Json + ".Utf8JsonReader reader)");
            w.Line(Helpers + ".ExpectString(ref reader);");
            foreach (var m in members) w.Line("if (reader.ValueTextEquals(" + SourceWriter.Utf8Literal(m.Value) + ")) return " + m.Key + ";");
            w.Line("return new " + t.Name + "(reader.GetString()!);");
            w.Close();
            w.Line();
            w.Line("public bool Equals(" + t.Name + " other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
            w.Line("public override bool Equals(object? obj) => obj is " + t.Name + " other && Equals(other);");
            w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
            w.Line("public override string ToString() => Value;");
            w.Line("public static bool operator ==(" + t.Name + " left, " + t.Name + " right) => left.Equals(right);");
            w.Line("public static bool operator !=(" + t.Name + " left, " + t.Name + " right) => !left.Equals(right);");
            w.Line("public static implicit operator " + t.Name + "(string value) => new " + t.Name + "(value);");
            w.Close();
            w.Line();
        }

        private static void EmitUnion(SourceWriter w, StreamSpec spec, TypeSpec t, Dictionary<string, TypeSpec> byName)
        {
            var u = t.Union!;
            string tagClr = Naming.Pascal(u.TagJsonName);
            w.Doc((t.Doc ?? t.Name) + "\nA union discriminated by JSON '" + u.TagJsonName + "'. Values with a tag the schema does not know are read as Unknown" + t.Name + ", which keeps the raw JSON.");
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " partial interface I" + t.Name);
            w.Line("/// <summary>The discriminator (JSON <c>" + SourceWriter.EscapeXml(u.TagJsonName) + "</c>).</summary>");
            w.Line("string " + tagClr + " { get; }");
            w.Close();
            w.Line();
            w.Line("/// <summary>A <see cref=\"I" + t.Name + "\"/> whose tag this version does not know: the tag and the raw JSON, written back unchanged.</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " sealed partial class Unknown" + t.Name + " : I" + t.Name);
            w.Line("/// <summary>Creates the case from its tag (null when absent) and raw JSON.</summary>");
            w.Open("public Unknown" + t.Name + "(string? tag, " + Json + ".JsonElement json)");
            w.Line("Tag = tag;");
            w.Line("Json = json;");
            w.Close();
            w.Line();
            w.Line("/// <summary>The tag as received, or null when the object had none.</summary>");
            w.Line("public string? Tag { get; }");
            w.Line();
            w.Line("/// <summary>The whole value as received.</summary>");
            w.Line("public " + Json + ".JsonElement Json { get; }");
            w.Line();
            w.Line("string I" + t.Name + "." + tagClr + " => Tag ?? \"\";");
            w.Close();
            w.Line();
            EmitUnionClone(w, spec, t);
        }
    }
}
