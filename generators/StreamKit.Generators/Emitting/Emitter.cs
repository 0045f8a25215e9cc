using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Emitting
{
    /// <summary>Turns a <see cref="StreamSpec"/> into C# source files (hint name → text).</summary>
    internal static partial class Emitter
    {
        internal const string Json = "global::System.Text.Json";
        internal const string Helpers = "global::StreamKit.Serialization.GeneratedJson";

        /// <summary>Marks every generated type, so analyzers, coverage and the public-API listing can tell it from hand-written code.</summary>
        internal const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"StreamKit.Generators\", \"1.0\")]";

        public static List<KeyValuePair<string, string>> Emit(StreamSpec spec)
        {
            TypeRef.QualifyingNamespace = spec.Namespace;
            try
            {
                return EmitAll(spec);
            }
            finally
            {
                TypeRef.QualifyingNamespace = null;
            }
        }

        private static List<KeyValuePair<string, string>> EmitAll(StreamSpec spec)
        {
            var files = new List<KeyValuePair<string, string>>();
            var byName = new Dictionary<string, TypeSpec>();
            foreach (var t in spec.Types) byName[t.Name] = t;

            var models = Begin(spec);
            var readers = Begin(spec);
            var writers = Begin(spec);
            foreach (var t in spec.Types)
            {
                switch (t.Kind)
                {
                    case TypeKind.Object:
                        EmitObject(models, spec, t, byName);
                        EmitObjectReader(readers, spec, t);
                        // Chunks (a schema with a chunk reducer) are parsed by typed replays where they repeat the previous one's shape.
                        if (spec.Reducers.Count > 0) EmitSetStringAt(readers, spec, t);
                        EmitObjectWriter(writers, spec, t);
                        break;
                    case TypeKind.Enum:
                        EmitEnum(models, spec, t);
                        break;
                    case TypeKind.Union:
                        EmitUnion(models, spec, t, byName);
                        EmitUnionSerializer(readers, spec, t, byName);
                        break;
                }
            }
            files.Add(End(spec.HintPrefix + ".Models.g.cs", models));
            files.Add(End(spec.HintPrefix + ".Readers.g.cs", readers));
            files.Add(End(spec.HintPrefix + ".Writers.g.cs", writers));
            foreach (var r in spec.EventReducers)
            {
                var w = Begin(spec);
                EmitEventReducer(w, spec, r, byName);
                files.Add(End(spec.HintPrefix + "." + r.Name + ".g.cs", w));
            }
            foreach (var r in spec.Reducers)
            {
                var w = Begin(spec);
                EmitReducer(w, spec, r, byName);
                files.Add(End(spec.HintPrefix + "." + r.Name + ".g.cs", w));
            }
            return files;
        }

        private static SourceWriter Begin(StreamSpec spec)
        {
            var w = new SourceWriter();
            w.Line(SourceWriter.Header.TrimEnd('\n'));
            w.Line();
            w.Open("namespace " + spec.Namespace);
            return w;
        }

        private static KeyValuePair<string, string> End(string hint, SourceWriter w)
        {
            w.Close();
            return new KeyValuePair<string, string>(hint, w.ToString());
        }

        /// <summary>The C# type of a property as declared (reference types are always nullable: the wire may omit anything).</summary>
        internal static string Declared(PropertySpec p) =>
            p.Type.CSharp + (Building.ModelBuilder.IsDeclaredNullable(p) ? "?" : "");

        internal static string Declared(TypeRef t) => t.CSharp + "?";
    }
}
