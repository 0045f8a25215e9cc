using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Json;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Building
{
    /// <summary>
    /// Builds event reducers: <c>"x-streamkit-reducer": {"kind": "events", "from": union, "into": object}</c> plus an
    /// <c>x-streamkit-event</c> list of operations on each event type (vocabulary: schemas/README.md).
    /// </summary>
    internal sealed partial class ModelBuilder
    {
        private List<EventReducerSpec> BuildEventReducers()
        {
            var result = new List<EventReducerSpec>();
            foreach (var d in ReducerDeclarations(events: true))
            {
                string? name = d.GetString("name");
                string? fromKey = d.GetString("from") is string f ? DefKey(f) : null;
                var union = fromKey is not null && _defs.ContainsKey(fromKey) && ResolveDef(fromKey).Type is { Kind: RefKind.Union } u ? _typesByName[u.Name!] : null;
                var into = ObjectTypeOf(d.GetString("into"));
                if (name is null || union is null || into is null)
                {
                    Report(StreamKitGenerator.Descriptors.InvalidReducer, d,
                        "an events reducer needs 'name', 'from' pointing at a discriminated union and 'into' pointing at an object");
                    continue;
                }
                string? sequence = d.GetString("sequence");
                var paths = new List<string>();
                var cases = new List<EventCaseSpec>();
                var done = new HashSet<string>();
                foreach (var c in union.Cases)
                {
                    if (!done.Add(c.TypeName)) continue;
                    var evt = _typesByName[c.TypeName];
                    string? seqClr = sequence is null ? null : evt.FindProperty(sequence)?.Spec.ClrName;
                    var ops = new List<EventOpSpec>();
                    if (evt.Node?.Get("x-streamkit-event") is { Kind: JsonKind.Array } list)
                    {
                        int n = 0;
                        foreach (var opNode in list.Items)
                        {
                            var op = BuildEventOp(evt, into, opNode, n++, paths);
                            if (op is not null) ops.Add(op);
                        }
                    }
                    cases.Add(new EventCaseSpec(evt.Name, seqClr, ops.ToEquatable()));
                }
                result.Add(new EventReducerSpec(name, union.Name, into.Name, sequence, paths.ToEquatable(), cases.ToEquatable()));
            }
            return result;
        }

        private EventOpSpec? BuildEventOp(TypeBuilder evt, TypeBuilder target, JsonNode opNode, int number, List<string> paths)
        {
            string which = "#" + number;
            string? op = opNode.GetString("op");
            EventOpKind kind;
            switch (op)
            {
                case "snapshot": kind = EventOpKind.Snapshot; break;
                case "set": kind = EventOpKind.Set; break;
                case "append": kind = EventOpKind.Append; break;
                case "error": kind = EventOpKind.Error; break;
                default:
                    Report(StreamKitGenerator.Descriptors.BadEventOperation, opNode, which, evt.Name, "'op' must be snapshot, set, append or error, not '" + op + "'");
                    return null;
            }
            if (kind == EventOpKind.Error) return new EventOpSpec(kind, -1, ImmutableEquatableArray<string>.Empty, "e", new TypeRef(RefKind.Object, evt.Name), null, null);

            string? constant = opNode.GetString("const");
            string? valueName = opNode.GetString("value");
            string? valueExpr = null;
            TypeRef? valueType = null;
            if (constant is null)
            {
                if (valueName is null || !TryResolveEventValue(evt, valueName, out valueExpr, out valueType))
                {
                    Report(StreamKitGenerator.Descriptors.BadEventOperation, opNode, which, evt.Name, "'value' must name a member of the event (dotted for nested members), not '" + valueName + "'");
                    return null;
                }
            }
            if (kind == EventOpKind.Snapshot)
            {
                return new EventOpSpec(kind, -1, ImmutableEquatableArray<string>.Empty, valueExpr, valueType, null, opNode.GetString("terminal"));
            }

            string? path = opNode.GetString("path");
            var indices = new List<string>();
            string problem = "";
            if (path is null || !TryResolveEventPath(evt, target, path, indices, out problem))
            {
                Report(StreamKitGenerator.Descriptors.BadEventOperation, opNode, which, evt.Name, path is null ? "'path' is required" : problem);
                return null;
            }
            if (kind == EventOpKind.Append && valueType is not null && valueType.Kind != RefKind.String && valueType.Kind != RefKind.Array)
            {
                Report(StreamKitGenerator.Descriptors.BadEventOperation, opNode, which, evt.Name, "append needs a text or array value, not " + valueType.CSharp);
                return null;
            }
            int pathIndex = paths.IndexOf(path);
            if (pathIndex < 0)
            {
                paths.Add(path);
                pathIndex = paths.Count - 1;
            }
            return new EventOpSpec(kind, pathIndex, indices.ToEquatable(), valueExpr, valueType, constant, null);
        }

        /// <summary>Resolves <c>delta</c> or <c>delta.stdout</c> on the event to a null-safe C# expression on <c>e</c>.</summary>
        private bool TryResolveEventValue(TypeBuilder evt, string dotted, out string? expression, out TypeRef? type)
        {
            expression = "e";
            type = null;
            TypeBuilder? current = evt;
            var parts = dotted.Split('.');
            for (int i = 0; i < parts.Length; i++)
            {
                var prop = current?.FindProperty(parts[i]);
                if (prop is null)
                {
                    expression = null;
                    return false;
                }
                expression += (i == 0 ? "." : "?.") + prop.Spec.ClrName;
                type = prop.Spec.Type;
                current = type.Kind == RefKind.Object ? _typesByName[type.Name!] : null;
            }
            return true;
        }

        /// <summary>
        /// Checks <c>output[output_index].content[content_index].text</c> against the target type graph (a segment must
        /// exist on at least one case of a union) and collects the event members that fill the indices.
        /// </summary>
        private bool TryResolveEventPath(TypeBuilder evt, TypeBuilder target, string path, List<string> indices, out string problem)
        {
            problem = "";
            var candidates = new List<TypeRef> { new TypeRef(RefKind.Object, target.Name) };
            foreach (var raw in path.Split('.'))
            {
                string name = raw;
                string? indexField = null;
                int open = raw.IndexOf('[');
                if (open >= 0)
                {
                    if (!raw.EndsWith("]") || open == 0)
                    {
                        problem = "bad path segment '" + raw + "'";
                        return false;
                    }
                    name = raw.Substring(0, open);
                    indexField = raw.Substring(open + 1, raw.Length - open - 2);
                }
                var next = new List<TypeRef>();
                foreach (var objectType in ExpandToObjects(candidates))
                {
                    var prop = objectType.FindProperty(name);
                    if (prop is null) continue;
                    next.Add(prop.Spec.Type);
                    foreach (var alt in prop.Spec.Alternates) next.Add(alt.Type);
                }
                if (next.Count == 0)
                {
                    problem = "no type reachable at '" + name + "' in path '" + path + "' has a member '" + name + "'";
                    return false;
                }
                if (indexField is not null)
                {
                    var index = evt.FindProperty(indexField);
                    if (index is null || index.Spec.Type.Kind != RefKind.Integer)
                    {
                        problem = "index '" + indexField + "' in path '" + path + "' is not an integer member of the event";
                        return false;
                    }
                    indices.Add("e." + index.Spec.ClrName);
                    var elements = new List<TypeRef>();
                    foreach (var t in next) if (t.Kind == RefKind.Array) elements.Add(t.Element!);
                    if (elements.Count == 0)
                    {
                        problem = "'" + name + "' in path '" + path + "' is not an array";
                        return false;
                    }
                    next = elements;
                }
                candidates = next;
            }
            if (indices.Count > 3)
            {
                problem = "a path may use at most 3 indices";
                return false;
            }
            return true;
        }

        private List<TypeBuilder> ExpandToObjects(List<TypeRef> refs)
        {
            var result = new List<TypeBuilder>();
            foreach (var r in refs)
            {
                if (r.Kind == RefKind.Object && _typesByName.TryGetValue(r.Name!, out var o)) result.Add(o);
                else if (r.Kind == RefKind.Union && _typesByName.TryGetValue(r.Name!, out var u))
                {
                    foreach (var c in u.Cases) if (_typesByName.TryGetValue(c.TypeName, out var ct) && !result.Contains(ct)) result.Add(ct);
                }
            }
            return result;
        }
    }
}
