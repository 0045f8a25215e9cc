using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using StreamKit.Generators.Building;
using StreamKit.Generators.Model;
using TypeKind = StreamKit.Generators.Model.TypeKind;
using Xunit;

namespace StreamKit.Generators.Tests
{
    /// <summary>The full Responses schema (OpenAI's 298-definition bundle plus annotations): generation, diagnostics, cache.</summary>
    public class ResponsesSchemaTests
    {
        private const string Schema = "openai/responses.stream-event.schema.json";

        private static readonly Lazy<(GeneratorRunResult Result, Compilation Output, TimeSpan Elapsed)> Generated = new(() =>
        {
            var driver = GeneratorHarness.Driver(new[] { new GeneratorHarness.InMemoryText("/schemas/" + Schema, GeneratorHarness.Schema(Schema)) }, "Snapshot.Responses");
            driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class Host {}"), out var output, out _);
            var elapsed = driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime;
            return (driver.GetRunResult().Results.Single(), output, elapsed);
        });

        [Fact]
        public void Generates_and_compiles_with_no_errors_or_warnings_and_reports_its_time()
        {
            var (result, output, elapsed) = Generated.Value;
            var problems = output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
            long bytes = result.GeneratedSources.Sum(s => (long)s.SourceText.Length);
            TestContext.Current.TestOutputHelper?.WriteLine($"Responses schema: generator {elapsed.TotalMilliseconds:0} ms (first run, JIT included), {result.GeneratedSources.Length} files, {bytes / 1024} KiB of C#");
            Assert.Contains(result.GeneratedSources, s => s.HintName == "ResponsesStreamEvent.ResponseReducer.g.cs");

            // Steady state (what an IDE pays when the schema changes): parse + model + emit, best of five, JIT warm.
            var file = new SchemaFile("/s/" + Schema, GeneratorHarness.Schema(Schema), "Snapshot.Responses", null);
            var best = TimeSpan.MaxValue;
            for (int i = 0; i < 5; i++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var model = ModelBuilder.Build(file, TestContext.Current.CancellationToken);
                var sources = StreamKit.Generators.Emitting.Emitter.Emit(model.Spec!);
                sw.Stop();
                Assert.Equal(4, sources.Count);
                if (sw.Elapsed < best) best = sw.Elapsed;
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"Responses schema: parse + model + emit, warm, best of 5: {best.TotalMilliseconds:0} ms");
        }

        [Fact]
        public void Reports_exactly_the_unsupported_constructs_of_the_bundle()
        {
            var ids = Generated.Value.Result.Diagnostics.Select(d => d.Id + " " + d.GetMessage()).OrderBy(x => x, StringComparer.Ordinal).ToList();
            Assert.Equal(4, ids.Count);
            Assert.Equal(2, ids.Count(i => i.StartsWith("SKG2001") && (i.Contains("ToolChoiceParam") || i.Contains("ResponsePromptVariables"))));
            Assert.Equal(2, ids.Count(i => i.StartsWith("SKG2003") && i.Contains("'message'")));
        }

        [Fact]
        public void Every_union_has_an_unknown_case_and_every_event_case_is_reduced()
        {
            var spec = ModelBuilder.Build(new SchemaFile("/s/" + Schema, GeneratorHarness.Schema(Schema), "Snapshot.Responses", null), TestContext.Current.CancellationToken).Spec!;
            var output = Generated.Value.Output;
            foreach (var union in spec.Types.Where(t => t.Kind == TypeKind.Union))
            {
                Assert.NotNull(output.GetTypeByMetadataName("Snapshot.Responses.Unknown" + union.Name));
            }
            var reducer = spec.EventReducers.Single();
            var events = spec.Types.Single(t => t.Name == "ResponseStreamEvent").Union!.Cases;
            Assert.Equal(62, events.Count);
            Assert.Equal(events.Select(c => c.TypeName).Distinct().OrderBy(x => x), reducer.Cases.Select(c => c.EventType).OrderBy(x => x));
            Assert.All(reducer.Cases, c => Assert.Equal("SequenceNumber", c.SequenceClrName));
            Assert.Equal(4, reducer.Cases.Count(c => c.Ops.Count == 0)); // the audio events: Response has no place for them
        }

        [Fact]
        public void Every_event_path_gets_typed_navigation_that_reaches_a_member()
        {
            var reducer = Generated.Value.Result.GeneratedSources.Single(s => s.HintName == "ResponsesStreamEvent.ResponseReducer.g.cs").SourceText.ToString();
            var paths = ModelBuilder.Build(new SchemaFile("/s/" + Schema, GeneratorHarness.Schema(Schema), "Snapshot.Responses", null), TestContext.Current.CancellationToken)
                .Spec!.EventReducers.Single().Paths;
            Assert.True(paths.Count >= 15, paths.Count + " paths");
            for (int k = 0; k < paths.Count; k++)
            {
                Assert.Contains("JsonPathTemplate.Parse(\"" + paths[k] + "\", TypedPath" + k + ")", reducer);
                int start = reducer.IndexOf("private static bool TypedPath" + k + "(", StringComparison.Ordinal);
                int end = reducer.IndexOf("\n        }\n", start, StringComparison.Ordinal);
                Assert.Contains("return true;", reducer.Substring(start, end - start));
            }
            // The text of a message's part goes through both unions by case; a status on an item without one goes among its undeclared members.
            Assert.Contains("case global::Snapshot.Responses.OutputTextContent", reducer);
            Assert.Contains(".ExtensionData ??= new", reducer);
        }

        [Fact]
        public void A_second_run_over_the_full_schema_is_cached()
        {
            var text = new GeneratorHarness.InMemoryText("/schemas/" + Schema, GeneratorHarness.Schema(Schema));
            var compilation = GeneratorHarness.Compilation("class C {}");
            var driver = GeneratorHarness.Driver(new[] { text }).RunGenerators(compilation, TestContext.Current.CancellationToken);
            driver = driver.RunGenerators(compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class D {}", cancellationToken: TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);
            var steps = driver.GetRunResult().Results.Single().TrackedSteps;
            Assert.All(steps[StreamKitGenerator.TrackingNames.Model].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void OpenAIs_raw_bundle_with_its_OpenAPI_isms_generates_and_compiles()
        {
            string? spec = Path.Combine(GeneratorHarness.RepoRoot, "..", "shared", "spec");
            string raw = Path.Combine(spec, "response-stream-event.schema.raw.json");
            Assert.SkipUnless(File.Exists(raw), "SKIPPED: ../shared/spec is absent");
            var (result, output, _) = GeneratorHarness.Run(File.ReadAllText(raw), "/s/raw.schema.json", "Raw.Responses");
            Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            var errors = output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
            TestContext.Current.TestOutputHelper?.WriteLine("raw bundle diagnostics: " + string.Join(", ", result.Diagnostics.GroupBy(d => d.Id).Select(g => g.Key + " x" + g.Count())));
        }
    }
}
