using System.IO;
using System.Linq;
using System.Text;
using StreamKit.Chat;
using StreamKit.Serialization;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Serialization
{
    /// <summary>Generated readers and writers: read then write gives equivalent JSON; bad JSON gives path and offset.</summary>
    public class ChunkRoundTripTests
    {
        public static TheoryData<string> Streams() => TestPaths.StreamPaths("chat");

        [Theory]
        [MemberData(nameof(Streams))]
        public void Every_chunk_survives_read_then_write(string path)
        {
            int checkedChunks = 0;
            foreach (var item in SseEventParser.ParseAll(File.ReadAllBytes(path)))
            {
                if (item.IsDoneSentinel) continue;
                ChatCompletionChunk chunk;
                try
                {
                    chunk = ChatCompletionChunk.Parse(item.Data.Span);
                }
                catch (JsonPayloadException)
                {
                    continue; // the malformed fixtures; covered by their own tests
                }
                string original = item.GetDataString();
                Assert.Equal(JsonEquivalence.Normalize(original), JsonEquivalence.Normalize(chunk.ToJson()));
                checkedChunks++;
            }
            Assert.True(checkedChunks > 0);
        }

        [Fact]
        public void Invalid_JSON_reports_the_member_path_and_byte_offset()
        {
            byte[] json = Encoding.UTF8.GetBytes("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":tru}}]}");
            var ex = Assert.Throws<JsonPayloadException>(() => ChatCompletionChunk.Parse(json));
            Assert.Equal("$.choices[0].delta.content", ex.JsonPath);
            Assert.InRange(ex.BytePosition, 51, 54); // 'tru' starts at 51; the reader notices at the '}' after it
        }

        [Fact]
        public void Missing_required_members_and_nulls_are_tolerated()
        {
            var chunk = ChatCompletionChunk.Parse("{\"choices\":[{\"index\":0,\"delta\":null,\"finish_reason\":null}]}");
            Assert.Null(chunk.Id);
            Assert.Null(chunk.Choices![0].Delta);
            Assert.Null(chunk.Object); // absent on the wire stays absent when read
            Assert.Equal("chat.completion.chunk", new ChatCompletionChunk().Object);
        }

        [Fact]
        public void Trailing_data_after_the_object_is_an_error()
        {
            var ex = Assert.Throws<JsonPayloadException>(() => ChatCompletionChunk.Parse("{\"id\":\"x\"} {}"));
            Assert.Equal("$", ex.JsonPath);
        }

        [Fact]
        public void Enums_are_open_and_compare_by_value()
        {
            ChatCompletionFinishReason reason = "stop";
            Assert.Equal(ChatCompletionFinishReason.Stop, reason);
            Assert.True(reason.IsKnown);
            Assert.False(new ChatCompletionFinishReason("error").IsKnown);
            Assert.Equal("", default(ChatCompletionFinishReason).Value);
        }

        [Fact]
        public void Content_as_string_or_parts_writes_back_the_same_shape()
        {
            var parts = ChatCompletionDelta.Parse("{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}");
            Assert.Null(parts.Content);
            Assert.Equal("a", parts.ContentParts![0].Text);
            Assert.Equal("{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}", parts.ToJson());
            var text = ChatCompletionDelta.Parse("{\"content\":\"a\"}");
            Assert.Equal("{\"content\":\"a\"}", text.ToJson());
        }
    }
}
