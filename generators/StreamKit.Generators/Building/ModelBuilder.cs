using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Json;
using StreamKit.Generators.Model;
using TypeKind = StreamKit.Generators.Model.TypeKind;

namespace StreamKit.Generators.Building
{
    /// <summary>
    /// Lowers one schema file (JSON text) to a <see cref="StreamSpec"/>: names, C# types, unions,
    /// enums and reducers. It never touches Roslyn symbols; its output is compared by value.
    /// </summary>
    internal sealed partial class ModelBuilder
    {
        private readonly SchemaFile _file;
        private readonly CancellationToken _ct;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly Dictionary<string, JsonNode> _defs = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        private readonly Dictionary<string, Resolved> _defCache = new Dictionary<string, Resolved>(StringComparer.Ordinal);
        private readonly HashSet<string> _defsInProgress = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<TypeBuilder> _types = new List<TypeBuilder>();
        private readonly Dictionary<string, TypeBuilder> _typesByName = new Dictionary<string, TypeBuilder>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _unionsByCases = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _enumsByValues = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly HashSet<string> _reservedNames = new HashSet<string>(StringComparer.Ordinal);
        private int[]? _lineStarts;
        private JsonNode _root = null!;

        private ModelBuilder(SchemaFile file, CancellationToken ct)
        {
            _file = file;
            _ct = ct;
        }

        /// <summary>Builds the model of one schema file. Never throws for bad input: it reports diagnostics.</summary>
        public static ModelResult Build(SchemaFile file, CancellationToken ct)
        {
            var b = new ModelBuilder(file, ct);
            var spec = b.BuildSpec();
            return new ModelResult(spec, b._diagnostics.ToEquatable());
        }

        private StreamSpec? BuildSpec()
        {
            try
            {
                _root = JsonTextReader.Parse(_file.Text);
            }
            catch (JsonTextException ex)
            {
                Report(StreamKitGenerator.Descriptors.InvalidJson, ex.Offset, 1, FileName(), ex.Message);
                return null;
            }
            if (!_root.IsObject)
            {
                Report(StreamKitGenerator.Descriptors.InvalidJson, 0, 1, FileName(), "the root is not a JSON object");
                return null;
            }

            foreach (var container in new[] { "$defs", "definitions" })
            {
                if (_root.Get(container) is { IsObject: true } defs)
                {
                    foreach (var m in defs.Members) _defs[m.Key] = m.Value;
                }
            }

            var options = _root.Get("x-streamkit");
            string? chosen = _file.Namespace ?? options?.GetString("namespace");
            if (chosen is null) Report(StreamKitGenerator.Descriptors.NoNamespace, 0, 1, FileName(), DefaultNamespace);
            string ns = chosen ?? DefaultNamespace;
            string accessibility = _file.Accessibility ?? options?.GetString("accessibility") ?? "public";
            if (accessibility != "public" && accessibility != "internal") accessibility = "public";

            // Reserve every def's name up front so that inline types never steal a def's name.
            foreach (var def in _defs) _reservedNames.Add(DefTypeName(def.Key, def.Value));

            foreach (var def in _defs)
            {
                _ct.ThrowIfCancellationRequested();
                ResolveDef(def.Key);
            }

            if (_root.Get("$ref") is null && (_root.Get("properties") is not null || _root.Get("allOf") is not null))
            {
                string rootName = _root.GetString("x-streamkit-name") ?? Naming.Pascal(_root.GetString("title") ?? "Root");
                Resolve(_root, rootName, "#");
            }
            else if (_root.GetString("$ref") is string rootRef)
            {
                ResolveRef(rootRef, _root.Get("$ref")!);
            }

            if (_types.Count == 0)
            {
                Report(StreamKitGenerator.Descriptors.NoTypes, 0, 1, FileName());
                return null;
            }

            var reducers = BuildReducers();
            var eventReducers = BuildEventReducers();

            var types = new List<TypeSpec>(_types.Count);
            foreach (var t in _types) types.Add(t.ToSpec());
            string hint = Naming.Pascal(System.IO.Path.GetFileName(_file.Path).Replace(".schema.json", ""));
            return new StreamSpec(ns, hint, accessibility, types.ToEquatable(), reducers.ToEquatable(), eventReducers.ToEquatable());
        }

        private string FileName() => System.IO.Path.GetFileName(_file.Path);

        private static string DefTypeName(string key, JsonNode def) =>
            def.GetString("x-streamkit-name") ?? Naming.Pascal(key);

        // ---------------------------------------------------------------- diagnostics

        /// <summary>The namespace of a schema that names none (SKG1005 says so).</summary>
        internal const string DefaultNamespace = "StreamKit.Generated";

        internal void Report(DiagnosticDescriptor descriptor, JsonNode? at, params string[] args) =>
            Report(descriptor, at?.Start ?? 0, at?.Length ?? 1, args);

        private void Report(DiagnosticDescriptor descriptor, int start, int length, params string[] args)
        {
            _diagnostics.Add(new DiagnosticInfo(descriptor.Id, args.ToEquatable(), MakeLocation(start, length)));
        }

        private LocationInfo MakeLocation(int start, int length)
        {
            if (_lineStarts is null)
            {
                var starts = new List<int> { 0 };
                for (int i = 0; i < _file.Text.Length; i++) if (_file.Text[i] == '\n') starts.Add(i + 1);
                _lineStarts = starts.ToArray();
            }
            start = Math.Max(0, Math.Min(start, _file.Text.Length));
            int end = Math.Max(start, Math.Min(start + length, _file.Text.Length));
            (int line, int col) Pos(int offset)
            {
                int idx = Array.BinarySearch(_lineStarts!, offset);
                if (idx < 0) idx = ~idx - 1;
                return (idx, offset - _lineStarts![idx]);
            }
            var (sl, sc) = Pos(start);
            var (el, ec) = Pos(end);
            return new LocationInfo(_file.Path, start, end - start, sl, sc, el, ec);
        }

        // ---------------------------------------------------------------- names

        private string UniqueTypeName(string desired, JsonNode? at, bool isDef)
        {
            if (_typesByName.ContainsKey(desired) || (!isDef && _reservedNames.Contains(desired)))
            {
                int n = 2;
                while (_typesByName.ContainsKey(desired + n) || _reservedNames.Contains(desired + n)) n++;
                if (isDef) Report(StreamKitGenerator.Descriptors.NameCollision, at, desired, desired, desired + n);
                return desired + n;
            }
            return desired;
        }

        private TypeBuilder AddType(TypeKind kind, string name, string? doc)
        {
            var t = new TypeBuilder(kind, name, doc);
            _types.Add(t);
            _typesByName[name] = t;
            return t;
        }
    }
}
