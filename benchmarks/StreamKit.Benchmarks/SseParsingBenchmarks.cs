using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using StreamKit.Chat;
using BclSse = System.Net.ServerSentEvents;

namespace StreamKit.Benchmarks
{
    /// <summary>
    /// Why StreamKit has its own SSE parser: it must report byte offsets and keep an unterminated last event, which
    /// System.Net.ServerSentEvents does not. This measures what that costs on real recordings.
    /// </summary>
    [MemoryDiagnoser]
    public class SseParsingBenchmarks
    {
        private byte[] _data = Array.Empty<byte>();

        [Params("chat/openai-logprobs-top-logprobs-long.sse", "chat/azure-deepseek-v4-reasoning.sse")]
        public string File { get; set; } = "";

        [GlobalSetup]
        public void Setup() => _data = Corpus.Read(File);

        [Benchmark(Baseline = true)]
        public int SystemNetServerSentEvents() =>
            BclSse.SseParser.Create(new MemoryStream(_data), static (type, data) => data.Length).Enumerate().Sum(i => i.Data);

        [Benchmark]
        public int StreamKitSseParser()
        {
            int total = 0;
            foreach (var item in StreamKit.Sse.SseEventParser.ParseAll(_data)) total += item.Data.Length;
            return total;
        }

        [Benchmark]
        public async Task<int> StreamKitParseAndReduce()
        {
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(_data));
            var result = await stream.ReduceAsync();
            return result.Statistics.Items;
        }
    }

    internal static class Corpus
    {
        public static byte[] Read(string relative)
        {
            string root = Environment.GetEnvironmentVariable("STREAMKIT_CORPUS")
                ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "corpus"));
            string path = Path.Combine(root, relative);
            if (!System.IO.File.Exists(path)) throw new FileNotFoundException("Set STREAMKIT_CORPUS to the shared corpus folder", path);
            return System.IO.File.ReadAllBytes(path);
        }
    }
}
