using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// The reduce-only pass of a reducer: each accumulator's <c>ApplyJson</c> reads its source object straight from a
    /// <c>Utf8JsonReader</c> into its slots, with no item objects. Hot members are folded as they are read (text appended
    /// from the UTF-8 bytes, nested objects and merged-by-index arrays recursed into); every other member is read as the
    /// typed reader reads it into a local, and folded at the object's end by the same fold code as <c>Apply</c>. So the
    /// result equals <c>Apply(Source.ReadJson(...))</c>, validation and error paths included. Members that write a slot
    /// another member also writes fold at the end too, in Apply's order. The difference is a member repeated within one
    /// object: text and values keep the last (as the typed reader does), nested objects and arrays are merged from both.
    /// </summary>
    internal static partial class Emitter
    {
        private const string FoldContext = "global::StreamKit.Reduction.FoldContext";

        private enum FoldMode { Skip, Deferred, Text, FirstString, LastString, Merge, MergeByKey }

        private static void EmitReducerApplyJson(SourceWriter w, ReducerSpec r)
        {
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// The reduce-only path: folds one item straight from its UTF-8 JSON, building no item objects (text is appended from the");
            w.Line("/// bytes). The state is the same as after <c>Apply(" + r.SourceType + ".Parse(utf8Json))</c>, except that a member repeated");
            w.Line("/// within one object merges both nested values where the typed reader keeps the last. On an error, members read before it");
            w.Line("/// are already folded (the stream engine undoes the text and new elements through <paramref name=\"context\"/>).");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"utf8Json\">One whole JSON document.</param>");
            w.Line("/// <param name=\"options\">Reader options (the JSON depth limit).</param>");
            w.Line("/// <param name=\"context\">Receives the event's facts (content, text length, new items) and bounds indices.</param>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">Not JSON, trailing data, or a member of the wrong kind; names the JSON path and byte offset.</exception>");
            w.Open("public void ApplyJson(global::System.ReadOnlySpan<byte> utf8Json, " + Json + ".JsonReaderOptions options, " + FoldContext + " context)");
            w.Line("if (context is null) throw new global::System.ArgumentNullException(nameof(context));");
            w.Line("if (TryReplayJson(utf8Json, options, context)) return;");
            w.Line("_version++;");
            w.Line("context.BeginEvent();");
            w.Line(Helpers + ".FoldDocument(utf8Json, options, (_root, context), static (ref " + Json + ".Utf8JsonReader reader, (" + r.RootAccumulator + " Root, " + FoldContext + " Context) state) => state.Root.ApplyJson(ref reader, state.Context));");
            w.Line("Count++;");
            w.Line("context.EndEvent(utf8Json, options, this, _version);");
            w.Close();
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// The reduce-only path's fast step: when <paramref name=\"utf8Json\"/> is the last folded item's bytes with other strings in");
            w.Line("/// its string members, and nothing else changed this reducer since, folds it by appending its text (see FoldContext.TryReplay)");
            w.Line("/// and returns true; otherwise changes nothing and returns false (then call <see cref=\"ApplyJson\"/>, which tries this first).");
            w.Line("/// </summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"context\"/> is null.</exception>");
            w.Open("public bool TryReplayJson(global::System.ReadOnlySpan<byte> utf8Json, " + Json + ".JsonReaderOptions options, " + FoldContext + " context)");
            w.Line("if (context is null) throw new global::System.ArgumentNullException(nameof(context));");
            w.Line("if (!context.TryReplay(utf8Json, options, this, _version)) return false;");
            w.Line("_version++;");
            w.Line("Count++;");
            w.Line("return true;");
            w.Close();
        }

        private static void EmitApplyJson(SourceWriter w, AccumulatorSpec a, Dictionary<string, TypeSpec> byName, bool isRoot)
        {
            w.Line();
            w.Open("public void ApplyJson(ref " + Json + ".Utf8JsonReader reader, " + FoldContext + " context)");
            if (!byName.TryGetValue(ShortName(a.SourceType), out var t))
            {
                // No schema type to read member by member: read the typed item and fold it.
                w.Line("context.Enter();");
                w.Line("Apply(" + TypeRef.Q(a.SourceType) + ".ReadJson(ref reader));");
                w.Line("context.NotReplayable();");
                w.Line("context.Leave();");
                w.Close();
                return;
            }

            var guarded = new HashSet<string>();
            foreach (var f in a.Folds) if (f.UnlessPresentClrName is not null) guarded.Add(f.UnlessPresentClrName);
            var props = new List<PropertySpec>(t.Properties);
            // Slots written from more than one member fold at the object's end, in Apply's order (not in wire order).
            var writers = new Dictionary<string, HashSet<string>>();
            foreach (var f in a.Folds)
            {
                string owner = OwnerOf(props, RootName(f.SourceClrName))?.ClrName ?? f.SourceClrName;
                var slots = new List<string> { f.Slot };
                if (f.Parts is { } parts)
                {
                    slots.Add(parts.DefaultSlot);
                    foreach (var route in parts.Routes) slots.Add(route.Slot);
                }
                foreach (var slot in slots)
                {
                    if (!writers.TryGetValue(slot, out var set)) writers[slot] = set = new HashSet<string>();
                    set.Add(owner);
                }
            }
            var shared = new HashSet<string>();
            foreach (var kv in writers) if (kv.Value.Count > 1) shared.Add(kv.Key);
            var modes = new Dictionary<string, FoldMode>();
            foreach (var p in props) modes[p.ClrName] = ModeOf(a, p, guarded, shared);

            w.Line(Helpers + ".ExpectStartObject(ref reader);");
            w.Line("context.Enter();");
            // Locals: deferred members' values, presence flags of guard members, text lengths before a member (for repeats).
            for (int i = 0; i < props.Count; i++)
            {
                var p = props[i];
                var mode = modes[p.ClrName];
                if (mode is FoldMode.Deferred or FoldMode.FirstString or FoldMode.LastString)
                {
                    w.Line(LocalType(p) + " l" + i + " = default;");
                    for (int k = 0; k < p.Alternates.Count; k++) w.Line(p.Alternates[k].Type.CSharp + "? l" + i + "_" + k + " = default;");
                }
                if (mode == FoldMode.Text)
                {
                    if (i < 64) w.Line("int m" + i + " = 0;");
                    for (int k = 0; k < p.Alternates.Count; k++) w.Line(p.Alternates[k].Type.CSharp + "? l" + i + "_" + k + " = default;");
                }
                if (IsImmediate(mode) && guarded.Contains(p.ClrName)) w.Line("bool p" + i + " = false;");
                if (IsTextHole(a, p, mode)) w.Line("int h" + i + " = -1;");
            }
            w.Line("string? member = null;");
            w.Line("global::System.Collections.Generic.List<string>? unknown = null;");
            if (props.Count > 0) w.Line("ulong seen = 0;");
            w.Open("try");
            w.Open("while (" + Helpers + ".NextMember(ref reader))");
            EmitMemberLookup(w, props);
            if (props.Count > 0) w.Open("switch (m)");
            for (int i = 0; i < props.Count; i++) EmitFoldMember(w, a, props[i], i, modes[props[i].ClrName], guarded.Contains(props[i].ClrName), byName);
            if (props.Count > 0) w.Close();
            w.Line("member = reader.GetString()!;");
            w.Line(Helpers + ".NoteUnknownMember(ref unknown, member);");
            w.Line("reader.Read();");
            // Unknown members fold last-wins (a replay repeats them), except strings below the root, which concatenate.
            if (!isRoot) w.Line("if (reader.TokenType == " + Json + ".JsonTokenType.String) context.NotReplayable();");
            w.Line("(_extensions ??= new global::StreamKit.Reduction.ExtensionFold()).ApplyMember(member, " + Helpers + ".ReadElement(ref reader), concatenateStrings: " + (isRoot ? "false" : "true") + ");");
            w.Close();
            w.Close();
            EmitCatchAtMember(w);

            // The deferred folds, in the same order and with the same code as Apply, over the locals.
            var local = new Dictionary<string, string>();
            var isNull = new Dictionary<string, string>();
            for (int i = 0; i < props.Count; i++)
            {
                var p = props[i];
                var mode = modes[p.ClrName];
                local[p.ClrName] = "l" + i;
                isNull[p.ClrName] = mode is FoldMode.Deferred or FoldMode.FirstString or FoldMode.LastString ? "l" + i + " is null" : "!p" + i;
                for (int k = 0; k < p.Alternates.Count; k++)
                {
                    local[p.Alternates[k].ClrName] = "l" + i + "_" + k;
                    isNull[p.Alternates[k].ClrName] = "l" + i + "_" + k + " is null";
                }
            }
            var holes = new Dictionary<string, string>();
            for (int i = 0; i < props.Count; i++)
                if (IsTextHole(a, props[i], modes[props[i].ClrName])) holes[props[i].ClrName] = "h" + i;
            var deferred = new FoldSource(n => local[RootName(n)] + n.Substring(RootName(n).Length), n => n == RootName(n) ? isNull[n] : local[RootName(n)] + n.Substring(RootName(n).Length) + " is null", reportsText: true,
                hole: n => holes.TryGetValue(n, out var h) ? h : null);
            int foldIndex = 0;
            foreach (var f in a.Folds)
            {
                var owner = OwnerOf(props, RootName(f.SourceClrName));
                var mode = owner is null ? FoldMode.Deferred : modes[owner.ClrName];
                if (mode is FoldMode.Deferred or FoldMode.FirstString or FoldMode.LastString) EmitFold(w, a, f, foldIndex, deferred, partsOnly: false);
                else if (mode == FoldMode.Text && f.Parts is not null) EmitFold(w, a, f, foldIndex, deferred, partsOnly: true);
                foldIndex++;
            }
            w.Line("context.Leave();");
            w.Close();
        }

        /// <summary>
        /// A deferred string member whose only use is one plain text append (a guarded fold such as <c>reasoning</c> unless
        /// <c>reasoning_content</c>): its token can be a hole of a replay template once the append happened (FoldContext.BindHole).
        /// </summary>
        private static bool IsTextHole(AccumulatorSpec a, PropertySpec p, FoldMode mode)
        {
            if (mode != FoldMode.Deferred || p.Alternates.Count != 0 || p.Type.Kind != RefKind.String) return false;
            FoldSpec? only = null;
            foreach (var f in a.Folds)
            {
                if (RootName(f.SourceClrName) != p.ClrName) continue;
                if (only is not null) return false;
                only = f;
            }
            return only is { Op: FoldOp.Append, Conversion: Conversion.None, Parts: null } && only.SourceClrName == p.ClrName && only.SourceType.Kind == RefKind.String;
        }

        /// <summary>How the reduce-only pass handles one member of the source object.</summary>
        private static FoldMode ModeOf(AccumulatorSpec a, PropertySpec p, HashSet<string> guarded, HashSet<string> shared)
        {
            var folds = new List<FoldSpec>();
            bool onAlternate = false;
            foreach (var f in a.Folds)
            {
                if (f.SourceClrName == p.ClrName) folds.Add(f);
                else if (RootName(f.SourceClrName) == p.ClrName) onAlternate = true; // a path into the member (XGroq?.Usage)
                foreach (var alt in p.Alternates)
                {
                    if (RootName(f.SourceClrName) == alt.ClrName) onAlternate = true;
                }
            }
            if (folds.Count == 0 && !onAlternate) return guarded.Contains(p.ClrName) ? FoldMode.Deferred : FoldMode.Skip;
            if (folds.Count != 1 || onAlternate) return FoldMode.Deferred;
            var fold = folds[0];
            // A member another fold's guard reads keeps its value in a local (a skipped first-wins string would read as absent).
            if (fold.UnlessPresentClrName is not null || guarded.Contains(p.ClrName) || shared.Contains(fold.Slot)) return FoldMode.Deferred;
            // (A text member's content parts always fold at the end, in Apply's order, whatever slots they route to.)
            bool plain = p.Alternates.Count == 0;
            switch (fold.Op)
            {
                case FoldOp.Append when fold.SourceType.Kind == RefKind.String && fold.Conversion == Conversion.None
                                        && (plain || (p.Alternates.Count == 1 && fold.Parts is { } parts && parts.AlternateClrName == p.Alternates[0].ClrName)):
                    return FoldMode.Text;
                case FoldOp.First when plain && fold.SourceType.Kind == RefKind.String && fold.Conversion == Conversion.None:
                    return FoldMode.FirstString;
                case FoldOp.Last when plain && fold.SourceType.Kind == RefKind.String && fold.Conversion == Conversion.None && SlotOf(a, fold.Slot).TargetType.Kind == RefKind.String:
                    return FoldMode.LastString;
                case FoldOp.Merge when plain && fold.SourceType.Kind == RefKind.Object:
                    return FoldMode.Merge;
                case FoldOp.MergeByKey when plain && fold.SourceType.Kind == RefKind.Array && fold.SourceType.Element?.Kind == RefKind.Object:
                    return FoldMode.MergeByKey;
                default:
                    return FoldMode.Deferred;
            }
        }

        private static void EmitFoldMember(SourceWriter w, AccumulatorSpec a, PropertySpec p, int i, FoldMode mode, bool guarded, Dictionary<string, TypeSpec> byName)
        {
            w.Line("case " + i + ":");
            w.Open("");
            w.Line("member = " + SourceWriter.Literal(p.JsonName) + ";");
            FoldSpec? fold = null;
            foreach (var f in a.Folds) if (f.SourceClrName == p.ClrName) fold = f;
            string mask = i < 64 ? "0x" + (1UL << i).ToString("X") + "UL" : "";
            if (mode == FoldMode.Text && mask.Length != 0)
            {
                // A repeated text member replaces what the first one appended (the typed reader keeps the last).
                w.Line("if ((seen & " + mask + ") != 0) { " + Helpers + ".NoteDuplicateKey(); if (" + fold!.Slot + " is not null) " + fold.Slot + ".Length = m" + i + "; }");
                w.Line("else m" + i + " = " + fold.Slot + "?.Length ?? 0;");
                w.Line("seen |= " + mask + ";");
            }
            else if (mask.Length != 0)
            {
                w.Line("if ((seen & " + mask + ") != 0) " + Helpers + ".NoteDuplicateKey();");
                w.Line("seen |= " + mask + ";");
            }
            w.Line("reader.Read();");
            if (guarded && IsImmediate(mode)) w.Line("p" + i + " = reader.TokenType != " + Json + ".JsonTokenType.Null;");
            switch (mode)
            {
                case FoldMode.Skip:
                    if (p.Alternates.Count == 0 && p.Type.Kind == RefKind.String) w.Line(Helpers + ".SkipString(ref reader, context);");
                    else EmitTypedRead(w, p, i, discard: true);
                    break;
                case FoldMode.Deferred:
                    EmitTypedRead(w, p, i, discard: false);
                    if (IsTextHole(a, p, mode)) w.Line("h" + i + " = context.TextHole(ref reader);");
                    break;
                case FoldMode.Text:
                    w.Line(UndoCreation(a, fold!.Slot));
                    if (p.Alternates.Count == 1)
                    {
                        w.Line("if (reader.TokenType == " + Json + ".JsonTokenType.StartArray) l" + i + "_0 = " + ReadExpr(p.Alternates[0].Type, false) + ";");
                        w.Line("else " + Helpers + ".AppendString(ref reader, ref " + fold!.Slot + ", context);");
                    }
                    else
                    {
                        w.Line(Helpers + ".AppendString(ref reader, ref " + fold!.Slot + ", context);");
                    }
                    break;
                case FoldMode.FirstString:
                    w.Line("if (" + fold!.Slot + "Set) " + Helpers + ".SkipString(ref reader, context); else l" + i + " = " + Helpers + ".ReadString(ref reader);");
                    break;
                case FoldMode.LastString:
                    w.Line("l" + i + " = " + Helpers + ".ReadStringReusing(ref reader, " + fold!.Slot + ");");
                    break;
                case FoldMode.Merge:
                    string acc = AccumulatorOf(a, fold!.Slot);
                    w.Open("if (reader.TokenType == " + Json + ".JsonTokenType.StartObject)");
                    w.Line(UndoCreation(a, fold.Slot));
                    w.Line("(" + fold.Slot + " ??= new " + acc + "()).ApplyJson(ref reader, context);");
                    w.Close();
                    w.Line("else if (reader.TokenType != " + Json + ".JsonTokenType.Null) " + Helpers + ".ExpectStartObject(ref reader);");
                    break;
                case FoldMode.MergeByKey:
                    EmitFoldByKey(w, a, fold!, byName);
                    break;
            }
            w.Line("continue;");
            w.Close();
        }

        /// <summary>An array of objects merged by key: each element's key is looked up ahead (it may come after other members), then the element is folded in place.</summary>
        private static void EmitFoldByKey(SourceWriter w, AccumulatorSpec a, FoldSpec f, Dictionary<string, TypeSpec> byName)
        {
            string keyClr = f.KeyClrName!.TrimEnd('?');
            bool keyNullable = f.KeyClrName!.EndsWith("?");
            string keyJson = KeyJsonName(f.SourceType.Element!, keyClr, byName);
            string acc = AccumulatorOf(a, f.Slot);
            w.Open("if (" + Helpers + ".StartFoldArray(ref reader))");
            w.Line("int position = 0;");
            w.Open("while (true)");
            w.Line("reader.Read();");
            w.Line("if (reader.TokenType == " + Json + ".JsonTokenType.EndArray) break;");
            w.Open("if (reader.TokenType != " + Json + ".JsonTokenType.Null)");
            w.Open("try");
            w.Line(Helpers + ".ExpectStartObject(ref reader);");
            w.Line("// A missing key (Mistral sends none) falls back to the element's position in this item.");
            w.Line("long key = " + Helpers + ".PeekInt64(reader, " + SourceWriter.Utf8Literal(keyJson) + ") ?? " + (keyNullable ? "position" : "0") + ";");
            w.Line("context.CheckIndex(key, position);");
            w.Line(UndoCreation(a, f.Slot));
            w.Line("var map = " + f.Slot + " ??= new global::System.Collections.Generic.SortedDictionary<long, " + acc + ">();");
            w.Line("if (!map.TryGetValue(key, out var slot)) { map[key] = slot = new " + acc + "(); context.NewItem(map, key); }");
            w.Line("slot.ApplyJson(ref reader, context);");
            w.Close();
            w.Line("catch (global::StreamKit.Serialization.JsonPayloadException ex)");
            w.Line("{");
            w.Line("    " + Helpers + ".AtIndex(ex, position);");
            w.Line("    throw;");
            w.Line("}");
            w.Close();
            w.Line("position++;");
            w.Close();
            w.Close();
        }

        /// <summary>Reads a member as the typed reader does, into its local (or into a discard).</summary>
        private static void EmitTypedRead(SourceWriter w, PropertySpec p, int i, bool discard)
        {
            string target = discard ? "_" : "l" + i;
            if (p.Alternates.Count == 0 && NonNullableValue(p))
            {
                w.Line(discard ? "_ = " + ReadExpr(p.Type, false) + ";" : "if ((" + ReadExpr(p.Type, false) + ") is { } value" + i + ") " + target + " = value" + i + ";");
                return;
            }
            if (p.Alternates.Count == 0)
            {
                w.Line(target + " = " + ReadExpr(p.Type, false) + ";");
                return;
            }
            w.Open("switch (reader.TokenType)");
            var used = new HashSet<string>();
            for (int k = 0; k < p.Alternates.Count; k++)
            {
                var alt = p.Alternates[k];
                foreach (var token in TokenTypes(alt.Type))
                {
                    if (!used.Add(token)) continue;
                    w.Line("case " + Json + ".JsonTokenType." + token + ":");
                }
                w.Line("    " + (discard ? "_" : "l" + i + "_" + k) + " = " + ReadExpr(alt.Type, false) + ";");
                w.Line("    break;");
            }
            w.Line("default:");
            w.Line("    " + target + " = " + ReadExpr(p.Type, NonNullableValue(p)) + ";");
            w.Line("    break;");
            w.Close();
        }

        /// <summary>A statement that registers, before a slot is first created, how to undo its creation if the event turns out malformed.</summary>
        private static string UndoCreation(AccumulatorSpec a, string slot) =>
            "if (" + slot + " is null) context.OnRollback(this, static target => ((" + a.Name + ")target)." + slot + " = null);";

        /// <summary>Modes that fold the member as it is read (no local holds its value).</summary>
        private static bool IsImmediate(FoldMode mode) => mode is FoldMode.Text or FoldMode.Merge or FoldMode.MergeByKey;

        private static string LocalType(PropertySpec p) => NonNullableValue(p) ? p.Type.CSharp : p.Type.CSharp + "?";

        private static PropertySpec? OwnerOf(List<PropertySpec> props, string clrName)
        {
            foreach (var p in props)
            {
                if (p.ClrName == clrName) return p;
                foreach (var alt in p.Alternates) if (alt.ClrName == clrName) return p;
            }
            return null;
        }

        /// <summary>The source member a fold's source expression starts from (<c>XGroq</c> in <c>XGroq?.Usage</c>).</summary>
        private static string RootName(string clrPath)
        {
            int end = clrPath.IndexOfAny(new[] { '?', '.' });
            return end < 0 ? clrPath : clrPath.Substring(0, end);
        }

        private static string ShortName(string typeName) =>
            typeName.StartsWith("global::", System.StringComparison.Ordinal) ? typeName.Substring(typeName.LastIndexOf('.') + 1) : typeName;

        /// <summary>The JSON name of an element type's key property.</summary>
        private static string KeyJsonName(TypeRef element, string keyClr, Dictionary<string, TypeSpec> byName)
        {
            if (element.Name is { } name && byName.TryGetValue(ShortName(name), out var t))
            {
                foreach (var p in t.Properties) if (p.ClrName == keyClr) return p.JsonName;
            }
            throw SourceWriter.Bug("no key property " + keyClr + " on " + element.Name);
        }
    }
}
