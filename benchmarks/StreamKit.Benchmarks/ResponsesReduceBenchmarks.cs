using System;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using StreamKit.Responses;

namespace StreamKit.Benchmarks
{
    /// <summary>Parse + event reduction of recorded Responses streams (typed events into a Response snapshot).</summary>
    [MemoryDiagnoser]
    public class ResponsesReduceBenchmarks
    {
        private byte[] _data = Array.Empty<byte>();

        [Params("responses/openai-logprobs-long.sse", "responses/openai-reasoning-summary-long.sse")]
        public string File { get; set; } = "";

        [GlobalSetup]
        public void Setup() => _data = Corpus.Read(File);

        [Benchmark]
        public async Task<int> ParseAndReduce()
        {
            using var stream = ResponseStream.FromStream(new MemoryStream(_data));
            var result = await stream.ReduceAsync();
            return result.Statistics.Items;
        }
    }
}
