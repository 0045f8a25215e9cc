using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using StreamKit.Generators.Building;
using StreamKit.Generators.Emitting;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Model;

namespace StreamKit.Generators
{
    /// <summary>
    /// Generates typed models, Utf8JsonReader/Utf8JsonWriter code and stream reducers from
    /// <c>*.schema.json</c> AdditionalFiles (or any <c>*.json</c> AdditionalFile carrying StreamKit metadata). Per-file options (MSBuild item metadata, made visible with
    /// <c>CompilerVisibleItemMetadata</c>): <c>StreamKitNamespace</c>, <c>StreamKitAccessibility</c>
    /// (public or internal); otherwise the schema's root <c>x-streamkit</c> object gives them.
    /// </summary>
    /// <remarks>
    /// Pipeline: AdditionalText → <see cref="SchemaFile"/> (strings; tracking name StreamKit.Input) →
    /// <see cref="ModelResult"/> (StreamKit.Model) → <see cref="StreamSpec"/> (StreamKit.Spec, the cache cut-off)
    /// → source. Diagnostics go out through their own output so a diagnostic-only change re-emits nothing.
    /// </remarks>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class StreamKitGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps, for incremental-step tests.</summary>
        public static class TrackingNames
        {
            public const string Input = "StreamKit.Input";
            public const string Model = "StreamKit.Model";
            public const string Spec = "StreamKit.Spec";
            public const string Diagnostics = "StreamKit.Diagnostics";
            public const string Environment = "StreamKit.Environment";
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // A schema is any *.schema.json AdditionalFile, or any *.json one that carries StreamKit metadata.
            var files = context.AdditionalTextsProvider
                .Where(static t => t.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, ct) =>
                {
                    var (text, options) = pair;
                    var fileOptions = options.GetOptions(text);
                    fileOptions.TryGetValue("build_metadata.AdditionalFiles.StreamKitNamespace", out var ns);
                    fileOptions.TryGetValue("build_metadata.AdditionalFiles.StreamKitAccessibility", out var access);
                    bool named = text.Path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase);
                    if (!named && string.IsNullOrWhiteSpace(ns) && string.IsNullOrWhiteSpace(access)) return null;
                    return new SchemaFile(
                        text.Path,
                        text.GetText(ct)?.ToString() ?? "",
                        string.IsNullOrWhiteSpace(ns) ? null : ns,
                        string.IsNullOrWhiteSpace(access) ? null : access);
                })
                .Where(static f => f is not null)
                .Select(static (f, _) => f!)
                .WithTrackingName(TrackingNames.Input);

            var models = files
                .Select(static (file, ct) => ModelBuilder.Build(file, ct))
                .WithTrackingName(TrackingNames.Model);

            var specs = models
                .Select(static (m, _) => m.Spec)
                .WithTrackingName(TrackingNames.Spec);

            var diagnostics = models
                .Select(static (m, _) => m.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);

            // Environment: the consumer's C# version, reduced to whether it can compile the generated u8 literals.
            var languageVersion = context.ParseOptionsProvider
                .Select(static (o, _) => o is CSharpParseOptions c ? (int)c.LanguageVersion : int.MaxValue)
                .WithTrackingName(TrackingNames.Environment);
            var tooOld = languageVersion.Select(static (v, _) => v < (int)LanguageVersion.CSharp11 ? v : (int?)null);
            var anySchema = files.Collect().Select(static (all, _) => all.Length > 0);

            context.RegisterSourceOutput(tooOld.Combine(anySchema), static (spc, pair) =>
            {
                if (pair.Left is int version && pair.Right)
                    spc.ReportDiagnostic(Diagnostic.Create(Descriptors.LanguageVersionTooLow, Location.None, ((LanguageVersion)version).ToDisplayString()));
            });

            context.RegisterSourceOutput(specs.Combine(tooOld), static (spc, pair) =>
            {
                var (spec, old) = pair;
                if (spec is null || old is not null) return;
                foreach (var file in Emitter.Emit(spec))
                {
                    spc.AddSource(file.Key, SourceText.From(file.Value, System.Text.Encoding.UTF8));
                }
            });

            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(ToDiagnostic(d));
            });
        }

        private static Diagnostic ToDiagnostic(DiagnosticInfo info)
        {
            var descriptor = Descriptors.ById(info.Id)!;
            Location location = Location.None;
            if (info.Location is { } l)
            {
                location = Location.Create(l.Path, new TextSpan(l.Start, l.Length),
                    new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn)));
            }
            var args = new object[info.Args.Count];
            for (int i = 0; i < args.Length; i++) args[i] = info.Args[i];
            return Diagnostic.Create(descriptor, location, args);
        }
    }
}
