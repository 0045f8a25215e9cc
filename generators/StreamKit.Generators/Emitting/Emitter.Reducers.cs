using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Reducers: a public class implementing IStreamReducer plus one private accumulator per
    /// (source object, target object) pair. Text is appended to StringBuilders (O(total length));
    /// keyed arrays live in SortedDictionary by key; Snapshot() builds a fresh target at any moment.
    /// </summary>
    internal static partial class Emitter
    {
        private const string Sb = "global::System.Text.StringBuilder";

        private static void EmitReducer(SourceWriter w, StreamSpec spec, ReducerSpec r, Dictionary<string, TypeSpec> byName)
        {
            w.Doc("Folds " + r.SourceType + " items into a " + r.TargetType + ", following the schema's x-streamkit-reduce annotations.\n" +
                  "Apply each item in arrival order; Snapshot() returns the state so far at any moment (a new object each call).\n" +
                  "Not thread-safe: one reducer per stream.");
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " sealed partial class " + r.Name + " : global::StreamKit.Reduction.IStreamReducer<" + r.SourceType + ", " + r.TargetType + ">");
            w.Line("private " + r.RootAccumulator + " _root = new " + r.RootAccumulator + "();");
            w.Line("// Bumped by every Apply, ApplyJson and Reset: a reduce-only replay template is only good for the version it was kept at.");
            w.Line("private int _version;");
            w.Line();
            w.Line("/// <summary>How many items have been applied.</summary>");
            w.Line("public int Count { get; private set; }");
            w.Line();
            w.Line("/// <summary>Folds one item into the state.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"item\"/> is null.</exception>");
            w.Open("public void Apply(" + r.SourceType + " item)");
            w.Line("if (item is null) throw new global::System.ArgumentNullException(nameof(item));");
            w.Line("_version++;");
            w.Line("_root.Apply(item);");
            w.Line("Count++;");
            w.Close();
            w.Line();
            w.Line("/// <summary>The folded result so far, as a new object that later Apply calls do not change.</summary>");
            w.Line("public " + r.TargetType + " Snapshot() => _root.Build();");
            w.Line();
            w.Line("/// <summary>Forgets everything applied so far.</summary>");
            w.Open("public void Reset()");
            w.Line("_root = new " + r.RootAccumulator + "();");
            w.Line("Count = 0;");
            w.Line("_version++;");
            w.Close();
            EmitReducerApplyJson(w, r);

            foreach (var p in r.PartTexts) EmitPartText(w, p);
            foreach (var a in r.Accumulators) EmitAccumulator(w, a, byName, isRoot: a.Name == r.RootAccumulator);
            w.Close();
        }

        private static void EmitPartText(SourceWriter w, PartTextSpec p)
        {
            w.Line();
            w.Open("private static void AppendText(ref " + Sb + "? sb, " + TypeRef.Q(p.TypeName) + "? part)");
            w.Line("if (part is null) return;");
            w.Line("if (part." + p.TextClrName + " is { } text) (sb ??= new " + Sb + "()).Append(text);");
            foreach (var nested in p.NestedListClrNames)
            {
                w.Line("if (part." + nested + " is { } nested) foreach (var child in nested) AppendText(ref sb, child);");
            }
            w.Close();
        }

        private static void EmitAccumulator(SourceWriter w, AccumulatorSpec a, Dictionary<string, TypeSpec> byName, bool isRoot)
        {
            w.Line();
            w.Open("private sealed class " + a.Name);
            var firstFlags = new HashSet<string>();
            foreach (var f in a.Folds) if (f.Op == FoldOp.First) firstFlags.Add(f.Slot);
            foreach (var s in a.Slots)
            {
                w.Line("private " + SlotFieldType(s) + " " + s.Field + ";");
                if (firstFlags.Contains(s.Field)) w.Line("private bool " + s.Field + "Set;");
            }
            // Unknown members fold by the rule in ExtensionFold (schemas/README.md): never over a declared or reduced member.
            w.Line("private global::StreamKit.Reduction.ExtensionFold? _extensions;");
            w.Line("private static readonly string[] DeclaredNames = { " + string.Join(", ", DeclaredJsonNames(a.TargetType, byName)) + " };");
            w.Line();
            w.Open("public void Apply(" + TypeRef.Q(a.SourceType) + " source)");
            int foldIndex = 0;
            foreach (var f in a.Folds) EmitFold(w, a, f, foldIndex++, TypedSource, partsOnly: false);
            w.Line("if (source.ExtensionData is { } ext) (_extensions ??= new global::StreamKit.Reduction.ExtensionFold()).Apply(ext, concatenateStrings: " + (isRoot ? "false" : "true") + ");");
            w.Close();
            w.Line();
            w.Open("public " + TypeRef.Q(a.TargetType) + " Build()");
            w.Line("var target = new " + TypeRef.Q(a.TargetType) + "();");
            w.Line("if (_extensions is { } fold) target.ExtensionData = fold.Build(DeclaredNames);");
            int n = 0;
            foreach (var s in a.Slots) EmitBuildSlot(w, s, byName, ref n);
            foreach (var s in a.Slots)
            {
                if (s.ThinkTagsInto is null) continue;
                w.Open("if (target." + s.TargetClrName + " is { } withTags && global::StreamKit.Reduction.ThinkTags.TrySplit(withTags, out var thinking, out var answer))");
                w.Line("target." + s.TargetClrName + " = answer;");
                w.Line("target." + s.ThinkTagsInto + " = target." + s.ThinkTagsInto + " is { } earlier ? earlier + thinking : thinking;");
                w.Close();
            }
            w.Line("return target;");
            w.Close();
            EmitApplyJson(w, a, byName, isRoot);
            w.Close();
        }

        /// <summary>The JSON names the target type declares, as C# literals (none when the type is unknown).</summary>
        private static IEnumerable<string> DeclaredJsonNames(string targetType, Dictionary<string, TypeSpec> byName)
        {
            string key = targetType.StartsWith("global::", System.StringComparison.Ordinal) ? targetType.Substring(targetType.LastIndexOf('.') + 1) : targetType;
            if (!byName.TryGetValue(key, out var t)) yield break;
            foreach (var p in t.Properties) yield return SourceWriter.Literal(p.JsonName);
        }

        private static string SlotFieldType(SlotSpec s) => s.Kind switch
        {
            SlotKind.Text => Sb + "?",
            SlotKind.List => "global::System.Collections.Generic.List<" + s.TargetType.CSharp + ">?",
            SlotKind.Nested => s.Accumulator + "?",
            SlotKind.Keyed => "global::System.Collections.Generic.SortedDictionary<long, " + s.Accumulator + ">?",
            _ => s.TargetType.CSharp + "?",
        };

        /// <summary>Where a fold finds its source values: the typed item's properties (Apply), or locals of the reduce-only pass (ApplyJson).</summary>
        private sealed class FoldSource
        {
            public FoldSource(System.Func<string, string> value, System.Func<string, string> isNull, bool reportsText = false, System.Func<string, string?>? hole = null)
            {
                Value = value;
                IsNull = isNull;
                ReportsText = reportsText;
                Hole = hole ?? (_ => null);
            }

            /// <summary>The replay-hole handle of a source property read into a local (FoldContext.TextHole), or null.</summary>
            public System.Func<string, string?> Hole { get; }

            /// <summary>Text appends are reported to the reduce-only pass's <c>context</c> (counted, and undone on a malformed event).</summary>
            public bool ReportsText { get; }

            /// <summary>The expression for a source property, by CLR name.</summary>
            public System.Func<string, string> Value { get; }

            /// <summary>A condition: the source property, by CLR name, is null (absent).</summary>
            public System.Func<string, string> IsNull { get; }
        }

        private static readonly FoldSource TypedSource = new FoldSource(n => "source." + n, n => "source." + n + " is null");

        /// <summary>Emits one fold; with <paramref name="partsOnly"/>, only the content-parts routing of a text fold (the reduce-only pass appends the string itself as it reads it).</summary>
        private static void EmitFold(SourceWriter w, AccumulatorSpec a, FoldSpec f, int index, FoldSource source, bool partsOnly)
        {
            // Pattern variables leak into the method scope, so each fold gets its own name.
            string src = source.Value(f.SourceClrName);
            string guard = f.UnlessPresentClrName is null ? "" : source.IsNull(f.UnlessPresentClrName) + " && ";
            string v = f.SourceNullable ? "v" + index : src;
            string bind = f.SourceNullable ? src + " is { } " + v : "true";
            switch (f.Op)
            {
                case FoldOp.Append when f.Conversion == Conversion.ToText || f.SourceType.Kind == RefKind.String:
                    string appended = v + (f.Conversion == Conversion.ToText ? ".Value" : "");
                    if (partsOnly) { }
                    else if (source.ReportsText)
                        w.Line("if (" + guard + bind + ") { var sb" + index + " = " + f.Slot + " ??= new " + Sb + "(); int before" + index + " = sb" + index + ".Length; sb" + index + ".Append(" + appended + "); context.Appended(sb" + index + ", before" + index + ", sb" + index + ".Length - before" + index + ");" +
                               (f.Conversion == Conversion.None && source.Hole(f.SourceClrName) is { } hole ? " context.BindHole(" + hole + ", sb" + index + ");" : "") + " }");
                    else w.Line("if (" + guard + bind + ") (" + f.Slot + " ??= new " + Sb + "()).Append(" + appended + ");");
                    if (f.Parts is { } parts)
                    {
                        w.Open("if (" + guard + source.Value(parts.AlternateClrName) + " is { } parts" + index + ")");
                        if (source.ReportsText) w.Line("context.NotReplayable();");
                        if (partsOnly) w.Line("if (parts" + index + ".Count != 0) context.MarkContent();");
                        w.Open("foreach (var part in parts" + index + ")");
                        w.Line("if (part is null) continue;");
                        var tagExpr = parts.TagExpression;
                        if (parts.Routes.Count == 0)
                        {
                            w.Line("AppendText(ref " + parts.DefaultSlot + ", part);");
                        }
                        else
                        {
                            w.Open("switch (part." + tagExpr + ")");
                            foreach (var route in parts.Routes)
                            {
                                w.Line("case " + SourceWriter.Literal(route.Tag) + ": AppendText(ref " + route.Slot + ", part); break;");
                            }
                            w.Line("default: AppendText(ref " + parts.DefaultSlot + ", part); break;");
                            w.Close();
                        }
                        w.Close();
                        w.Close();
                    }
                    break;
                case FoldOp.Append:
                    w.Line("if (" + guard + bind + ") { (" + f.Slot + " ??= new global::System.Collections.Generic.List<" + f.SourceType.Element!.CSharp + ">()).AddRange(" + v + ");" + NotReplayable(source) + " }");
                    break;
                case FoldOp.First:
                    string nonEmpty = f.SourceType.Kind == RefKind.String ? " && " + v + ".Length != 0"
                        : f.SourceType.Kind is RefKind.Integer or RefKind.Number ? " && " + v + " != 0" : "";
                    w.Line("if (!" + f.Slot + "Set && " + guard + bind + nonEmpty + ") { " + f.Slot + " = " + Convert(a, f, v) + "; " + f.Slot + "Set = true; }");
                    break;
                case FoldOp.Last:
                    w.Line("if (" + guard + bind + ") " + f.Slot + " = " + Convert(a, f, v) + ";");
                    break;
                case FoldOp.Merge:
                    w.Line("if (" + guard + bind + ") { (" + f.Slot + " ??= new " + AccumulatorOf(a, f.Slot) + "()).Apply(" + v + ");" + NotReplayable(source) + " }");
                    break;
                case FoldOp.MergeByKey:
                    string keyClr = f.KeyClrName!.TrimEnd('?');
                    bool keyNullable = f.KeyClrName!.EndsWith("?");
                    string acc = AccumulatorOf(a, f.Slot);
                    w.Open("if (" + guard + bind + ")");
                    if (source.ReportsText) w.Line("context.NotReplayable();");
                    w.Open("for (int i = 0; i < " + v + ".Count; i++)");
                    w.Line("var element = " + v + "[i];");
                    w.Line("if (element is null) continue;");
                    w.Line("// A missing key (Mistral sends none) falls back to the element's position in this item.");
                    w.Line("long key = " + (keyNullable ? "element." + keyClr + " ?? i" : "element." + keyClr) + ";");
                    w.Line("var map = " + f.Slot + " ??= new global::System.Collections.Generic.SortedDictionary<long, " + acc + ">();");
                    w.Line("if (!map.TryGetValue(key, out var slot)) map[key] = slot = new " + acc + "();");
                    w.Line("slot.Apply(element);");
                    w.Close();
                    w.Close();
                    break;
            }
        }

        private static string AccumulatorOf(AccumulatorSpec a, string field) => SlotOf(a, field).Accumulator!;

        /// <summary>
        /// In the reduce-only pass, a fold a replay would not repeat (items appended, a typed value merged) marks the
        /// event: it cannot be a replay template (FoldContext.TryReplay).
        /// </summary>
        private static string NotReplayable(FoldSource source) => source.ReportsText ? " context.NotReplayable();" : "";

        private static string Convert(AccumulatorSpec a, FoldSpec f, string v) => f.Conversion switch
        {
            Conversion.ToText => f.SourceType.Kind == RefKind.Enum ? v + ".Value" : v,
            Conversion.ToEnum => "new " + TypeRef.Q(SlotOf(a, f.Slot).TargetType.Name!) + "(" + (f.SourceType.Kind == RefKind.Enum ? v + ".Value" : v) + ")",
            Conversion.ToNumber => "(double)" + v,
            _ => v,
        };

        private static SlotSpec SlotOf(AccumulatorSpec a, string field)
        {
            foreach (var s in a.Slots) if (s.Field == field) return s;
            throw SourceWriter.Bug("no slot " + field);
        }

        private static void EmitBuildSlot(SourceWriter w, SlotSpec s, Dictionary<string, TypeSpec> byName, ref int n)
        {
            string v = "s" + n++;
            if (s.IsExtension)
            {
                int m = n;
                string write = WriteStatement(s.TargetType, "value", ref m);
                n = m;
                w.Line("if (" + s.Field + " is { } " + v + ") (target.ExtensionData ??= new global::System.Collections.Generic.Dictionary<string, " + Json + ".JsonElement>())[" +
                       SourceWriter.Literal(s.TargetClrName) + "] = " + Helpers + ".ToElement(" + v + ", static (writer, value) => { " + write + " });");
                return;
            }
            switch (s.Kind)
            {
                case SlotKind.Text:
                    string text = v + ".ToString()";
                    w.Line("if (" + s.Field + " is { } " + v + ") target." + s.TargetClrName + " = " + (s.TargetType.Kind == RefKind.Enum ? "new " + TypeRef.Q(s.TargetType.Name!) + "(" + text + ")" : text) + ";");
                    break;
                case SlotKind.List:
                    // A snapshot shares nothing mutable with the state (later folds and the caller's edits stay apart).
                    w.Line("if (" + s.Field + " is { } " + v + ") target." + s.TargetClrName + " = " + (IsShared(s.TargetType)
                        ? "new global::System.Collections.Generic.List<" + s.TargetType.CSharp + ">(" + v + ")"
                        : Helpers + ".CloneList(" + v + ", " + ElementCloner(s.TargetType, ref n) + ")") + ";");
                    break;
                case SlotKind.Nested:
                    w.Line("if (" + s.Field + " is { } " + v + ") target." + s.TargetClrName + " = " + v + ".Build();");
                    break;
                case SlotKind.Keyed:
                    // Never empty on the typed path; the reduce-only pass can leave an empty map after undoing a malformed event.
                    w.Open("if (" + s.Field + " is { Count: > 0 } " + v + ")");
                    w.Line("var list = new global::System.Collections.Generic.List<" + s.TargetType.CSharp + ">(" + v + ".Count);");
                    w.Line("foreach (var entry in " + v + ".Values) list.Add(entry.Build());");
                    w.Line("target." + s.TargetClrName + " = list;");
                    w.Close();
                    break;
                default:
                    w.Line("if (" + s.Field + " is { } " + v + ") target." + s.TargetClrName + " = " + (IsShared(s.TargetType) ? v : CloneOf(s.TargetType, v, ref n)) + ";");
                    break;
            }
        }
    }
}
