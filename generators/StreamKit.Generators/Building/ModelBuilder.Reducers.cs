using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Json;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Building
{
    /// <summary>
    /// Builds reducers from the root <c>x-streamkit-reducer</c> declaration and the per-property
    /// <c>x-streamkit-reduce</c> annotations (vocabulary: schemas/README.md).
    /// </summary>
    internal sealed partial class ModelBuilder
    {
        private readonly List<AccumulatorSpec> _accumulators = new List<AccumulatorSpec>();
        private readonly Dictionary<string, string> _accumulatorByPair = new Dictionary<string, string>();
        private readonly List<PartTextSpec> _partTexts = new List<PartTextSpec>();

        /// <summary>The root <c>x-streamkit-reducer</c> declarations (one object or an array of them) of the given kind.</summary>
        private IEnumerable<JsonNode> ReducerDeclarations(bool events)
        {
            var decl = _root.Get("x-streamkit-reducer");
            if (decl is null) yield break;
            foreach (var d in decl.Kind == JsonKind.Array ? decl.Items : new[] { decl })
            {
                if ((d.GetString("kind") == "events") == events) yield return d;
            }
        }

        private List<ReducerSpec> BuildReducers()
        {
            var result = new List<ReducerSpec>();
            foreach (var d in ReducerDeclarations(events: false))
            {
                _accumulators.Clear();
                _accumulatorByPair.Clear();
                _partTexts.Clear();
                string? name = d.GetString("name");
                var from = ObjectTypeOf(d.GetString("from"));
                var into = ObjectTypeOf(d.GetString("into"));
                if (name is null || from is null || into is null)
                {
                    Report(StreamKitGenerator.Descriptors.InvalidReducer, d,
                        "it needs 'name', and 'from' and 'into' pointing at object definitions (\"#/$defs/...\")");
                    continue;
                }
                string root = AccumulatorFor(from, into);
                result.Add(new ReducerSpec(name, from.Name, into.Name, root, _accumulators.ToEquatable(), _partTexts.ToEquatable()));
            }
            return result;
        }

        private TypeBuilder? ObjectTypeOf(string? pointer)
        {
            string? key = pointer is null ? null : DefKey(pointer);
            if (key is null || !_defs.ContainsKey(key)) return null;
            var r = ResolveDef(key);
            return r.Type.Kind == RefKind.Object && _typesByName.TryGetValue(r.Type.Name!, out var t) ? t : null;
        }

        private sealed class ReduceAnnotation
        {
            public string? Op;
            public bool Explicit;
            public string? Into;
            public string Key = "index";
            public string? UnlessPresent;
            public JsonNode? Parts;
            public string? Select;
            public string? ThinkTags;
            public JsonNode? Node;
        }

        /// <summary>A property may carry one annotation or an array of them (one fold each).</summary>
        private static List<ReduceAnnotation> ReadAnnotations(JsonNode propertyNode)
        {
            var n = propertyNode.Get("x-streamkit-reduce");
            var list = new List<ReduceAnnotation>();
            if (n is { Kind: JsonKind.Array })
            {
                foreach (var item in n.Items) list.Add(ReadAnnotation(item));
            }
            else
            {
                list.Add(ReadAnnotation(n));
            }
            return list;
        }

        private static ReduceAnnotation ReadAnnotation(JsonNode? n)
        {
            var a = new ReduceAnnotation();
            a.Node = n;
            if (n is { Kind: JsonKind.String }) { a.Op = n.Text; a.Explicit = true; }
            else if (n is { IsObject: true })
            {
                a.Op = n.GetString("op");
                a.Explicit = true;
                a.Into = n.GetString("into");
                a.Key = n.GetString("key") ?? "index";
                a.UnlessPresent = n.GetString("unlessPresent");
                a.Parts = n.Get("parts");
                a.Select = n.GetString("select");
                a.ThinkTags = n.GetString("thinkTags");
            }
            return a;
        }

        /// <summary>Returns the accumulator name for folding <paramref name="source"/> into <paramref name="target"/>, building it once.</summary>
        private string AccumulatorFor(TypeBuilder source, TypeBuilder target)
        {
            string pair = source.Name + "->" + target.Name;
            if (_accumulatorByPair.TryGetValue(pair, out var existing)) return existing;
            string name = target.Name + "Accumulator";
            int n = 2;
            while (_accumulators.Exists(a => a.Name == name) || _accumulatorByPair.ContainsValue(name)) name = target.Name + "Accumulator" + n++;
            _accumulatorByPair[pair] = name;

            var slots = new List<SlotSpec>();
            var folds = new List<FoldSpec>();
            foreach (var sp in source.Properties)
            {
                foreach (var annotation in ReadAnnotations(sp.Node))
                {
                    var fold = BuildFold(source, target, sp, annotation, slots);
                    if (fold is not null) folds.Add(fold);
                }
            }
            _accumulators.Add(new AccumulatorSpec(name, source.Name, target.Name, slots.ToEquatable(), folds.ToEquatable()));
            return name;
        }

        private FoldSpec? BuildFold(TypeBuilder source, TypeBuilder target, PropertyDraft sp, ReduceAnnotation a, List<SlotSpec> slots)
        {
            var at = a.Node ?? sp.Node;
            string where = source.Name + "." + sp.Spec.JsonName;
            if (a.Op == "ignore") return null;
            if (a.Op is not null && a.Op != "append" && a.Op != "first" && a.Op != "last" && a.Op != "merge" && a.Op != "merge-by-key")
            {
                Report(StreamKitGenerator.Descriptors.UnknownReduceOp, at, a.Op, where);
                return null;
            }

            var s = sp.Spec;
            if (a.Select is not null)
            {
                // "select": fold a member of this object-typed property (Groq's x_groq.usage).
                var owner = s.Type.Kind == RefKind.Object ? _typesByName[s.Type.Name!] : null;
                var member = owner?.FindProperty(a.Select);
                if (member is null)
                {
                    Report(StreamKitGenerator.Descriptors.ReduceTargetMissing, at, where, a.Select, owner?.Name ?? s.Type.CSharp);
                    return null;
                }
                s = member.Spec with { ClrName = s.ClrName + "?." + member.Spec.ClrName, Nullable = true, Required = false };
                where += "." + a.Select;
            }
            bool sourceNullable = IsDeclaredNullable(s);
            string? unless = null;
            if (a.UnlessPresent is not null)
            {
                var other = source.FindProperty(a.UnlessPresent);
                if (other is null)
                {
                    Report(StreamKitGenerator.Descriptors.ReduceTargetMissing, at, where, a.UnlessPresent, source.Name);
                    return null;
                }
                unless = other.Spec.ClrName;
            }

            var tp = target.FindProperty(a.Into ?? s.JsonName);
            if (tp is null)
            {
                if (a.Into is not null || (a.Op is not null && a.Op != "first" && a.Op != "last"))
                {
                    Report(StreamKitGenerator.Descriptors.ReduceTargetMissing, at, where, a.Into ?? s.JsonName, target.Name);
                    return null;
                }
                // Not declared by the target: carried into its ExtensionData (last value wins), never dropped.
                string extField = "_ext_" + Naming.Camel(s.ClrName).TrimStart('@');
                slots.Add(new SlotSpec(extField, s.JsonName, SlotKind.Value, s.Type, null) { IsExtension = true });
                return new FoldSpec(s.ClrName, s.Type, sourceNullable, a.Op == "first" ? FoldOp.First : FoldOp.Last, extField, Conversion.None, unless, null, null);
            }

            var t = tp.Spec;
            string op = a.Op ?? DefaultOp(s.Type, t.Type);
            string field = "_" + Naming.Camel(t.ClrName).TrimStart('@');

            switch (op)
            {
                case "append":
                    if (IsText(s.Type) && IsText(t.Type))
                    {
                        if (!ClaimSlot(slots, field, t, SlotKind.Text, t.Type, null, at, where)) return null;
                        var parts = BuildParts(source, target, s, field, a, slots, at, where);
                        if (a.ThinkTags is not null && !BindThinkTags(target, slots, field, a.ThinkTags, at, where)) return null;
                        return new FoldSpec(s.ClrName, s.Type, sourceNullable, FoldOp.Append, field, s.Type.Kind == RefKind.Enum ? Conversion.ToText : Conversion.None, unless, null, parts);
                    }
                    if (s.Type.Kind == RefKind.Array && t.Type.Kind == RefKind.Array && s.Type.Element == t.Type.Element)
                    {
                        if (!ClaimSlot(slots, field, t, SlotKind.List, t.Type.Element!, null, at, where)) return null;
                        return new FoldSpec(s.ClrName, s.Type, sourceNullable, FoldOp.Append, field, Conversion.None, unless, null, null);
                    }
                    Report(StreamKitGenerator.Descriptors.ReduceOpNotApplicable, at, op, where, s.Type.CSharp, "append needs text into text, or an array into an array of the same element type");
                    return null;

                case "first":
                case "last":
                    var conversion = ConversionOf(s.Type, t.Type);
                    if (conversion is null)
                    {
                        Report(StreamKitGenerator.Descriptors.ReduceTypeMismatch, at, where, s.Type.CSharp, target.Name + "." + t.JsonName, t.Type.CSharp);
                        return null;
                    }
                    if (!ClaimSlot(slots, field, t, SlotKind.Value, t.Type, null, at, where)) return null;
                    return new FoldSpec(s.ClrName, s.Type, sourceNullable, op == "first" ? FoldOp.First : FoldOp.Last, field, conversion.Value, unless, null, null);

                case "merge":
                    if (s.Type.Kind != RefKind.Object || t.Type.Kind != RefKind.Object)
                    {
                        Report(StreamKitGenerator.Descriptors.ReduceOpNotApplicable, at, op, where, s.Type.CSharp, "merge needs an object on both sides");
                        return null;
                    }
                    if (!ClaimSlot(slots, field, t, SlotKind.Nested, t.Type, "pending", at, where)) return null;
                    string acc = AccumulatorFor(_typesByName[s.Type.Name!], _typesByName[t.Type.Name!]);
                    SetAccumulator(slots, field, acc);
                    return new FoldSpec(s.ClrName, s.Type, sourceNullable, FoldOp.Merge, field, Conversion.None, unless, null, null);

                default: // merge-by-key
                    if (s.Type.Kind != RefKind.Array || s.Type.Element!.Kind != RefKind.Object || t.Type.Kind != RefKind.Array || t.Type.Element!.Kind != RefKind.Object)
                    {
                        Report(StreamKitGenerator.Descriptors.ReduceOpNotApplicable, at, op, where, s.Type.CSharp, "merge-by-key needs an array of objects on both sides");
                        return null;
                    }
                    var element = _typesByName[s.Type.Element.Name!];
                    var keyProp = element.FindProperty(a.Key);
                    if (keyProp is null || keyProp.Spec.Type.Kind != RefKind.Integer)
                    {
                        Report(StreamKitGenerator.Descriptors.BadReduceKey, at, where, a.Key, element.Name);
                        return null;
                    }
                    if (!ClaimSlot(slots, field, t, SlotKind.Keyed, t.Type.Element, "pending", at, where)) return null;
                    string keyed = AccumulatorFor(element, _typesByName[t.Type.Element.Name!]);
                    SetAccumulator(slots, field, keyed);
                    return new FoldSpec(s.ClrName, s.Type, sourceNullable, FoldOp.MergeByKey, field, Conversion.None, unless,
                        IsDeclaredNullable(keyProp.Spec) ? keyProp.Spec.ClrName + "?" : keyProp.Spec.ClrName, null);
            }
        }

        /// <summary>
        /// "thinkTags": text that opens with <c>&lt;think&gt;</c> (DeepSeek-R1 through routers) is split at snapshot time:
        /// the thinking goes to the named property, the rest stays. Done on the whole text, so tags split across deltas work.
        /// </summary>
        private bool BindThinkTags(TypeBuilder target, List<SlotSpec> slots, string field, string into, JsonNode at, string where)
        {
            var tp = target.FindProperty(into);
            if (tp is null || tp.Spec.Type.Kind != RefKind.String)
            {
                Report(StreamKitGenerator.Descriptors.ReduceTargetMissing, at, where + " thinkTags", into, target.Name);
                return false;
            }
            int i = slots.FindIndex(x => x.Field == field);
            slots[i] = slots[i] with { ThinkTagsInto = tp.Spec.ClrName };
            return true;
        }

        private static string DefaultOp(TypeRef source, TypeRef target)
        {
            if (source.Kind == RefKind.Object && target.Kind == RefKind.Object && source != target) return "merge";
            return "last";
        }

        private static bool IsText(TypeRef t) => t.Kind == RefKind.String || t.Kind == RefKind.Enum;

        /// <summary>Whether the generated C# property is nullable (reference types always; value types when optional or nullable).</summary>
        internal static bool IsDeclaredNullable(PropertySpec p) =>
            !p.Type.IsValueType || p.Type.Kind == RefKind.Any || !p.Required || p.Nullable;

        private static Conversion? ConversionOf(TypeRef s, TypeRef t)
        {
            if (s == t) return Conversion.None;
            if (IsText(s) && t.Kind == RefKind.String) return Conversion.ToText;
            if (IsText(s) && t.Kind == RefKind.Enum) return Conversion.ToEnum;
            if (s.Kind == RefKind.Integer && t.Kind == RefKind.Number) return Conversion.ToNumber;
            return null;
        }

        private bool ClaimSlot(List<SlotSpec> slots, string field, PropertySpec target, SlotKind kind, TypeRef type, string? acc, JsonNode at, string where)
        {
            foreach (var existing in slots)
            {
                if (existing.Field != field) continue;
                if (existing.Kind == kind) return true;
                Report(StreamKitGenerator.Descriptors.ReduceOpNotApplicable, at, kind.ToString(), where, target.Type.CSharp,
                    "the target '" + target.JsonName + "' is already fed as " + existing.Kind);
                return false;
            }
            slots.Add(new SlotSpec(field, target.ClrName, kind, type, acc));
            return true;
        }

        private static void SetAccumulator(List<SlotSpec> slots, string field, string acc)
        {
            int i = slots.FindIndex(x => x.Field == field);
            slots[i] = slots[i] with { Accumulator = acc };
        }

        /// <summary>
        /// For a text property with an array-of-parts alternate (Mistral <c>content</c>), routes each part's text by
        /// its <c>type</c>: <c>"parts": {"thinking": "reasoning_content"}</c>; unlisted types go to the property's own target.
        /// </summary>
        private AlternatePartsSpec? BuildParts(TypeBuilder source, TypeBuilder target, PropertySpec s, string defaultSlot, ReduceAnnotation a, List<SlotSpec> slots, JsonNode at, string where)
        {
            AlternateSpec? alt = null;
            foreach (var x in s.Alternates)
            {
                if (x.Type.Kind == RefKind.Array && x.Type.Element!.Kind == RefKind.Object) { alt = x; break; }
            }
            if (alt is null) return null;
            var partType = _typesByName[alt.Type.Element!.Name!];
            var tag = partType.FindProperty("type");
            var text = partType.FindProperty("text");
            if (tag is null || text is null || !IsText(tag.Spec.Type) || text.Spec.Type.Kind != RefKind.String)
            {
                if (a.Parts is not null)
                    Report(StreamKitGenerator.Descriptors.ReduceOpNotApplicable, at, "append", where, alt.Type.CSharp, "content parts need a 'type' and a 'text' string property");
                return null;
            }
            string tagExpression = tag.Spec.ClrName + (tag.Spec.Type.Kind == RefKind.Enum ? (IsDeclaredNullable(tag.Spec) ? "?.Value" : ".Value") : "");
            if (!_partTexts.Exists(p => p.TypeName == partType.Name))
            {
                var nested = new List<string>();
                foreach (var p in partType.Properties)
                {
                    if (p.Spec.Type.Kind == RefKind.Array && p.Spec.Type.Element == new TypeRef(RefKind.Object, partType.Name)) nested.Add(p.Spec.ClrName);
                }
                _partTexts.Add(new PartTextSpec(partType.Name, tagExpression, text.Spec.ClrName, nested.ToEquatable()));
            }
            var routes = new List<PartRoute>();
            if (a.Parts is { IsObject: true })
            {
                foreach (var m in a.Parts.Members)
                {
                    if (m.Value.Kind != JsonKind.String) continue;
                    var tp = target.FindProperty(m.Value.Text!);
                    if (tp is null || tp.Spec.Type.Kind != RefKind.String)
                    {
                        Report(StreamKitGenerator.Descriptors.ReduceTargetMissing, m.Value, where + " part '" + m.Key + "'", m.Value.Text!, target.Name);
                        continue;
                    }
                    string field = "_" + Naming.Camel(tp.Spec.ClrName).TrimStart('@');
                    if (!ClaimSlot(slots, field, tp.Spec, SlotKind.Text, tp.Spec.Type, null, m.Value, where)) continue;
                    routes.Add(new PartRoute(m.Key, field));
                }
            }
            return new AlternatePartsSpec(alt.ClrName, partType.Name, tagExpression, defaultSlot, routes.ToEquatable());
        }
    }
}
