using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace StreamKit.Generators.Tests
{
    /// <summary>Runs the generator with CSharpGeneratorDriver over in-memory schema files.</summary>
    public static class GeneratorHarness
    {
        public static string RepoRoot { get; } = FindRoot();

        public static string Schema(string relative) => File.ReadAllText(Path.Combine(RepoRoot, "schemas", relative));

        public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

        public sealed class InMemoryText : AdditionalText
        {
            private readonly SourceText _text;

            public InMemoryText(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text, System.Text.Encoding.UTF8);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }

        /// <summary>Gives every additional file the same build metadata (StreamKitNamespace).</summary>
        public sealed class Options : AnalyzerConfigOptionsProvider
        {
            private readonly FileOptions _file;

            public Options(string? ns) => _file = new FileOptions(ns);

            public override AnalyzerConfigOptions GlobalOptions => _file;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _file;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _file;

            private sealed class FileOptions : AnalyzerConfigOptions
            {
                private readonly string? _ns;

                public FileOptions(string? ns) => _ns = ns;

                public override bool TryGetValue(string key, out string value)
                {
                    value = _ns ?? "";
                    return _ns is not null && key == "build_metadata.AdditionalFiles.StreamKitNamespace";
                }
            }
        }

        public static CSharpCompilation Compilation(params string[] sources) => Compilation(LanguageVersion.Latest, sources);

        public static CSharpCompilation Compilation(LanguageVersion language, params string[] sources) =>
            CSharpCompilation.Create("GeneratorTest",
                sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(language))),
                References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

        public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, string? ns = "Gen.Test", bool trackSteps = true, LanguageVersion language = LanguageVersion.Latest) =>
            CSharpGeneratorDriver.Create(
                new[] { new StreamKitGenerator().AsSourceGenerator() },
                files,
                new CSharpParseOptions(language),
                new Options(ns),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>Generates from one schema text and returns the run result plus the compilation with the output added.</summary>
        public static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string schemaText, string path = "/schemas/test.schema.json", string? ns = "Gen.Test",
            LanguageVersion language = LanguageVersion.Latest)
        {
            var driver = Driver(new[] { new InMemoryText(path, schemaText) }, ns, language: language);
            driver = driver.RunGeneratorsAndUpdateCompilation(Compilation(language, "namespace Host { class C { } }"), out var output, out var diagnostics);
            return (driver.GetRunResult().Results.Single(), output, diagnostics);
        }

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
            paths.Add(typeof(StreamKit.Serialization.GeneratedJson).Assembly.Location);
            return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamKit.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("StreamKit.sln not found");
        }
    }
}
