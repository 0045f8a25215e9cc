using BenchmarkDotNet.Running;

namespace StreamKit.Benchmarks
{
    public static class Program
    {
        /// <summary>dotnet run -c Release --project benchmarks/StreamKit.Benchmarks -- --filter '*'</summary>
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
