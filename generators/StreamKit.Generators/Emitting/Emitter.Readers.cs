using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Utf8JsonReader deserializers: one ReadJson per object, one Read per union. No reflection and no
    /// JsonSerializer: trim- and AOT-safe. Lenient where the wire is looser than the spec (missing
    /// required members, null for non-nullable ones); strict on JSON kinds, with a JSON path in the error.
    /// </summary>
    internal static partial class Emitter
    {
        private static void EmitObjectReader(SourceWriter w, StreamSpec spec, TypeSpec t)
        {
            w.Open(spec.Accessibility + " sealed partial class " + t.Name);
            w.Line("/// <summary>Parses one UTF-8 JSON document holding a " + t.Name + ".</summary>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">The text is not JSON, or a member has the wrong JSON kind; the message names the JSON path and byte offset.</exception>");
            w.Open("public static " + t.Name + " Parse(global::System.ReadOnlySpan<byte> utf8Json)");
            w.Line("var reader = new " + Json + ".Utf8JsonReader(utf8Json, " + Helpers + ".ReaderOptions);");
            w.Line("return " + Helpers + ".ReadDocument(ref reader, static (ref " + Json + ".Utf8JsonReader r) => ReadJson(ref r));");
            w.Close();
            w.Line();
            w.Line("/// <summary>Parses one JSON document holding a " + t.Name + ".</summary>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">As for the UTF-8 overload.</exception>");
            w.Line("public static " + t.Name + " Parse(string json) => Parse(global::System.Text.Encoding.UTF8.GetBytes(json));");
            w.Line();
            w.Line("/// <summary>Reads a " + t.Name + " from the reader, which is on (or before) its StartObject; leaves it on the EndObject.</summary>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">Bad JSON or a member of the wrong kind.</exception>");
            // Short strings that repeat from item to item (ids, model, fingerprints) are not allocated again when equal to the last one read.
            int stringSlots = 0;
            foreach (var p in t.Properties) if (p.Alternates.Count == 0 && p.Type.Kind == RefKind.String) stringSlots++;
            if (stringSlots > 0)
            {
                w.Line("[global::System.ThreadStatic]");
                w.Line("private static string?[]? __lastStrings;");
                w.Line();
            }
            w.Open("public static " + t.Name + " ReadJson(ref " + Json + ".Utf8JsonReader reader)");
            w.Line(Helpers + ".ExpectStartObject(ref reader);");
            w.Line("var result = new " + t.Name + "();");
            foreach (var p in t.Properties)
            {
                // New objects carry their constants; a read object keeps only what the wire had (faithful round trip).
                if (p.ConstValue is not null) w.Line("result." + p.ClrName + " = null;");
            }
            w.Line("string? member = null;");
            // Repeated members are counted (the last one wins); the first 64 declared members are tracked in a bit mask.
            if (t.Properties.Count > 0) w.Line("ulong seen = 0;");
            w.Open("try");
            w.Open("while (" + Helpers + ".NextMember(ref reader))");
            EmitMemberLookup(w, t.Properties);
            if (t.Properties.Count > 0) w.Open("switch (m)");
            int bit = 0;
            int slot = 0;
            foreach (var p in t.Properties)
            {
                w.Line("case " + bit + ":");
                w.Open("");
                w.Line("member = " + SourceWriter.Literal(p.JsonName) + ";");
                if (bit < 64)
                {
                    string mask = "0x" + (1UL << bit).ToString("X") + "UL";
                    w.Line("if ((seen & " + mask + ") != 0) " + Helpers + ".NoteDuplicateKey();");
                    w.Line("seen |= " + mask + ";");
                }
                bit++;
                w.Line("reader.Read();");
                if (p.Alternates.Count == 0 && NonNullableValue(p))
                {
                    // JSON null for a required value member leaves it unset rather than 0.
                    w.Line("if ((" + ReadExpr(p.Type, false) + ") is { } value) result." + p.ClrName + " = value;");
                }
                else if (p.Alternates.Count == 0 && p.Type.Kind == RefKind.String)
                {
                    w.Line("result." + p.ClrName + " = " + Helpers + ".ReadRepeatedString(ref reader, ref __lastStrings, " + slot++ + ", " + stringSlots + ");");
                }
                else if (p.Alternates.Count == 0)
                {
                    w.Line("result." + p.ClrName + " = " + ReadExpr(p.Type, false) + ";");
                }
                else
                {
                    w.Open("switch (reader.TokenType)");
                    var used = new HashSet<string>();
                    foreach (var a in p.Alternates)
                    {
                        foreach (var token in TokenTypes(a.Type))
                        {
                            if (!used.Add(token)) continue;
                            w.Line("case " + Json + ".JsonTokenType." + token + ":");
                        }
                        w.Line("    result." + a.ClrName + " = " + ReadExpr(a.Type, false) + ";");
                        w.Line("    break;");
                    }
                    w.Line("default:");
                    w.Line("    result." + p.ClrName + " = " + ReadExpr(p.Type, NonNullableValue(p)) + ";");
                    w.Line("    break;");
                    w.Close();
                }
                w.Line("continue;");
                w.Close();
            }
            if (t.Properties.Count > 0) w.Close();
            w.Line("member = reader.GetString()!;");
            w.Line("reader.Read();");
            w.Line(Helpers + ".SetExtension(result.ExtensionData ??= new global::System.Collections.Generic.Dictionary<string, " + Json + ".JsonElement>(), member, " + Helpers + ".ReadElement(ref reader));");
            w.Close();
            w.Close();
            EmitCatchAtMember(w);
            w.Line("return result;");
            w.Close();
            w.Close();
            w.Line();
        }

        private static bool NonNullableValue(PropertySpec p) => !Building.ModelBuilder.IsDeclaredNullable(p);

        private static IEnumerable<string> TokenTypes(TypeRef t)
        {
            switch (t.TokenKind)
            {
                case "String": yield return "String"; break;
                case "Number": yield return "Number"; break;
                case "Boolean": yield return "True"; yield return "False"; break;
                case "Array": yield return "StartArray"; break;
                case "Object": yield return "StartObject"; break;
            }
        }

        /// <summary>An expression reading a value of <paramref name="t"/> at the current token (null → null, or default when <paramref name="nonNullable"/>).</summary>
        internal static string ReadExpr(TypeRef t, bool nonNullable)
        {
            string expr = t.Kind switch
            {
                RefKind.String => Helpers + ".ReadString(ref reader)",
                RefKind.Integer => Helpers + ".ReadInt64(ref reader)",
                RefKind.Number => Helpers + ".ReadDouble(ref reader)",
                RefKind.Boolean => Helpers + ".ReadBoolean(ref reader)",
                RefKind.Enum => "reader.TokenType == " + Json + ".JsonTokenType.Null ? (" + TypeRef.Q(t.Name!) + "?)null : " + TypeRef.Q(t.Name!) + ".ReadJsonValue(ref reader)",
                RefKind.Object => "reader.TokenType == " + Json + ".JsonTokenType.Null ? null : " + t.Name + ".ReadJson(ref reader)",
                RefKind.Union => "reader.TokenType == " + Json + ".JsonTokenType.Null ? null : " + t.Name + "Json.Read(ref reader)",
                RefKind.Array => Helpers + ".ReadList(ref reader, static (ref " + Json + ".Utf8JsonReader reader) => " + ElementExpr(t.Element!) + ")",
                RefKind.Map => Helpers + ".ReadMap(ref reader, static (ref " + Json + ".Utf8JsonReader reader) => " + ElementExpr(t.Element!) + ")",
                _ => Helpers + ".ReadElement(ref reader)",
            };
            if (nonNullable && t.Kind != RefKind.Any) return "(" + expr + ") ?? default";
            return expr;
        }

        /// <summary>Elements are declared non-nullable: a JSON null element becomes default (value types) or null (kept in place).</summary>
        private static string ElementExpr(TypeRef t) =>
            t.IsValueType && t.Kind != RefKind.Any ? "(" + ReadExpr(t, false) + ") ?? default" : "(" + ReadExpr(t, false) + ")!";

        private static void EmitUnionSerializer(SourceWriter w, StreamSpec spec, TypeSpec t, Dictionary<string, TypeSpec> byName)
        {
            var u = t.Union!;
            w.Line("/// <summary>Reads and writes <see cref=\"I" + t.Name + "\"/> values, choosing the case by JSON '" + SourceWriter.EscapeXml(u.TagJsonName) + "'.</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " static partial class " + t.Name + "Json");
            w.Line("/// <summary>Parses one UTF-8 JSON document holding a value of the union.</summary>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">The text is not JSON, or a known case has a member of the wrong kind.</exception>");
            w.Open("public static I" + t.Name + " Parse(global::System.ReadOnlySpan<byte> utf8Json)");
            w.Line("var reader = new " + Json + ".Utf8JsonReader(utf8Json, " + Helpers + ".ReaderOptions);");
            w.Line("return " + Helpers + ".ReadDocument(ref reader, static (ref " + Json + ".Utf8JsonReader r) => Read(ref r));");
            w.Close();
            w.Line();
            w.Line("/// <summary>Reads one value; an unknown or missing tag gives <see cref=\"Unknown" + t.Name + "\"/> (never an exception).</summary>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">The value is not a JSON object, or a known case has a member of the wrong kind.</exception>");
            w.Open("public static I" + t.Name + " Read(ref " + Json + ".Utf8JsonReader reader)");
            w.Line("string? tag = " + Helpers + ".PeekDiscriminator(reader, " + SourceWriter.Utf8Literal(u.TagJsonName) + ");");
            w.Open("switch (tag)");
            var byType = new Dictionary<string, List<string>>();
            var order = new List<string>();
            foreach (var c in u.Cases)
            {
                if (!byType.TryGetValue(c.TypeName, out var tags)) { byType[c.TypeName] = tags = new List<string>(); order.Add(c.TypeName); }
                tags.Add(c.Tag);
            }
            foreach (var typeName in order)
            {
                foreach (var tag in byType[typeName]) w.Line("case " + SourceWriter.Literal(tag) + ":");
                w.Line("    return " + TypeRef.Q(typeName) + ".ReadJson(ref reader);");
            }
            w.Line("default:");
            w.Line("    return new Unknown" + t.Name + "(tag, " + Helpers + ".ReadElement(ref reader));");
            w.Close();
            w.Close();
            w.Line();
            w.Line("/// <summary>Writes one value: a known case through its writer, an Unknown case as its raw JSON.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The value is an implementation this schema does not define.</exception>");
            w.Open("public static void Write(" + Json + ".Utf8JsonWriter writer, I" + t.Name + " value)");
            w.Open("switch (value)");
            var written = new HashSet<string>();
            foreach (var typeName in order)
            {
                if (!written.Add(typeName)) continue;
                w.Line("case " + typeName + " v: v.WriteJson(writer); break;");
            }
            foreach (var other in spec.Types)
            {
                if (other.Kind == TypeKind.Object && other.Implements.Contains(t.Name) && written.Add(other.Name))
                    w.Line("case " + other.Name + " v: v.WriteJson(writer); break;");
            }
            w.Line("case Unknown" + t.Name + " v: " + Helpers + ".WriteRaw(writer, v.Json); break;");
            w.Line("default: throw new global::System.ArgumentException(\"Unsupported I" + t.Name + " implementation: \" + value?.GetType().Name, nameof(value));");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
