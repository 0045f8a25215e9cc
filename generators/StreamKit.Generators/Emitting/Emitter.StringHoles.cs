using System.Collections.Generic;
using System.Linq;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Typed replays: <c>SetStringAt</c> on every object of a schema with a chunk reducer. A chunk that is the previous
    /// chunk's bytes with other strings in some string values parses to a copy of the previous chunk with those strings
    /// set; this sets one of them, found by its JSON path (member names and array indices), on the copy. Only what the
    /// reader itself sets from a string token is reachable: string members (a token-kind alternate that also takes
    /// strings rules the member out), through object members and lists of objects. Anything else (unknown members,
    /// maps, unions, lists of strings) is not a hole: its bytes must match.
    /// </summary>
    internal static partial class Emitter
    {
        private static void EmitSetStringAt(SourceWriter w, StreamSpec spec, TypeSpec t)
        {
            // The reader's part of this partial class carries the GeneratedCode attribute.
            w.Open(spec.Accessibility + " sealed partial class " + t.Name);
            w.Line("/// <summary>");
            w.Line("/// Sets the string member that <paramref name=\"path\"/> names from step <paramref name=\"depth\"/> on to <paramref name=\"value\"/>,");
            w.Line("/// as reading a JSON string there would (a typed replay of a chunk template). False, having set nothing, when the path");
            w.Line("/// does not end at a string member of objects that exist.");
            w.Line("/// </summary>");
            w.Open("internal static bool SetStringAt(" + t.Name + " target, global::StreamKit.Serialization.HolePath path, int depth, string value)");
            var members = new List<(string JsonName, int Index)>();
            for (int i = 0; i < t.Properties.Count; i++)
            {
                if (HoleKind(t.Properties[i]) != HoleStep.None) members.Add((t.Properties[i].JsonName, i));
            }
            if (members.Count == 0)
            {
                w.Line("return false;");
                w.Close();
                w.Close();
                w.Line();
                return;
            }
            w.Line("if (depth >= path.Count || path.Index(depth) >= 0) return false;");
            w.Line("global::System.ReadOnlySpan<byte> name = path.Name(depth);");
            w.Line("bool last = depth == path.Count - 1;");
            w.Line("int m = -1;");
            EmitNameSwitch(w, members);
            w.Open("switch (m)");
            foreach (var (_, i) in members)
            {
                var p = t.Properties[i];
                w.Line("case " + i + ":");
                switch (HoleKind(p))
                {
                    case HoleStep.String:
                        w.Line("    if (!last) return false;");
                        w.Line("    target." + p.ClrName + " = value;");
                        w.Line("    return true;");
                        break;
                    case HoleStep.Object:
                        // Pattern variables of a switch's cases share one scope: each is named after its member's number.
                        w.Line("    if (last || target." + p.ClrName + " is not { } child" + i + ") return false;");
                        w.Line("    return " + TypeRef.Q(p.Type.Name!) + ".SetStringAt(child" + i + ", path, depth + 1, value);");
                        break;
                    default:
                        w.Open("");
                        w.Line("if (last || target." + p.ClrName + " is not { } list) return false;");
                        w.Line("int i = path.Index(depth + 1);");
                        w.Line("if (i < 0 || i >= list.Count || list[i] is not { } element) return false;");
                        w.Line("return " + TypeRef.Q(p.Type.Element!.Name!) + ".SetStringAt(element, path, depth + 2, value);");
                        w.Close();
                        break;
                }
            }
            w.Line("default: return false;");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        private enum HoleStep { None, String, Object, List }

        /// <summary>What a property is to a hole's path: the string set at its end, a step into an object or a list of objects, or nothing.</summary>
        private static HoleStep HoleKind(PropertySpec p)
        {
            if (p.Type.Kind == RefKind.String) return p.Alternates.Any(a => a.Type.TokenKind == "String") ? HoleStep.None : HoleStep.String;
            // A member with token-kind alternates puts an object or array in one of several properties: not followed.
            if (p.Alternates.Count > 0) return HoleStep.None;
            if (p.Type.Kind == RefKind.Object) return HoleStep.Object;
            if (p.Type.Kind == RefKind.Array && p.Type.Element!.Kind == RefKind.Object) return HoleStep.List;
            return HoleStep.None;
        }
    }
}
