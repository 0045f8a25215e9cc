using System.IO;
using System.Linq;
using StreamKit.Tests.Support;
using Xunit;
using BclSse = System.Net.ServerSentEvents;

namespace StreamKit.Tests.Sse
{
    /// <summary>Our parser against System.Net.ServerSentEvents on every recorded and fixture stream.</summary>
    public class SseDifferentialTests
    {
        public static TheoryData<string> All() => TestPaths.StreamPaths(null);

        [Theory]
        [MemberData(nameof(All))]
        public void Same_events_as_System_Net_ServerSentEvents(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var ours = StreamKit.Sse.SseEventParser.ParseAll(bytes);
            var theirs = BclSse.SseParser.Create(new MemoryStream(bytes), (type, data) => data.ToArray()).Enumerate().ToList();

            // The BCL follows WHATWG strictly and drops a last event that has no blank line after it; we keep it, marked.
            int extra = ours.Count > 0 && ours[^1].Unterminated ? 1 : 0;
            Assert.Equal(theirs.Count + extra, ours.Count);
            for (int i = 0; i < theirs.Count; i++)
            {
                Assert.Equal(theirs[i].EventType, ours[i].EventType);
                Assert.Equal(theirs[i].Data, ours[i].Data.ToArray());
            }
        }
    }
}
