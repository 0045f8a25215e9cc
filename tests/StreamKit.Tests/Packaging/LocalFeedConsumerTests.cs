using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Packaging
{
    /// <summary>
    /// The StreamKit package from a local folder feed, in a brand-new console project with one PackageReference: the
    /// generator inside it turns the consumer's own schema into types and a reducer (no hand-written MSBuild lines), and
    /// both the built-in types and its own run through the engine.
    /// </summary>
    public sealed class LocalFeedConsumerTests
    {
        private static (int Exit, string Output) Run(string workingDirectory, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "timed out: dotnet " + string.Join(" ", args));
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        [Fact]
        public void A_new_project_builds_and_runs_against_the_packed_package()
        {
            string configuration = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "release", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";
            string root = Path.Combine(Path.GetTempPath(), "streamkit-consumer-" + Guid.NewGuid().ToString("N"));
            string feed = Path.Combine(root, "feed");
            string app = Path.Combine(root, "app");
            Directory.CreateDirectory(app);
            try
            {
                // A version of its own, so the package cache never serves an older build of the same number.
                string version = "0.2.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
                var pack = Run(TestPaths.RepoRoot, "pack", "runtime/StreamKit/StreamKit.csproj", "-c", configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + version);
                Assert.True(pack.Exit == 0, pack.Output);
                System.Collections.Generic.List<string> files;
                using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, "StreamKit." + version + ".nupkg")))
                {
                    files = package.Entries.Select(e => e.FullName).ToList();
                }
                Assert.Contains("analyzers/dotnet/cs/StreamKit.Generators.dll", files);
                Assert.Contains("buildTransitive/StreamKit.props", files);
                Assert.Contains("PACKAGE.md", files);
                Assert.Contains("lib/net8.0/StreamKit.dll", files);
                Assert.Contains("lib/netstandard2.0/StreamKit.dll", files);

                string here = Path.Combine(TestPaths.RepoRoot, "tests", "StreamKit.Tests", "Packaging", "Consumer");
                File.Copy(Path.Combine(here, "forecast.schema.json"), Path.Combine(app, "forecast.schema.json"));
                File.Copy(Path.Combine(here, "Program.cs.txt"), Path.Combine(app, "Program.cs"));
                File.WriteAllText(Path.Combine(app, "nuget.config"),
                    "<configuration><packageSources><add key=\"local\" value=\"" + feed + "\" /></packageSources></configuration>");
                File.WriteAllText(Path.Combine(app, "Consumer.csproj"),
                    "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                    "  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>\n" +
                    "  <ItemGroup><PackageReference Include=\"StreamKit\" Version=\"" + version + "\" /></ItemGroup>\n" +
                    "  <ItemGroup><AdditionalFiles Update=\"forecast.schema.json\" StreamKitNamespace=\"Weather.Streams\" /></ItemGroup>\n" +
                    "</Project>\n");
                // The consumer lives outside this repository: keep its build away from our Directory.Build.props.
                File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
                File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />");

                var run = Run(app, "run", "-c", "Release");
                Assert.True(run.Exit == 0, run.Output);
                Assert.Contains("chat: completed Hi there", run.Output);
                Assert.Contains("forecast: completed Oslo: Cloudy, then rain.", run.Output);
            }
            finally
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
