using System.Collections.Generic;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Corpus
{
    /// <summary>
    /// Every recorded chat stream in ../shared/corpus/chat: parses with zero errors, reduces to a final message, and
    /// reduces identically whatever the read sizes. The file name is the theory's argument, so the results list it.
    /// </summary>
    public class ChatCorpusTests
    {
        /// <summary>Streams that carry a provider error: they must end in that outcome, with their partial message.</summary>
        private static readonly HashSet<string> ProviderErrors = new HashSet<string>
        {
            "groq-gptoss-tool-use-failed-error-event.sse",
            "openrouter-minimax-keepalive-midstream-error.sse",
        };

        public static IEnumerable<TheoryDataRow<string>> Files() => TestPaths.CorpusFiles("chat");

        [Theory]
        [MemberData(nameof(Files))]
        public async Task Parses_without_errors_and_reduces(string file)
        {
            byte[] bytes = TestPaths.CorpusBytes("chat", file);
            var chunks = new List<ChatCompletionChunk>();
            var r = await Streams.ReduceAsync(Streams.Whole(bytes), chunks);

            Assert.NotEqual(StreamOutcome.Malformed, r.Outcome);
            Assert.NotEmpty(chunks);
            Assert.NotNull(r.Value.Choices);
            Assert.NotEmpty(r.Value.Choices!);
            if (ProviderErrors.Contains(file))
            {
                Assert.Equal(StreamOutcome.ProviderError, r.Outcome);
                Assert.Same(typeof(ProviderStreamException), r.Error!.GetType());
                Assert.NotNull(((ChatCompletion)r.Error.Partial!).Choices);
            }
            else
            {
                Assert.Equal(StreamOutcome.Completed, r.Outcome);
            }
        }

        [Theory]
        [MemberData(nameof(Files))]
        public async Task Reduces_the_same_whatever_the_read_sizes(string file)
        {
            byte[] bytes = TestPaths.CorpusBytes("chat", file);
            string whole = Describe(await Streams.ReduceAsync(Streams.Whole(bytes)));
            Assert.Equal(whole, Describe(await Streams.ReduceAsync(Streams.OneByte(bytes))));
            foreach (int seed in new[] { 1, 2, 3 })
            {
                Assert.Equal(whole, Describe(await Streams.ReduceAsync(Streams.Random(bytes, seed, max: 97))));
            }
        }

        internal static string Describe(StreamResult<ChatCompletion> r) =>
            StreamNames.Of(r.Outcome) + "|" + r.Statistics.Events + "|" + r.Statistics.Items + "|" + r.Statistics.Comments + "|" + r.Value.ToJson();
    }
}
