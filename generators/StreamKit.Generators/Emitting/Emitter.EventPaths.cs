using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Typed navigation for an event reducer's paths (runtime: <c>TypedPathAccessor</c>): for each path, a static method
    /// that follows its members and indices through the target's typed graph, switching on the runtime case wherever a
    /// union stands (only the cases that have the next member), and applies one operation at its end. Every step is a
    /// test that can fail; nothing is changed before the last one succeeds, and a failure returns false so that the
    /// state goes on with JSON nodes (a delta before its item, an unknown item type, a value of another type).
    /// </summary>
    internal static partial class Emitter
    {
        private const string PathOp = "global::StreamKit.Reduction.TypedPathOperation";

        private static void EmitTypedPath(SourceWriter w, EventReducerSpec r, int k, Dictionary<string, TypeSpec> byName)
        {
            var segments = new List<(string Name, bool Indexed)>();
            foreach (var raw in r.Paths[k].Split('.'))
            {
                int open = raw.IndexOf('[');
                segments.Add(open < 0 ? (raw, false) : (raw.Substring(0, open), true));
            }
            w.Line("/// <summary>Typed navigation along <c>" + SourceWriter.EscapeXml(r.Paths[k]) + "</c> (see TypedPathAccessor).</summary>");
            w.Open("private static bool TypedPath" + k + "(object root, " + PathOp + " op, long i0, long i1, long i2, ref object? value)");
            w.Open("if (root is " + TypeRef.Q(r.TargetType) + " x0)");
            int n = 1;
            EmitTypedStep(w, new TypeRef(RefKind.Object, r.TargetType), "x0", segments, 0, 0, byName, ref n);
            w.Close();
            w.Line("return false;");
            w.Close();
            w.Line();
        }

        /// <summary>Emits segment <paramref name="s"/> on <paramref name="v"/> (of <paramref name="type"/>: an object, or a union switched on by case).</summary>
        private static void EmitTypedStep(SourceWriter w, TypeRef type, string v, List<(string Name, bool Indexed)> segments, int s, int index,
            Dictionary<string, TypeSpec> byName, ref int n)
        {
            var cases = StepCases(type, segments, s, byName);
            if (type.Kind == RefKind.Object)
            {
                if (cases.Count == 1) EmitMemberStep(w, cases[0].Member, v, segments, s, index, byName, ref n);
                return;
            }
            var undeclared = s == segments.Count - 1 && !segments[s].Indexed ? Undeclared(type, segments[s].Name, byName) : new List<TypeSpec>();
            if (cases.Count == 0 && undeclared.Count == 0) return;
            w.Open("switch (" + v + ")");
            foreach (var (ct, p) in cases)
            {
                string o = "x" + n++;
                w.Open("case " + TypeRef.Q(ct.Name) + " " + o + ":");
                EmitMemberStep(w, p, o, segments, s, index, byName, ref n);
                w.Line("break;");
                w.Close();
            }
            foreach (var ct in undeclared)
            {
                string o = "x" + n++;
                w.Open("case " + TypeRef.Q(ct.Name) + " " + o + ":");
                EmitUndeclaredText(w, o, segments[s].Name);
                w.Line("break;");
                w.Close();
            }
            w.Close();
        }

        /// <summary>The objects <paramref name="type"/> may be (itself, or a union's cases) whose member named by segment <paramref name="s"/> leads to the path's end.</summary>
        private static List<(TypeSpec Type, PropertySpec Member)> StepCases(TypeRef type, List<(string Name, bool Indexed)> segments, int s, Dictionary<string, TypeSpec> byName)
        {
            var result = new List<(TypeSpec, PropertySpec)>();
            if (!byName.TryGetValue(type.Name ?? "", out var t)) return result;
            var objects = new List<string>();
            if (type.Kind == RefKind.Object) objects.Add(t.Name);
            else if (type.Kind == RefKind.Union && t.Union is not null) foreach (var c in t.Union.Cases) if (!objects.Contains(c.TypeName)) objects.Add(c.TypeName);
            foreach (var name in objects)
            {
                if (!byName.TryGetValue(name, out var o)) continue;
                foreach (var p in o.Properties)
                {
                    if (p.JsonName == segments[s].Name && Leads(p, segments, s, byName)) result.Add((o, p));
                }
            }
            return result;
        }

        /// <summary>The cases of union <paramref name="type"/> that declare no member named <paramref name="jsonName"/>.</summary>
        private static List<TypeSpec> Undeclared(TypeRef type, string jsonName, Dictionary<string, TypeSpec> byName)
        {
            var result = new List<TypeSpec>();
            if (!byName.TryGetValue(type.Name!, out var u) || u.Union is null) return result;
            foreach (var c in u.Union.Cases)
            {
                if (byName.TryGetValue(c.TypeName, out var ct) && !result.Contains(ct) && Member(ct, jsonName) is null) result.Add(ct);
            }
            return result;
        }

        private static PropertySpec? Member(TypeSpec t, string jsonName)
        {
            foreach (var p in t.Properties) if (p.JsonName == jsonName) return p;
            return null;
        }

        /// <summary>Whether member <paramref name="p"/> (named by segment <paramref name="s"/>) leads to the path's end: a step into what follows, or a member an operation can take.</summary>
        private static bool Leads(PropertySpec p, List<(string Name, bool Indexed)> segments, int s, Dictionary<string, TypeSpec> byName)
        {
            // A member with alternates keeps each JSON shape in its own property: neither is followed or set. A constant is never set.
            if (p.Alternates.Count > 0 || p.ConstValue is not null) return false;
            var type = p.Type;
            if (segments[s].Indexed)
            {
                if (type.Kind != RefKind.Array) return false;
                type = type.Element!;
                if (s == segments.Count - 1) return type.Kind is RefKind.String or RefKind.Object or RefKind.Union;
            }
            else if (s == segments.Count - 1)
            {
                return type.Kind is RefKind.String or RefKind.Enum or RefKind.Object or RefKind.Union or RefKind.Array;
            }
            return type.Kind is RefKind.Object or RefKind.Union && StepCases(type, segments, s + 1, byName).Count > 0;
        }

        /// <summary>Emits the step through member <paramref name="p"/> of <paramref name="o"/>: into the next segment, or the operation at the end.</summary>
        private static void EmitMemberStep(SourceWriter w, PropertySpec p, string o, List<(string Name, bool Indexed)> segments, int s, int index,
            Dictionary<string, TypeSpec> byName, ref int n)
        {
            string member = o + "." + p.ClrName;
            bool last = s == segments.Count - 1;
            string i = "i" + index;
            if (!segments[s].Indexed)
            {
                if (!last)
                {
                    string x = "x" + n++;
                    w.Open("if (" + member + " is { } " + x + ")");
                    EmitTypedStep(w, p.Type, x, segments, s + 1, index, byName, ref n);
                    w.Close();
                    return;
                }
                EmitMemberOperation(w, p.Type, member, ref n);
                return;
            }
            var element = p.Type.Element!;
            if (!last)
            {
                string l = "l" + n++, x = "x" + n++;
                w.Open("if (" + member + " is { } " + l + " && " + i + " < " + l + ".Count && " + l + "[(int)" + i + "] is { } " + x + ")");
                EmitTypedStep(w, element, x, segments, s + 1, index + 1, byName, ref n);
                w.Close();
                return;
            }
            EmitElementOperation(w, p.Type, member, i, ref n);
        }

        /// <summary>The operations on a member at the end of a path, by its type.</summary>
        private static void EmitMemberOperation(SourceWriter w, TypeRef type, string member, ref int n)
        {
            string t = "t" + n++;
            switch (type.Kind)
            {
                case RefKind.String:
                    w.Open("switch (op)");
                    w.Line("case " + PathOp + ".GetText: value = " + member + "; return true;");
                    w.Line("case " + PathOp + ".SetText: " + member + " = (string)value!; return true;");
                    w.Close();
                    return;
                case RefKind.Enum:
                    w.Line("if (op == " + PathOp + ".SetText) { " + member + " = new " + type.CSharp + "((string)value!); return true; }");
                    return;
                case RefKind.Object:
                case RefKind.Union:
                    w.Open("switch (op)");
                    w.Line("case " + PathOp + ".SetValue when value is " + type.CSharp + " " + t + ": " + member + " = " + t + "; return true;");
                    w.Line("case " + PathOp + ".SetJson when " + Converted(type, "c" + t) + ": " + member + " = c" + t + "; return true;");
                    w.Close();
                    return;
                case RefKind.Array:
                    string a = "a" + n++;
                    w.Open("switch (op)");
                    w.Line("case " + PathOp + ".SetValue when value is " + type.CSharp + " " + t + ": " + member + " = " + t + "; return true;");
                    w.Line("case " + PathOp + ".SetJson when " + Converted(type, "c" + t) + ": " + member + " = c" + t + "; return true;");
                    w.Line("case " + PathOp + ".AppendItems when value is " + type.CSharp + " " + a + ": (" + member + " ??= new " + type.CSharp + "()).AddRange(" + a + "); return true;");
                    w.Line("case " + PathOp + ".AppendJson when " + Converted(type, "c" + a) + ": (" + member + " ??= new " + type.CSharp + "()).AddRange(c" + a + "); return true;");
                    w.Line("case " + PathOp + ".EnsureItems: " + member + " ??= new " + type.CSharp + "(); return true;");
                    w.Close();
                    return;
            }
        }

        /// <summary>The test "value, as JSON, reads as <paramref name="type"/>" (SetJson, AppendJson), binding the result to <paramref name="name"/>.</summary>
        private static string Converted(TypeRef type, string name) =>
            Helpers + ".TryReadConverted(value, static (ref " + Json + ".Utf8JsonReader reader) => " + ElementExpr(type) + ", out " + type.CSharp + " " + name + ")";

        /// <summary>
        /// The text operations on a case of a union that does not declare the member (a status event on an item whose
        /// schema has no status): the text goes among its undeclared members, where reading the item's JSON would put it.
        /// </summary>
        private static void EmitUndeclaredText(SourceWriter w, string o, string jsonName)
        {
            w.Open("switch (op)");
            w.Line("case " + PathOp + ".GetText: value = " + Helpers + ".ExtensionString(" + o + ".ExtensionData, " + SourceWriter.Literal(jsonName) + "); return true;");
            w.Line("case " + PathOp + ".SetText: (" + o + ".ExtensionData ??= new global::System.Collections.Generic.Dictionary<string, " + Json + ".JsonElement>())[" +
                   SourceWriter.Literal(jsonName) + "] = " + Helpers + ".StringElement((string)value!); return true;");
            w.Close();
        }

        /// <summary>The operations on an element of a list member at the end of a path (the list is created and grown with nulls as needed).</summary>
        private static void EmitElementOperation(SourceWriter w, TypeRef list, string member, string i, ref int n)
        {
            var element = list.Element!;
            string l = "l" + n++;
            // Sets the element to the expression, in a block of its own (each case section declares its list variable).
            string SetTo(string expression) => "{ var " + l + " = " + member + " ??= new " + list.CSharp + "(); while (" + l + ".Count <= " + i + ") " + l + ".Add(null!); " +
                                               l + "[(int)" + i + "] = " + expression + "; return true; }";
            w.Open("switch (op)");
            switch (element.Kind)
            {
                case RefKind.String:
                    w.Line("case " + PathOp + ".GetText: value = " + member + " is { } " + l + "r && " + i + " < " + l + "r.Count ? " + l + "r[(int)" + i + "] : null; return true;");
                    w.Line("case " + PathOp + ".SetText: " + SetTo("(string)value!"));
                    break;
                case RefKind.Object:
                case RefKind.Union:
                    string t = "t" + n++;
                    w.Line("case " + PathOp + ".SetValue when value is " + element.CSharp + " " + t + ": " + SetTo(t));
                    w.Line("case " + PathOp + ".SetJson when " + Converted(element, "c" + t) + ": " + SetTo("c" + t));
                    break;
            }
            w.Close();
        }
    }
}
