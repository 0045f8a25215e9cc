using System.Linq;
using BenchmarkDotNet.Running;

namespace StreamKit.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// <c>dotnet run -c Release --project benchmarks/StreamKit.Benchmarks -- --filter '*'</c> (BenchmarkDotNet), or
        /// <c>-- compare [--quick]</c>: StreamKit against the OpenAI SDK in one process (quick: a few seconds, for CI logs),
        /// or <c>-- generator [--quick]</c>: the source generator's time on the repository's schemas, cold and incremental.
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "compare")
            {
                bool quick = args.Contains("--quick");
                return Compare.SideBySide.RunAsync(quick ? 5 : 15, quick ? 20_000 : 100_000).GetAwaiter().GetResult();
            }
            if (args.Length > 0 && args[0] == "generator") return Generator.GeneratorTimings.Run(args.Contains("--quick") ? 3 : 10);
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
