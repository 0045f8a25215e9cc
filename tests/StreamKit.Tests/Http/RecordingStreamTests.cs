using System.IO;
using System.Text;
using System.Threading.Tasks;
using StreamKit.Http;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Http
{
    /// <summary>The recorder gets every byte read, with the API key replaced wherever it appears, however the reads split it.</summary>
    public class RecordingStreamTests
    {
        private const string Key = "sk-test-0123456789";

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public async Task The_key_is_redacted_wherever_the_reads_split_it(int seed)
        {
            var rng = new System.Random(seed);
            var sb = new StringBuilder();
            for (int i = 0; i < 200; i++)
            {
                int pick = rng.Next(4);
                sb.Append(pick switch { 0 => Key, 1 => Key.Substring(0, rng.Next(1, Key.Length)), 2 => "sk-", _ => "data: {\"x\":" + i + "}\n\n" });
            }
            string text = sb.ToString();
            byte[] body = Encoding.UTF8.GetBytes(text);
            var recorded = new MemoryStream();
            using (var stream = new RecordingStream(new Streams.TrickleStream(body, () => rng.Next(1, 40)), recorded, Key))
            {
                var read = new MemoryStream();
                var buffer = new byte[64];
                int n;
                while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, TestContext.Current.CancellationToken)) > 0) read.Write(buffer, 0, n);
                Assert.Equal(body, read.ToArray());
            }
            Assert.Equal(text.Replace(Key, "[redacted]"), Encoding.UTF8.GetString(recorded.ToArray()));
        }
    }
}
