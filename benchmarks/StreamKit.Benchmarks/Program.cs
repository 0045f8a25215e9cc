using System.Linq;
using BenchmarkDotNet.Running;

namespace StreamKit.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// <c>dotnet run -c Release --project benchmarks/StreamKit.Benchmarks -- --filter '*'</c> (BenchmarkDotNet), or
        /// <c>-- compare [--quick]</c>: StreamKit against the OpenAI SDK in one process (quick: a few seconds, for CI logs).
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "compare")
            {
                bool quick = args.Contains("--quick");
                return Compare.SideBySide.RunAsync(quick ? 5 : 15, quick ? 20_000 : 100_000).GetAwaiter().GetResult();
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
