using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Utf8JsonWriter serializers. Members are written in schema order, then ExtensionData. A member
    /// whose value is null is written as null when the schema requires it and left out otherwise.
    /// </summary>
    internal static partial class Emitter
    {
        private static void EmitObjectWriter(SourceWriter w, StreamSpec spec, TypeSpec t)
        {
            w.Open(spec.Accessibility + " sealed partial class " + t.Name);
            w.Line("/// <summary>Writes this value as one JSON object.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"writer\"/> is null.</exception>");
            w.Open("public void WriteJson(" + Json + ".Utf8JsonWriter writer)");
            w.Line("if (writer is null) throw new global::System.ArgumentNullException(nameof(writer));");
            w.Line("writer.WriteStartObject();");
            int n = 0;
            foreach (var p in t.Properties)
            {
                string name = SourceWriter.Utf8Literal(p.JsonName);
                bool nullable = Building.ModelBuilder.IsDeclaredNullable(p);
                if (!nullable)
                {
                    w.Open("if (" + PresenceField(p) + ")");
                    w.Line("writer.WritePropertyName(" + name + ");");
                    w.Line(WriteStatement(p.Type, p.ClrName, ref n));
                    w.Close();
                    continue;
                }
                string v = "v" + n++;
                w.Open("if (" + p.ClrName + " is { } " + v + ")");
                w.Line("writer.WritePropertyName(" + name + ");");
                w.Line(WriteStatement(p.Type, v, ref n));
                w.Close();
                foreach (var a in p.Alternates)
                {
                    string av = "v" + n++;
                    w.Open("else if (" + a.ClrName + " is { } " + av + ")");
                    w.Line("writer.WritePropertyName(" + name + ");");
                    w.Line(WriteStatement(a.Type, av, ref n));
                    w.Close();
                }
                if (p.Required) w.Line("else writer.WriteNull(" + name + ");");
            }
            if (t.Properties.Count == 0)
            {
                w.Line(Helpers + ".WriteExtensionData(writer, ExtensionData);");
            }
            else
            {
                // An undeclared member never shadows a declared one: a colliding key (set by code, not read from the wire) is not written.
                var names = new List<string>();
                foreach (var p in t.Properties) names.Add(SourceWriter.Literal(p.JsonName));
                w.Open("if (ExtensionData is { } __ext) foreach (var __kv in __ext)");
                w.Line("if (__kv.Key is " + string.Join(" or ", names) + ") continue;");
                w.Line("writer.WritePropertyName(__kv.Key);");
                w.Line(Helpers + ".WriteRaw(writer, __kv.Value);");
                w.Close();
            };
            w.Line("writer.WriteEndObject();");
            w.Close();
            w.Line();
            w.Line("/// <summary>This value as a JSON string (compact unless <paramref name=\"indented\"/>).</summary>");
            w.Line("public string ToJson(bool indented = false) => " + Helpers + ".ToJsonString(this, static (writer, value) => value.WriteJson(writer), indented);");
            w.Close();
            w.Line();
        }

        /// <summary>A statement writing the non-null value <paramref name="v"/> of type <paramref name="t"/>.</summary>
        internal static string WriteStatement(TypeRef t, string v, ref int n)
        {
            switch (t.Kind)
            {
                case RefKind.String: return "writer.WriteStringValue(" + v + ");";
                case RefKind.Integer: return "writer.WriteNumberValue(" + v + ");";
                case RefKind.Number: return Helpers + ".WriteNumber(writer, " + v + ");";
                case RefKind.Boolean: return "writer.WriteBooleanValue(" + v + ");";
                case RefKind.Enum: return "writer.WriteStringValue(" + v + ".Value);";
                case RefKind.Object: return v + ".WriteJson(writer);";
                case RefKind.Union: return TypeRef.Q(t.Name! + "Json") + ".Write(writer, " + v + ");";
                case RefKind.Array:
                {
                    string e = "e" + n++;
                    string inner = ElementWrite(t.Element!, e, ref n);
                    return "writer.WriteStartArray(); foreach (var " + e + " in " + v + ") { " + inner + " } writer.WriteEndArray();";
                }
                case RefKind.Map:
                {
                    string e = "e" + n++;
                    string inner = ElementWrite(t.Element!, e + ".Value", ref n);
                    return "writer.WriteStartObject(); foreach (var " + e + " in " + v + ") { writer.WritePropertyName(" + e + ".Key); " + inner + " } writer.WriteEndObject();";
                }
                default: return Helpers + ".WriteRaw(writer, " + v + ");";
            }
        }

        private static string ElementWrite(TypeRef t, string e, ref int n)
        {
            if (t.IsValueType) return WriteStatement(t, e, ref n);
            return "if (" + e + " is null) writer.WriteNullValue(); else { " + WriteStatement(t, e, ref n) + " }";
        }
    }
}
