using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Deep copies: <c>DeepClone()</c> on every object class and <c>Clone</c> on every union's static class. Objects, lists
    /// and maps are copied; strings, enums and kept JSON (immutable) are shared, so a copy costs the number of objects, not
    /// the size of the text (an event reducer's snapshot of a typed root is such a copy).
    /// </summary>
    internal static partial class Emitter
    {
        private static void EmitDeepClone(SourceWriter w, TypeSpec t)
        {
            w.Line();
            w.Line("/// <summary>A deep copy: objects, lists and maps are copied; strings, enums and kept JSON (immutable) are shared. Members declared in another part of the partial class are not copied.</summary>");
            w.Open("public " + t.Name + " DeepClone()");
            // Member by member rather than MemberwiseClone, whose allocation goes through the runtime's slow path (a chunk's
            // copy took 122 ns that way, 73 ns this way).
            w.Line("var copy = new " + t.Name + "();");
            foreach (var p in t.Properties)
            {
                if (p.Rare) continue;
                if (IsWireStringEnum(p))
                {
                    w.Line("copy." + WireField(p) + " = " + WireField(p) + ";");
                }
                else if (Building.ModelBuilder.IsDeclaredNullable(p))
                {
                    w.Line("copy." + p.ClrName + " = " + p.ClrName + ";");
                }
                else
                {
                    // A required value member: its value and whether it was ever set.
                    string field = PresenceField(p);
                    w.Line("copy." + field + "Value = " + field + "Value;");
                    w.Line("copy." + field + " = " + field + ";");
                }
                foreach (var a in p.Alternates) w.Line("copy." + a.ClrName + " = " + a.ClrName + ";");
            }
            // The side object is copied whole (rare members and unknown ones); its objects are copied below.
            w.Line(HasRare(t) ? "copy." + RareField + " = " + RareField + "?.Copy();" : "copy.ExtensionData = ExtensionData;");
            int n = 0;
            foreach (var p in t.Properties)
            {
                CloneMember(w, p.ClrName, p.Type, ref n);
                foreach (var a in p.Alternates) CloneMember(w, a.ClrName, a.Type, ref n);
            }
            w.Line("if (copy.ExtensionData is { } extension) copy.ExtensionData = new global::System.Collections.Generic.Dictionary<string, " + Json + ".JsonElement>(extension, extension.Comparer);");
            w.Line("return copy;");
            w.Close();
        }

        private static void CloneMember(SourceWriter w, string clrName, TypeRef type, ref int n)
        {
            if (IsShared(type)) return;
            string v = "v" + n++;
            w.Line("if (copy." + clrName + " is { } " + v + ") copy." + clrName + " = " + CloneOf(type, v, ref n) + ";");
        }

        /// <summary>Values a copy shares: immutable ones.</summary>
        private static bool IsShared(TypeRef t) => t.Kind is RefKind.String or RefKind.Integer or RefKind.Number or RefKind.Boolean or RefKind.Enum or RefKind.Any;

        /// <summary>An expression copying the non-null value <paramref name="v"/>.</summary>
        private static string CloneOf(TypeRef t, string v, ref int n)
        {
            switch (t.Kind)
            {
                case RefKind.Object: return v + ".DeepClone()";
                case RefKind.Union: return TypeRef.Q(t.Name! + "Json") + ".Clone(" + v + ")";
                case RefKind.Array:
                    if (IsShared(t.Element!)) return "new " + t.CSharp + "(" + v + ")";
                    return Helpers + ".CloneList(" + v + ", " + ElementCloner(t.Element!, ref n) + ")";
                case RefKind.Map:
                    if (IsShared(t.Element!)) return "new " + t.CSharp + "(" + v + ", " + v + ".Comparer)";
                    return Helpers + ".CloneMap(" + v + ", " + ElementCloner(t.Element!, ref n) + ")";
                default: return v;
            }
        }

        /// <summary>A static lambda copying a non-null element (the helpers keep null elements as they are).</summary>
        private static string ElementCloner(TypeRef t, ref int n)
        {
            string e = "e" + n++;
            return "static " + e + " => " + CloneOf(t, e, ref n);
        }

        private static void EmitUnionClone(SourceWriter w, StreamSpec spec, TypeSpec t)
        {
            string iface = "I" + t.Name;
            // The reader's part of this partial class carries the GeneratedCode attribute.
            w.Open(spec.Accessibility + " static partial class " + t.Name + "Json");
            w.Line("/// <summary>A deep copy of a known case (see its <c>DeepClone</c>); an unknown case is immutable and returned as is.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
            w.Open("public static " + iface + " Clone(" + iface + " value)");
            w.Open("switch (value)");
            w.Line("case null: throw new global::System.ArgumentNullException(nameof(value));");
            var seen = new HashSet<string>();
            foreach (var c in t.Union!.Cases)
            {
                if (!seen.Add(c.TypeName)) continue;
                w.Line("case " + TypeRef.Q(c.TypeName) + " known: return known.DeepClone();");
            }
            w.Line("default: return value;");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
