using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace StreamKit.Tests.Support
{
    /// <summary>Where the project's own fixtures and the shared recorded corpus are.</summary>
    public static class TestPaths
    {
        public static string RepoRoot { get; } = FindRoot();

        public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

        /// <summary>STREAMKIT_CORPUS, else ../shared/corpus beside the repository; null when neither exists.</summary>
        public static string? Corpus
        {
            get
            {
                string? env = Environment.GetEnvironmentVariable("STREAMKIT_CORPUS");
                if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
                string beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));
                return Directory.Exists(beside) ? beside : null;
            }
        }

        public const string CorpusAbsent = "SKIPPED: the shared corpus is absent (set STREAMKIT_CORPUS or put it at ../shared/corpus)";

        public static string Fixture(string relative) => Path.Combine(Fixtures, relative);

        public static byte[] FixtureBytes(string relative) => File.ReadAllBytes(Fixture(relative));

        /// <summary>Theory rows, one per recorded chat stream; a single skipped row when the corpus is absent.</summary>
        public static IEnumerable<TheoryDataRow<string>> CorpusFiles(string api)
        {
            string? corpus = Corpus;
            string dir = corpus is null ? "" : Path.Combine(corpus, api);
            if (corpus is null || !Directory.Exists(dir))
            {
                yield return new TheoryDataRow<string>("(corpus absent)") { Skip = CorpusAbsent };
                yield break;
            }
            foreach (var f in Directory.GetFiles(dir, "*.sse").OrderBy(f => f, StringComparer.Ordinal))
            {
                yield return new TheoryDataRow<string>(Path.GetFileName(f));
            }
        }

        /// <summary>Full paths of the fixture and (when present) corpus streams of one API folder (<c>chat</c>, <c>responses</c>), or of all when null.</summary>
        public static TheoryData<string> StreamPaths(string? api)
        {
            var data = new TheoryData<string>();
            foreach (var root in new[] { Fixtures, Corpus })
            {
                if (root is null) continue;
                string dir = api is null ? root : Path.Combine(root, api);
                if (!Directory.Exists(dir)) continue;
                foreach (var f in Directory.GetFiles(dir, "*.sse", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)) data.Add(f);
            }
            return data;
        }

        public static byte[] CorpusBytes(string api, string file)
        {
            string? corpus = Corpus;
            Assert.SkipWhen(corpus is null, CorpusAbsent);
            return File.ReadAllBytes(Path.Combine(corpus!, api, file));
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamKit.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("StreamKit.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
