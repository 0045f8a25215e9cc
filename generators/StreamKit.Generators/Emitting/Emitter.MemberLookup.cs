using System.Collections.Generic;
using System.Linq;
using System.Text;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Finding which declared member a property name is: a switch on the name's UTF-8 length, then one byte comparison
    /// per declared name of that length (the JIT unrolls comparisons with constant spans), instead of comparing the name
    /// with every declared name in turn. Escaped names (rare) fall back to <c>ValueTextEquals</c>.
    /// </summary>
    internal static partial class Emitter
    {
        /// <summary>Emits <c>int m</c> (nothing when there are no members): the index in <paramref name="props"/> of the member at the reader's PropertyName token, or -1.</summary>
        private static void EmitMemberLookup(SourceWriter w, IReadOnlyList<PropertySpec> props)
        {
            if (props.Count == 0) return;
            w.Line("int m = -1;");
            w.Open("if (!reader.ValueIsEscaped && !reader.HasValueSequence)");
            w.Line("global::System.ReadOnlySpan<byte> name = reader.ValueSpan;");
            EmitNameSwitch(w, props.Select((p, i) => (p.JsonName, i)));
            w.Close();
            w.Open("else");
            for (int i = 0; i < props.Count; i++)
            {
                w.Line((i == 0 ? "if" : "else if") + " (reader.ValueTextEquals(" + SourceWriter.Utf8Literal(props[i].JsonName) + ")) m = " + i + ";");
            }
            w.Close();
        }

        /// <summary>Sets <c>m</c> to the number paired with the declared name equal to the UTF-8 span <c>name</c> (a switch on its length, then one comparison per name of that length).</summary>
        private static void EmitNameSwitch(SourceWriter w, IEnumerable<(string JsonName, int Index)> names)
        {
            w.Open("switch (name.Length)");
            foreach (var group in names.GroupBy(x => Encoding.UTF8.GetByteCount(x.JsonName)).OrderBy(g => g.Key))
            {
                w.Line("case " + group.Key + ":");
                foreach (var (jsonName, i) in group)
                {
                    w.Line("    if (global::System.MemoryExtensions.SequenceEqual(name, " + SourceWriter.Utf8Literal(jsonName) + ")) { m = " + i + "; break; }");
                }
                w.Line("    break;");
            }
            w.Close();
        }

        /// <summary>Closes a member loop's try: errors get the member's name in their JSON path.</summary>
        private static void EmitCatchAtMember(SourceWriter w)
        {
            w.Line("catch (global::System.Exception ex) when (" + Helpers + ".ShouldWrap(ex))");
            w.Line("{");
            w.Line("    throw " + Helpers + ".AtMember(ex, member, ref reader);");
            w.Line("}");
        }
    }
}
