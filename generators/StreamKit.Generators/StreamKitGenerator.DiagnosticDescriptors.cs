using Microsoft.CodeAnalysis;

namespace StreamKit.Generators
{
    /// <summary>
    /// Every diagnostic the generator reports. IDs are stable; each is documented in
    /// generators/DIAGNOSTICS.md. SKG1xxx: bad input (error). SKG2xxx: unsupported schema
    /// construct (warning; the member falls back to raw JSON). SKG3xxx: identifier collisions.
    /// SKG4xxx: reduce annotations.
    /// </summary>
    public sealed partial class StreamKitGenerator
    {
        private const string Category = "StreamKit.Generators";
        private const string HelpBase = "https://github.com/streamkit/streamkit/blob/main/generators/DIAGNOSTICS.md#";

        internal static class Descriptors
        {
            public static readonly DiagnosticDescriptor InvalidJson = Make("SKG1001", "Schema file is not valid JSON",
                "Schema file '{0}' is not valid JSON: {1}", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor UnresolvedRef = Make("SKG1002", "$ref cannot be resolved",
                "'$ref' '{0}' does not point at a definition in this file; the property is read as raw JSON", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor NoTypes = Make("SKG1003", "Schema defines no types",
                "Schema file '{0}' has neither '$defs' nor an object root; nothing is generated", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor LanguageVersionTooLow = Make("SKG1004", "C# 11 or later is required",
                "StreamKit's generated code needs C# 11 or later (it uses UTF-8 string literals); this project compiles with C# {0}: set <LangVersion>11</LangVersion> or later", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor NoNamespace = Make("SKG1005", "Schema names no namespace",
                "Schema file '{0}' names no namespace, so its types are generated in '{1}': set the StreamKitNamespace metadata on its AdditionalFiles item (visible through CompilerVisibleItemMetadata, which the StreamKit package adds) or \"x-streamkit\": {{\"namespace\": ...}} in the schema", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor UnsupportedShape = Make("SKG2001", "Unsupported schema shape",
                "'{0}' uses a shape StreamKit cannot type ({1}); it is kept as raw JsonElement", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor UntaggedVariant = Make("SKG2002", "Union variant has no discriminator tag",
                "Variant '{0}' of union '{1}' has no constant '{2}' value; such values are read as the Unknown case", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor AmbiguousTag = Make("SKG2003", "Ambiguous discriminator tag",
                "Tag '{0}' of union '{1}' is claimed by '{2}' and '{3}'; '{2}' is used", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor UnsupportedKeyword = Make("SKG2004", "Unsupported JSON Schema keyword",
                "Keyword '{0}' at '{1}' is not supported and is ignored", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor RareNotApplicable = Make("SKG2005", "x-streamkit-rare does not apply",
                "'{0}' is marked x-streamkit-rare but {1}; it is stored in the object itself", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor NameCollision = Make("SKG3001", "Generated name collision",
                "'{0}' would generate the C# name '{1}', which is already taken; '{2}' is used instead", DiagnosticSeverity.Warning);

            public static readonly DiagnosticDescriptor UnknownReduceOp = Make("SKG4001", "Unknown reduce operation",
                "Reduce operation '{0}' on '{1}' is not one of append, first, last, merge, merge-by-key, ignore", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor ReduceOpNotApplicable = Make("SKG4002", "Reduce operation does not fit the property",
                "Reduce operation '{0}' cannot apply to '{1}' of type {2}: {3}", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor ReduceTargetMissing = Make("SKG4003", "Reduce target property missing",
                "'{0}' folds into '{1}', which the target type '{2}' does not declare", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor ReduceTypeMismatch = Make("SKG4004", "Reduce source and target types differ",
                "'{0}' ({1}) cannot fold into '{2}' ({3})", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor InvalidReducer = Make("SKG4005", "Invalid reducer declaration",
                "Reducer declaration is invalid: {0}", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor BadReduceKey = Make("SKG4006", "merge-by-key needs an integer key",
                "'{0}' merges by key '{1}', but the element type '{2}' has no integer property of that name", DiagnosticSeverity.Error);

            public static readonly DiagnosticDescriptor BadEventOperation = Make("SKG4007", "Event operation cannot be resolved",
                "Operation {0} of event '{1}' cannot be resolved: {2}", DiagnosticSeverity.Error);

            public static DiagnosticDescriptor? ById(string id)
            {
                foreach (var d in All) if (d.Id == id) return d;
                return null;
            }

            public static readonly DiagnosticDescriptor[] All =
            {
                InvalidJson, UnresolvedRef, NoTypes, LanguageVersionTooLow, NoNamespace, UnsupportedShape, UntaggedVariant, AmbiguousTag, UnsupportedKeyword, RareNotApplicable,
                NameCollision, UnknownReduceOp, ReduceOpNotApplicable, ReduceTargetMissing, ReduceTypeMismatch, InvalidReducer, BadReduceKey, BadEventOperation,
            };

            private static DiagnosticDescriptor Make(string id, string title, string message, DiagnosticSeverity severity) =>
                new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
        }
    }
}
