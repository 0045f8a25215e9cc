using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>
    /// Event reducers: a switch over the union's cases; each case applies its path operations to an
    /// EventReductionState (runtime) after a sequence-number check, through the paths' typed navigation
    /// (Emitter.EventPaths) while the state's root is typed. Snapshot() copies the typed root, or parses the state's JSON.
    /// </summary>
    internal static partial class Emitter
    {
        private const string State = "global::StreamKit.Reduction.EventReductionState";

        private static void EmitEventReducer(SourceWriter w, StreamSpec spec, EventReducerSpec r, Dictionary<string, TypeSpec> byName)
        {
            string union = TypeRef.Q("I" + r.UnionName);
            string target = TypeRef.Q(r.TargetType);
            w.Doc("Rebuilds a " + r.TargetType + " from " + r.UnionName + " events, following the schema's x-streamkit-event annotations.\n" +
                  "Apply events in arrival order; Snapshot() returns the state so far at any moment (a new object each call).\n" +
                  "Sequence numbers (" + (r.SequenceJsonName ?? "none") + ") are tracked: a duplicate is not applied twice; gaps are recorded in State.\n" +
                  "Not thread-safe: one reducer per stream.");
            w.Line(GeneratedCodeAttribute);
            w.Open(spec.Accessibility + " sealed partial class " + r.Name + " : global::StreamKit.Reduction.IStreamReducer<" + union + ", " + target + ">");
            for (int i = 0; i < r.Paths.Count; i++)
            {
                w.Line("private static readonly global::StreamKit.Reduction.JsonPathTemplate P" + i + " = global::StreamKit.Reduction.JsonPathTemplate.Parse(" + SourceWriter.Literal(r.Paths[i]) + ", TypedPath" + i + ");");
            }
            w.Line("private " + State + " _state = new " + State + "();");
            w.Line();
            w.Line("/// <summary>How many events have been applied (duplicates excluded).</summary>");
            w.Line("public int Count { get; private set; }");
            w.Line();
            w.Line("/// <summary>Sequence tracking, the terminal state and the first error so far.</summary>");
            w.Line("public " + State + " State => _state;");
            w.Line();
            w.Line("/// <summary>The rebuilt object so far, as a new object that later Apply calls do not change.</summary>");
            w.Line("/// <exception cref=\"global::StreamKit.Serialization.JsonPayloadException\">An event wrote a value of the wrong JSON kind into the snapshot.</exception>");
            w.Line("/// <remarks>Costs the size of the response. From a snapshot event on, events go into a typed root through the paths' generated typed navigation, and this is a deep copy of it with the text appended so far (no JSON); after an event the typed root could not take (a delta before its item), the state is JSON nodes, written and read back.</remarks>");
            w.Line("public " + target + " Snapshot() => _state.TryGetTypedRoot<" + target + ">(out var root) ? root.DeepClone() : " + target + ".Parse(_state.ToUtf8Json());");
            w.Line();
            w.Line("/// <summary>Forgets everything applied so far.</summary>");
            w.Open("public void Reset()");
            w.Line("_state = new " + State + "();");
            w.Line("Count = 0;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Applies one event; an event whose sequence number was already applied is skipped.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"item\"/> is null.</exception>");
            w.Open("public void Apply(" + union + " item)");
            w.Line("if (item is null) throw new global::System.ArgumentNullException(nameof(item));");
            w.Open("switch (item)");
            int n = 0;
            string? output = OutputMember(r, byName);
            foreach (var c in r.Cases)
            {
                w.Open("case " + TypeRef.Q(c.EventType) + " e:");
                w.Line("if (!_state.BeginEvent(" + (c.SequenceClrName is null ? "null" : "e." + c.SequenceClrName) + ")) return;");
                foreach (var op in c.Ops) EmitEventOp(w, op, output, r.TargetType, ref n);
                w.Line("break;");
                w.Close();
            }
            w.Open("case " + TypeRef.Q("Unknown" + r.UnionName) + " unknown:");
            w.Line("if (!_state.BeginEvent(" + (r.SequenceJsonName is null ? "null" : Helpers + ".ReadInt64Member(unknown.Json, " + SourceWriter.Literal(r.SequenceJsonName) + ")") + ")) return;");
            w.Line("break;");
            w.Close();
            w.Line("default:");
            w.Line("    _state.BeginEvent(null);");
            w.Line("    break;");
            w.Close();
            w.Line("Count++;");
            w.Close();
            EmitEventReducerTryApplyJson(w, r, byName);
            w.Line();
            for (int i = 0; i < r.Paths.Count; i++) EmitTypedPath(w, r, i, byName);
            w.Close();
        }

        /// <summary>
        /// The C# name of the target's <c>output</c> array (a snapshot with items in it is authoritative, one without keeps
        /// the output built so far: see EventReductionState.ReplaceRoot), or null when the target type has none.
        /// </summary>
        private static string? OutputMember(EventReducerSpec r, Dictionary<string, TypeSpec> byName)
        {
            if (!byName.TryGetValue(r.TargetType, out var target)) return null;
            foreach (var p in target.Properties)
                if (p.JsonName == "output" && p.Type.Kind == RefKind.Array && p.Alternates.Count == 0) return p.ClrName;
            return null;
        }

        private static void EmitEventOp(SourceWriter w, EventOpSpec op, string? output, string targetType, ref int n)
        {
            string args = "";
            foreach (var i in op.IndexExpressions) args += ", " + i;
            string path = "P" + op.Path;
            switch (op.Kind)
            {
                case EventOpKind.Error:
                    w.Line("_state.RecordError(" + NodeOf(op.ValueType!, "e", ref n) + ");");
                    return;
                case EventOpKind.Snapshot when op.ValueType!.Kind == RefKind.Object:
                {
                    // Kept typed (no JSON round trip): see EventReductionState.ReplaceRoot<T>.
                    string v = "v" + n++;
                    string authoritative = output is null ? "false" : v + "." + output + " is { Count: > 0 }";
                    // A snapshot without items takes the typed output built so far (the root stays typed).
                    string keep = output is null || op.ValueType!.Name != targetType ? ""
                        : ", static (next, built) => { if (built." + output + " is not { } o) return false; next." + output + " = o; return true; }";
                    // A copy: the event object is the caller's (onItem, await foreach) and may be changed after Apply.
                    w.Line("if (" + op.ValueExpression + " is { } " + v + ") _state.ReplaceRoot(" + CloneOf(op.ValueType!, v, ref n) + ", " + WriterOf(op.ValueType!, ref n) + ", " + authoritative + ", " +
                           (op.Terminal is null ? "null" : SourceWriter.Literal(op.Terminal)) + keep + ");");
                    if (op.Terminal is not null) w.Line("else _state.ReplaceRoot(null, " + SourceWriter.Literal(op.Terminal) + ");");
                    return;
                }
                case EventOpKind.Snapshot:
                {
                    string v = "v" + n++;
                    w.Line("if (" + op.ValueExpression + " is { } " + v + ") _state.ReplaceRoot(" + NodeOf(op.ValueType!, v, ref n) + ", " +
                           (op.Terminal is null ? "null" : SourceWriter.Literal(op.Terminal)) + ");");
                    if (op.Terminal is not null) w.Line("else _state.ReplaceRoot(null, " + SourceWriter.Literal(op.Terminal) + ");");
                    return;
                }
            }
            if (op.ConstValue is not null)
            {
                w.Line("_state.SetText(" + path + ", " + SourceWriter.Literal(op.ConstValue) + args + ");");
                return;
            }
            var type = op.ValueType!;
            if (type.Kind == RefKind.String)
            {
                w.Line("_state." + (op.Kind == EventOpKind.Append ? "AppendText" : "SetText") + "(" + path + ", " + op.ValueExpression + args + ");");
                return;
            }
            string value = "v" + n++;
            if (op.Kind == EventOpKind.Append && type.Kind == RefKind.Array)
            {
                // An empty list (logprobs: [] on every delta) only makes sure the array exists: no node per event.
                w.Line("if (" + op.ValueExpression + " is { Count: 0 }) _state.EnsureItems(" + path + args + ");");
                w.Line("else if (" + op.ValueExpression + " is { } " + value + ") _state.AppendItems(" + path + ", " + CloneOf(type, value, ref n) + ", " + WriterOf(type, ref n) + args + ");");
                return;
            }
            if (op.Kind == EventOpKind.Set && !type.IsValueType)
            {
                // An item, a part, an annotation: kept typed until an event addresses inside it (EventReductionState.Set<T>).
                // A copy: the event object is the caller's and may be changed after Apply.
                w.Line("if (" + op.ValueExpression + " is { } " + value + ") _state.Set(" + path + ", " + CloneOf(type, value, ref n) + ", " + WriterOf(type, ref n) + args + ");");
                return;
            }
            w.Line("if (" + op.ValueExpression + " is { } " + value + ") _state." + (op.Kind == EventOpKind.Append ? "AppendItems" : "Set") + "(" + path + ", " + NodeOf(type, value, ref n) + args + ");");
        }

        /// <summary>A static lambda writing a non-null value of <paramref name="type"/> with its generated writer.</summary>
        private static string WriterOf(TypeRef type, ref int n) => "static (writer, value) => { " + WriteStatement(type, "value", ref n) + " }";

        /// <summary>An expression turning the non-null typed value into a JsonNode through its generated writer.</summary>
        private static string NodeOf(TypeRef type, string value, ref int n)
        {
            return Helpers + ".ToNode(" + value + ", " + WriterOf(type, ref n) + ")";
        }
    }
}
