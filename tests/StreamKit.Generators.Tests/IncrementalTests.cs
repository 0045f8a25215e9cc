using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace StreamKit.Generators.Tests
{
    /// <summary>The pipeline's cache: unrelated edits leave the steps Cached or Unchanged.</summary>
    public class IncrementalTests
    {
        private const string Path1 = "/schemas/a.schema.json";
        private const string Path2 = "/schemas/b.schema.json";

        private static readonly string Chat = GeneratorHarness.Schema("openai/chat.completion.chunk.schema.json");

        private static string Small(string name) =>
            "{\"$defs\":{\"" + name + "\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}}}";

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
            driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

        private static GeneratorDriver Run(GeneratorDriver driver, Compilation compilation) =>
            driver.RunGenerators(compilation, TestContext.Current.CancellationToken);

        [Fact]
        public void A_second_run_with_the_same_input_is_all_cached()
        {
            var compilation = GeneratorHarness.Compilation("class C {}");
            var driver = Run(GeneratorHarness.Driver(new[] { new GeneratorHarness.InMemoryText(Path1, Chat) }), compilation);
            driver = Run(driver, compilation);
            Assert.All(Reasons(driver, StreamKitGenerator.TrackingNames.Model), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(Reasons(driver, StreamKitGenerator.TrackingNames.Spec), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        }

        [Fact]
        public void Adding_an_unrelated_syntax_tree_leaves_every_step_cached()
        {
            var compilation = GeneratorHarness.Compilation("class C {}");
            var driver = Run(GeneratorHarness.Driver(new[] { new GeneratorHarness.InMemoryText(Path1, Chat) }), compilation);
            driver = Run(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { int x; }", cancellationToken: TestContext.Current.CancellationToken)));
            foreach (var step in new[] { StreamKitGenerator.TrackingNames.Input, StreamKitGenerator.TrackingNames.Model, StreamKitGenerator.TrackingNames.Spec })
            {
                Assert.All(Reasons(driver, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            }
        }

        [Fact]
        public void Reformatting_a_schema_modifies_the_input_but_leaves_the_spec_unchanged()
        {
            var compilation = GeneratorHarness.Compilation("class C {}");
            var original = new GeneratorHarness.InMemoryText(Path1, Chat);
            var driver = Run(GeneratorHarness.Driver(new[] { original }), compilation);
            string reformatted = System.Text.Json.Nodes.JsonNode.Parse(Chat)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false });
            driver = driver.ReplaceAdditionalText(original, new GeneratorHarness.InMemoryText(Path1, reformatted));
            driver = Run(driver, compilation);
            Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Reasons(driver, StreamKitGenerator.TrackingNames.Input)));
            Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Reasons(driver, StreamKitGenerator.TrackingNames.Model)));
            Assert.Contains(Assert.Single(Reasons(driver, StreamKitGenerator.TrackingNames.Spec)), new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        }

        [Fact]
        public void Editing_one_of_two_schemas_leaves_the_other_cached()
        {
            var compilation = GeneratorHarness.Compilation("class C {}");
            var a = new GeneratorHarness.InMemoryText(Path1, Small("Alpha"));
            var b = new GeneratorHarness.InMemoryText(Path2, Small("Beta"));
            var driver = Run(GeneratorHarness.Driver(new[] { a, b }), compilation);
            driver = driver.ReplaceAdditionalText(b, new GeneratorHarness.InMemoryText(Path2, Small("Gamma")));
            driver = Run(driver, compilation);
            var reasons = Reasons(driver, StreamKitGenerator.TrackingNames.Model).ToList();
            Assert.Equal(2, reasons.Count);
            Assert.Contains(IncrementalStepRunReason.Cached, reasons);
            Assert.Contains(IncrementalStepRunReason.Modified, reasons);
            Assert.Contains(driver.GetRunResult().Results.Single().GeneratedSources, s => s.SourceText.ToString().Contains("class Gamma"));
        }
    }
}
