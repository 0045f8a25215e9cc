using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using StreamKit.Responses;

namespace StreamKit.Tests.Support
{
    public static class ResponseStreams
    {
        public static async Task<ResponseStreamResult> ReduceAsync(Stream body, List<IResponseStreamEvent>? events = null)
        {
            using var stream = ResponseStream.FromStream(body);
            return await stream.ReduceAsync(e => events?.Add(e));
        }

        public static Task<ResponseStreamResult> ReduceAsync(byte[] data) => ReduceAsync(Streams.Whole(data));

        public static Task<ResponseStreamResult> Fixture(string name) => ReduceAsync(TestPaths.FixtureBytes("responses/" + name));
    }
}
