using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace StreamKit.Generators.Tests
{
    /// <summary>
    /// Output snapshots of the shipped schemas (Baselines/{schema}/{hint}.txt; refresh with STREAMKIT_UPDATE_BASELINES=1)
    /// and a compile of the output with nullable on and every warning level.
    /// </summary>
    public class OutputTests
    {
        private const string ChatSchema = "openai/chat.completion.chunk.schema.json";

        [Fact]
        public void Chat_schema_output_matches_the_baselines()
        {
            var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Schema(ChatSchema), "/schemas/" + ChatSchema, ns: "Snapshot.Chat");
            string dir = Path.Combine(GeneratorHarness.RepoRoot, "tests", "StreamKit.Generators.Tests", "Baselines", "ChatCompletionChunk");
            bool update = Environment.GetEnvironmentVariable("STREAMKIT_UPDATE_BASELINES") == "1";
            Assert.Equal(new[] { "ChatCompletionChunk.ChatCompletionReducer.g.cs", "ChatCompletionChunk.Models.g.cs", "ChatCompletionChunk.Readers.g.cs", "ChatCompletionChunk.Writers.g.cs" },
                result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
            foreach (var source in result.GeneratedSources)
            {
                string path = Path.Combine(dir, source.HintName + ".txt");
                string actual = source.SourceText.ToString();
                if (update)
                {
                    Directory.CreateDirectory(dir);
                    File.WriteAllText(path, actual);
                    continue;
                }
                Assert.True(File.Exists(path), "Missing baseline " + path + " (run with STREAMKIT_UPDATE_BASELINES=1)");
                Assert.Equal(File.ReadAllText(path), actual);
            }
        }

        [Fact]
        public void Chat_schema_output_compiles_without_errors_or_warnings_and_reports_nothing()
        {
            var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Schema(ChatSchema), "/schemas/" + ChatSchema, ns: "Snapshot.Chat");
            Assert.Empty(result.Diagnostics);
            Assert.Empty(diagnostics);
            var problems = output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
            Assert.NotNull(output.GetTypeByMetadataName("Snapshot.Chat.ChatCompletionReducer"));
        }

        [Fact]
        public void The_namespace_comes_from_build_metadata_before_the_schema()
        {
            var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Schema(ChatSchema), "/schemas/" + ChatSchema, ns: null);
            Assert.NotNull(output.GetTypeByMetadataName("StreamKit.Chat.ChatCompletionChunk"));
            var (_, overridden, _) = GeneratorHarness.Run(GeneratorHarness.Schema(ChatSchema), "/schemas/" + ChatSchema, ns: "Other.Place");
            Assert.NotNull(overridden.GetTypeByMetadataName("Other.Place.ChatCompletionChunk"));
        }

        [Fact]
        public void Json_files_without_StreamKit_metadata_that_are_not_named_schema_json_are_ignored()
        {
            var driver = GeneratorHarness.Driver(new[] { new GeneratorHarness.InMemoryText("/x/readme.json", "{\"$defs\":{\"A\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}") }, ns: null);
            driver = driver.RunGenerators(GeneratorHarness.Compilation("class C {}"), TestContext.Current.CancellationToken);
            Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
        }
    }
}
