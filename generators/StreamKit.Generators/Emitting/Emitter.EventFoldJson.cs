using System.Collections.Generic;
using System.Linq;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// The reduce-only path of an event reducer: <c>TryApplyJson</c> folds the events that only append text (the
    /// <c>response.*.delta</c> events: a string, the indices that address it, the sequence number, and an items array
    /// that is empty) straight from their UTF-8 JSON, with no event object and no string per delta. Anything else (another
    /// event type, an unexpected member, a non-empty items array, a value of an unexpected kind, bad JSON) returns false
    /// before anything is folded, and the caller takes the typed path, which reports errors exactly.
    /// </summary>
    internal static partial class Emitter
    {
        /// <summary>What a member of a fast event means: its tag, its sequence number, an index, the appended text, an items array that must be empty, or a string to check and ignore.</summary>
        private enum EventMemberRole { Type, Sequence, Index, Text, EmptyItems, Ignored }

        private sealed class FastEventCase
        {
            public FastEventCase(EventCaseSpec spec, string tag) { Spec = spec; Tag = tag; }
            public EventCaseSpec Spec { get; }
            public string Tag { get; }
        }

        private static void EmitEventReducerTryApplyJson(SourceWriter w, EventReducerSpec r, Dictionary<string, TypeSpec> byName)
        {
            var roles = new Dictionary<string, EventMemberRole>(); // JSON name → role
            var cases = new List<FastEventCase>();
            foreach (var c in r.Cases)
            {
                if (!byName.TryGetValue(ShortName(c.EventType), out var t)) continue;
                var fast = FastCase(c, t, r, roles);
                if (fast is not null) cases.Add(fast);
            }
            var names = roles.Keys.ToList();
            var indexNames = names.Where(n => roles[n] == EventMemberRole.Index).ToList();
            var itemNames = names.Where(n => roles[n] == EventMemberRole.EmptyItems).ToList();
            // The values a replay reuses from the template event (FoldContext.TryReplayEvent): all but the text and the sequence number.
            string Args(string prefix) => prefix + "kind" + string.Concat(indexNames.Select(n => ", " + prefix + "x" + names.IndexOf(n))) +
                                          string.Concat(itemNames.Select(n => ", " + prefix + "e" + names.IndexOf(n))) + ", " + prefix + "seen";
            if (cases.Count > 0)
            {
                w.Line();
                w.Line("// The last event TryApplyJson read whole, for replays of its shape (all but its text, ignored strings and sequence number).");
                w.Line("private int _fkind = -1;");
                w.Line("private long? _fsequence;");
                foreach (var n in indexNames) w.Line("private long? _fx" + names.IndexOf(n) + ";");
                foreach (var n in itemNames) w.Line("private bool _fe" + names.IndexOf(n) + ";");
                w.Line("private ulong _fseen;");
                w.Line("// Bumped with every write of these values: a template another fold context kept is stale then.");
                w.Line("private int _fversion;");
            }
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// The reduce-only path: folds a text-delta event (" + cases.Count + " event types) straight from its UTF-8 JSON, with no event object and no");
            w.Line("/// string per delta. Returns false, having folded nothing, for any other event or anything unexpected in it: then");
            w.Line("/// parse it and call <see cref=\"Apply\"/>. Sets <c>context.HasContent</c> for a <c>.delta</c> event. An event that is the last one");
            w.Line("/// read whole with another text, sequence number or ignored strings is not read again: its values are reused (FoldContext.TryReplayEvent).");
            w.Line("/// </summary>");
            w.Open("public bool TryApplyJson(global::System.ReadOnlySpan<byte> utf8Json, " + Json + ".JsonReaderOptions options, " + FoldContext + " context)");
            w.Line("if (context is null) throw new global::System.ArgumentNullException(nameof(context));");
            if (cases.Count == 0)
            {
                w.Line("context.BeginEvent();");
                w.Line("return false;");
                w.Close();
                return;
            }
            // The template event's bytes with another text, ignored strings and sequence number: its code runs again, unread.
            w.Line("if (context.TryReplayEvent(utf8Json, options, this, _fversion, out long? replayedSequence, out int replayedText))");
            w.Line("    return ApplyFast(" + Args("_f") + ", replayedSequence ?? _fsequence, replayedText, context);");
            w.Line("context.BeginEvent();");
            w.Line("int kind = -1;");
            w.Line("long? sequence = null;");
            foreach (var n in indexNames) w.Line("long? x" + names.IndexOf(n) + " = null;");
            w.Line("int textLength = -1;");
            foreach (var n in itemNames) w.Line("bool e" + names.IndexOf(n) + " = false;");
            w.Line("ulong seen = 0;");
            w.Line("var reader = new " + Json + ".Utf8JsonReader(utf8Json, options);");
            w.Open("try");
            w.Line("if (!reader.Read() || reader.TokenType != " + Json + ".JsonTokenType.StartObject) return false;");
            w.Open("while (" + Helpers + ".NextMember(ref reader))");
            var props = names.Select(n => new PropertySpec(n, n, TypeRef.String, false, true, null, null, ImmutableEquatableArray<AlternateSpec>.Empty)).ToList();
            EmitMemberLookup(w, props);
            w.Line("if (m < 0 || (seen & (1UL << m)) != 0) return false;");
            w.Line("seen |= 1UL << m;");
            w.Line("reader.Read();");
            w.Open("switch (m)");
            for (int i = 0; i < names.Count; i++)
            {
                w.Line("case " + i + ":");
                switch (roles[names[i]])
                {
                    case EventMemberRole.Type:
                        w.Line("    if (reader.TokenType != " + Json + ".JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence) return false;");
                        w.Line("    kind = KindOf(reader.ValueSpan);");
                        w.Line("    if (kind < 0) return false;");
                        break;
                    case EventMemberRole.Sequence:
                        w.Line("    if (reader.TokenType != " + Json + ".JsonTokenType.Null && !reader.TryGetInt64(out _)) return false;");
                        w.Line("    sequence = reader.TokenType == " + Json + ".JsonTokenType.Null ? null : reader.GetInt64();");
                        w.Line("    context.NumberHole(ref reader);");
                        break;
                    case EventMemberRole.Index:
                        w.Line("    if (reader.TokenType != " + Json + ".JsonTokenType.Null && !reader.TryGetInt64(out _)) return false;");
                        w.Line("    x" + i + " = reader.TokenType == " + Json + ".JsonTokenType.Null ? null : reader.GetInt64();");
                        break;
                    case EventMemberRole.Text:
                        w.Line("    textLength = " + Helpers + ".CopyString(ref reader, context);");
                        w.Line("    context.EventTextHole(ref reader);");
                        break;
                    case EventMemberRole.EmptyItems:
                        w.Line("    e" + i + " = reader.TokenType == " + Json + ".JsonTokenType.StartArray;");
                        w.Line("    if (reader.TokenType != " + Json + ".JsonTokenType.Null && (!e" + i + " || !reader.Read() || reader.TokenType != " + Json + ".JsonTokenType.EndArray)) return false;");
                        break;
                    default:
                        w.Line("    " + Helpers + ".SkipString(ref reader, context);");
                        break;
                }
                w.Line("    break;");
            }
            w.Close();
            w.Close();
            w.Line("if (reader.Read()) return false;");
            w.Close();
            w.Line("catch (global::System.Exception ex) when (" + Helpers + ".ShouldWrap(ex))");
            w.Line("{");
            w.Line("    // Bad JSON or a value of the wrong kind: the typed path reports it with its path and offset.");
            w.Line("    return false;");
            w.Line("}");
            w.Line("if (!ApplyFast(" + Args("") + ", sequence, textLength, context)) return false;");
            w.Line("context.KeepEvent(utf8Json, options, this, ++_fversion);");
            w.Line("_fkind = kind;");
            w.Line("_fsequence = sequence;");
            foreach (var n in indexNames) w.Line("_fx" + names.IndexOf(n) + " = x" + names.IndexOf(n) + ";");
            foreach (var n in itemNames) w.Line("_fe" + names.IndexOf(n) + " = e" + names.IndexOf(n) + ";");
            w.Line("_fseen = seen;");
            w.Line("return true;");
            w.Close();
            w.Line();

            // Each case: the members its type declares, and nothing else; then the same operations as Apply.
            w.Open("private bool ApplyFast(int kind" + string.Concat(indexNames.Select(n => ", long? x" + names.IndexOf(n))) +
                   string.Concat(itemNames.Select(n => ", bool e" + names.IndexOf(n))) + ", ulong seen, long? sequence, int textLength, " + FoldContext + " context)");
            w.Open("switch (kind)");
            for (int k = 0; k < cases.Count; k++)
            {
                var fc = cases[k];
                var t = byName[ShortName(fc.Spec.EventType)];
                ulong allowed = 0;
                foreach (var p in t.Properties) if (roles.ContainsKey(p.JsonName)) allowed |= 1UL << names.IndexOf(p.JsonName);
                w.Open("case " + k + ":");
                w.Line("if ((seen & ~0x" + allowed.ToString("X") + "UL) != 0) return false;");
                // A non-nullable member the event lacks (or sends as null) reads as 0 on the typed path: the same here.
                string seqExpr = fc.Spec.SequenceClrName is null ? "null" : OrZero(t, fc.Spec.SequenceClrName, "sequence");
                if (fc.Tag.EndsWith(".delta", System.StringComparison.Ordinal)) w.Line("context.MarkContent();");
                w.Line("if (!_state.BeginEvent(" + seqExpr + ")) return true;");
                foreach (var op in fc.Spec.Ops)
                {
                    string args = "";
                    foreach (var ie in op.IndexExpressions) args += ", " + OrZero(t, ie.Substring(2), "x" + names.IndexOf(JsonNameOf(t, ie)));
                    if (op.ValueType!.Kind == RefKind.String)
                        w.Line("if (textLength >= 0) _state.AppendText(P" + op.Path + ", context.Chars(textLength), textLength" + args + ");");
                    else
                        w.Line("if (e" + names.IndexOf(JsonNameOf(t, op.ValueExpression!)) + ") _state.EnsureItems(P" + op.Path + args + ");");
                }
                w.Line("Count++;");
                w.Line("return true;");
                w.Close();
            }
            w.Line("default:");
            w.Line("    return false;");
            w.Close();
            w.Close();

            // The tag → case lookup.
            w.Line();
            w.Open("private static int KindOf(global::System.ReadOnlySpan<byte> tag)");
            w.Open("switch (tag.Length)");
            foreach (var group in cases.Select((c, k) => (c, k)).GroupBy(x => System.Text.Encoding.UTF8.GetByteCount(x.c.Tag)).OrderBy(g => g.Key))
            {
                w.Line("case " + group.Key + ":");
                foreach (var (c, k) in group)
                    w.Line("    if (global::System.MemoryExtensions.SequenceEqual(tag, " + SourceWriter.Utf8Literal(c.Tag) + ")) return " + k + ";");
                w.Line("    break;");
            }
            w.Close();
            w.Line("return -1;");
            w.Close();
        }

        /// <summary>The case when every operation appends a top-level string or an items array from plain members addressed by plain index members; null otherwise (or when its members' roles clash with another case's).</summary>
        private static FastEventCase? FastCase(EventCaseSpec c, TypeSpec t, EventReducerSpec r, Dictionary<string, EventMemberRole> roles)
        {
            if (c.Ops.Count == 0) return null;
            var mine = new Dictionary<string, EventMemberRole>();
            string? tag = null;
            int texts = 0;
            foreach (var p in t.Properties)
            {
                if (p.JsonName == "type" && p.ConstValue is { } constTag) { tag = constTag; mine["type"] = EventMemberRole.Type; }
            }
            if (tag is null) return null;
            if (r.SequenceJsonName is { } seqName && c.SequenceClrName is not null) mine[seqName] = EventMemberRole.Sequence;
            foreach (var op in c.Ops)
            {
                if (op.Kind != EventOpKind.Append || op.ConstValue is not null || op.ValueExpression is null || op.ValueType is null) return null;
                var value = PropertyOf(t, op.ValueExpression);
                if (value is null || value.Alternates.Count != 0) return null;
                if (op.ValueType.Kind == RefKind.String && value.Type.Kind == RefKind.String) { mine[value.JsonName] = EventMemberRole.Text; texts++; }
                else if (op.ValueType.Kind == RefKind.Array && value.Type.Kind == RefKind.Array) mine[value.JsonName] = EventMemberRole.EmptyItems;
                else return null;
                foreach (var ie in op.IndexExpressions)
                {
                    var index = PropertyOf(t, ie);
                    if (index is null || index.Type.Kind != RefKind.Integer) return null;
                    mine[index.JsonName] = EventMemberRole.Index;
                }
            }
            if (texts != 1) return null;
            foreach (var p in t.Properties)
            {
                if (mine.ContainsKey(p.JsonName)) continue;
                if (p.Type.Kind != RefKind.String || p.Alternates.Count != 0) return null;
                mine[p.JsonName] = EventMemberRole.Ignored;
            }
            foreach (var kv in mine)
            {
                if (roles.TryGetValue(kv.Key, out var role) && role != kv.Value) return null;
            }
            if (roles.Count + mine.Keys.Count(k => !roles.ContainsKey(k)) > 64) return null;
            foreach (var kv in mine) roles[kv.Key] = kv.Value;
            return new FastEventCase(c, tag);
        }

        /// <summary>The property an expression such as <c>e.Delta</c> reads (null for anything but a plain member).</summary>
        private static PropertySpec? PropertyOf(TypeSpec t, string expression)
        {
            if (!expression.StartsWith("e.", System.StringComparison.Ordinal)) return null;
            string clr = expression.Substring(2);
            foreach (var p in t.Properties) if (p.ClrName == clr) return p;
            return null;
        }

        /// <summary><paramref name="local"/>, or <c>(local ?? 0)</c> when the type declares the member as a non-nullable value.</summary>
        private static string OrZero(TypeSpec t, string clrName, string local)
        {
            foreach (var p in t.Properties) if (p.ClrName == clrName) return NonNullableValue(p) ? "(" + local + " ?? 0)" : local;
            return local;
        }

        private static string JsonNameOf(TypeSpec t, string expression) => PropertyOf(t, expression)!.JsonName;
    }
}
