using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Docs
{
    /// <summary>Every C# block in the README compiles, as a console program with the SDK's implicit usings, against the shipped assemblies.</summary>
    public sealed class ReadmeSnippetTests
    {
        private static readonly string[] ImplicitUsings =
        {
            "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        };

        public static TheoryData<string, int> Snippets()
        {
            var data = new TheoryData<string, int>();
            foreach (var doc in new[] { "README.md" })
            {
                var blocks = Blocks(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, doc)));
                for (int i = 0; i < blocks.Count; i++) data.Add(doc, i);
            }
            return data;
        }

        private static List<string> Blocks(string markdown) =>
            Regex.Matches(markdown, "```csharp\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();

        private static IEnumerable<MetadataReference> References()
        {
            // Touch the assemblies the snippets use, so they are loaded and their paths known.
            _ = typeof(StreamKit.LlmStream);
            _ = typeof(StreamKit.Extensions.AI.StreamKitChatClientExtensions);
            _ = typeof(Microsoft.Extensions.AI.IChatClient);
            string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            var paths = trusted.Split(Path.PathSeparator).ToHashSet(StringComparer.Ordinal);
            foreach (var a in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0)) paths.Add(a.Location);
            return paths.Where(File.Exists).Select(p => MetadataReference.CreateFromFile(p));
        }

        [Theory, MemberData(nameof(Snippets))]
        public void The_snippet_compiles(string doc, int index)
        {
            string snippet = Blocks(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, doc)))[index];
            string usings = string.Concat(ImplicitUsings.Select(u => "global using " + u + ";\n"));
            var compilation = CSharpCompilation.Create("Snippet" + index,
                new[]
                {
                    CSharpSyntaxTree.ParseText(usings, new CSharpParseOptions(LanguageVersion.Latest), cancellationToken: TestContext.Current.CancellationToken),
                    CSharpSyntaxTree.ParseText(snippet, new CSharpParseOptions(LanguageVersion.Latest), cancellationToken: TestContext.Current.CancellationToken),
                },
                References(),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, doc + " block " + index + ":\n" + string.Join("\n", errors) + "\n---\n" + snippet);
        }
    }
}
