using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StreamKit.Generators.Tests;

namespace StreamKit.Benchmarks.Generator
{
    /// <summary>
    /// Times the source generator through <see cref="CSharpGeneratorDriver"/> on the repository's schemas: a cold run (a new
    /// driver), a run after an unrelated C# edit (everything cached), and a run after an edit to one schema's text.
    /// Medians over runs, in milliseconds; the first run of the process (JIT of the generator itself) is reported apart.
    /// </summary>
    public static class GeneratorTimings
    {
        public static int Run(int runs)
        {
            var compilation = GeneratorHarness.Compilation("namespace Host { class C { } }");
            Console.WriteLine("generator timings (CSharpGeneratorDriver, medians of " + runs + " runs):");
            foreach (var name in new[] { "chat.completion.chunk.schema.json", "chat.completion.request.schema.json", "responses.stream-event.schema.json" })
            {
                string text = GeneratorHarness.Schema("openai/" + name);
                var schema = new GeneratorHarness.InMemoryText("/schemas/" + name, text);
                var cold = new List<double>();
                var unrelated = new List<double>();
                var schemaEdit = new List<double>();
                int files = 0, chars = 0;
                for (int i = 0; i < runs + 1; i++)
                {
                    var driver = GeneratorHarness.Driver(new[] { schema }, "Bench.Generated", trackSteps: false);
                    long t = Stopwatch.GetTimestamp();
                    driver = driver.RunGenerators(compilation);
                    double c = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    var result = driver.GetRunResult();
                    files = result.GeneratedTrees.Length;
                    chars = result.GeneratedTrees.Sum(tree => tree.Length);
                    if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        Console.WriteLine("  " + name + ": generator reported errors");
                        return 1;
                    }
                    t = Stopwatch.GetTimestamp();
                    driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Edited" + i + " { }")));
                    double u = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    var edited = new GeneratorHarness.InMemoryText(schema.Path, text.Replace("\"description\": \"", "\"description\": \"Edited " + i + ". ", StringComparison.Ordinal));
                    t = Stopwatch.GetTimestamp();
                    driver = driver.ReplaceAdditionalText(schema, edited).RunGenerators(compilation);
                    double s = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    if (i == 0)
                    {
                        Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, "  {0}: first run in this process {1:0} ms (generator JIT included)", name, c));
                        continue;
                    }
                    cold.Add(c);
                    unrelated.Add(u);
                    schemaEdit.Add(s);
                }
                double Median(List<double> xs) { var o = xs.OrderBy(x => x).ToList(); return o[o.Count / 2]; }
                Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "  {0,-38} {1,6:0} KiB schema -> {2,3} files, {3,6:0} KiB C#: cold {4,7:0.0} ms, unrelated C# edit {5,6:0.00} ms, schema text edit {6,7:0.0} ms",
                    name, text.Length / 1024.0, files, chars / 1024.0, Median(cold), Median(unrelated), Median(schemaEdit)));
            }
            return 0;
        }
    }
}
