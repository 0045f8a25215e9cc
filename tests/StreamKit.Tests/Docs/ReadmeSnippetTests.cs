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
            var errors = Compile(snippet, index, out _).GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, doc + " block " + index + ":\n" + string.Join("\n", errors) + "\n---\n" + snippet);
        }

        /// <summary>
        /// The README's <c>cs</c> block (a protocol over a consumer's own generated types, which no snippet compilation has)
        /// is the consumer test's protocol, line for line: that program is compiled against the package and run.
        /// </summary>
        [Fact]
        public void The_custom_protocol_block_is_the_consumer_test_s_protocol()
        {
            var readme = Regex.Match(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")), "```cs\n(.*?)```", RegexOptions.Singleline);
            Assert.True(readme.Success, "README.md has no cs block");
            string consumer = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "StreamKit.Tests", "Packaging", "Consumer", "Program.cs.txt"));
            Assert.Equal(ClassLines(consumer), ClassLines(readme.Groups[1].Value));
        }

        /// <summary>The code lines of the ForecastProtocol class (trimmed; blank lines and comments left out).</summary>
        private static List<string> ClassLines(string source)
        {
            var lines = source.Replace("\r\n", "\n").Split('\n');
            int start = Array.FindIndex(lines, l => l.StartsWith("sealed class ForecastProtocol", StringComparison.Ordinal));
            Assert.True(start >= 0, "no ForecastProtocol class in:\n" + source);
            int end = Array.FindIndex(lines, start, l => l == "}");
            return lines.Skip(start).Take(end - start + 1).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)).ToList();
        }

        /// <summary>The README blocks that talk to an endpoint, with the fixture(s) the replay server answers them with.</summary>
        public static TheoryData<int> RunnableSnippets()
        {
            var data = new TheoryData<int>();
            var blocks = Blocks(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")));
            for (int i = 0; i < blocks.Count; i++)
                if (blocks[i].Contains("StreamAsync(", StringComparison.Ordinal) || blocks[i].Contains("GetStreamingResponseAsync(", StringComparison.Ordinal)) data.Add(i);
            return data;
        }

        [Theory, MemberData(nameof(RunnableSnippets))]
        public async System.Threading.Tasks.Task The_quick_start_runs_against_the_loopback_replay_server(int index)
        {
            string snippet = Blocks(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")))[index];
            var bodies = snippet.Contains("ResponsesClient", StringComparison.Ordinal)
                ? new[] { TestPaths.FixtureBytes("responses/resumed-starting-after-1.sse") }
                : snippet.Contains(".Tools.Add", StringComparison.Ordinal)
                    ? new[] { TestPaths.FixtureBytes("chat/parallel-tool-calls-interleaved.sse"), TestPaths.FixtureBytes("chat/cumulative-usage-every-chunk.sse") }
                    : new[] { TestPaths.FixtureBytes("chat/cumulative-usage-every-chunk.sse") };
            using var server = StreamKit.Replay.SseReplayServer.Start(bodies, null);
            string local = Regex.Replace(snippet, "https?://[^\"]+/v1", server.BaseUrl.ToString().TrimEnd('/'));
            var compilation = Compile(local, index, out var options);
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var context = new System.Runtime.Loader.AssemblyLoadContext("snippet" + index, isCollectible: true);
            try
            {
                image.Position = 0;
                var assembly = context.LoadFromStream(image);
                var entry = assembly.EntryPoint!;
                var run = System.Threading.Tasks.Task.Run(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() }), TestContext.Current.CancellationToken);
                await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
                Assert.NotEmpty(server.Requests);
            }
            finally
            {
                context.Unload();
            }
        }

        private static CSharpCompilation Compile(string snippet, int index, out CSharpParseOptions options)
        {
            string usings = string.Concat(ImplicitUsings.Select(u => "global using " + u + ";\n"));
            options = new CSharpParseOptions(LanguageVersion.Latest);
            return CSharpCompilation.Create("Snippet" + index,
                new[]
                {
                    CSharpSyntaxTree.ParseText(usings, new CSharpParseOptions(LanguageVersion.Latest), cancellationToken: TestContext.Current.CancellationToken),
                    CSharpSyntaxTree.ParseText(snippet, new CSharpParseOptions(LanguageVersion.Latest), cancellationToken: TestContext.Current.CancellationToken),
                },
                References(),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        }
    }
}
