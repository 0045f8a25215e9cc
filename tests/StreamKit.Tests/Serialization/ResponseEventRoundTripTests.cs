using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StreamKit.Responses;
using StreamKit.Serialization;
using StreamKit.Sse;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Serialization
{
    /// <summary>Responses events: unknown events and items survive byte for byte; every recorded event survives at the JSON level.</summary>
    public class ResponseEventRoundTripTests
    {
        private static string Write(IResponseStreamEvent e)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                ResponseStreamEventJson.Write(w, e);
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        [Theory]
        [InlineData("{\"type\":\"acme:trace_event\",\"sequence_number\":5,\"trace\":{\"x\":[1,2.50,\"é\",null,true],\"big\":12345678901234567890}}")]
        [InlineData("{\"sequence_number\":9,\"type\":\"response.future_thing.delta\",\"delta\":{\"nested\":[]}}")]
        [InlineData("{\"no_type_at_all\":1}")]
        public void Unknown_event_types_round_trip_byte_for_byte(string json)
        {
            var e = ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(json));
            Assert.IsType<UnknownResponseStreamEvent>(e);
            Assert.Equal(json, Write(e));
        }

        [Fact]
        public void Unknown_item_types_inside_known_events_round_trip_byte_for_byte()
        {
            string json = "{\"type\":\"response.output_item.added\",\"output_index\":0,\"sequence_number\":2,\"item\":{\"type\":\"acme_widget\",\"id\":\"w\",\"payload\":{\"n\":1.0E+3}}}";
            var e = Assert.IsType<ResponseOutputItemAddedEvent>(ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(json)));
            Assert.Equal("acme_widget", Assert.IsType<UnknownOutputItem>(e.Item).Tag);
            Assert.Equal(json, Write(e));
        }

        public static TheoryData<string> Streams() => TestPaths.StreamPaths("responses");

        [Theory]
        [MemberData(nameof(Streams))]
        public void Every_recorded_event_survives_read_then_write(string path)
        {
            int n = 0;
            foreach (var item in SseEventParser.ParseAll(File.ReadAllBytes(path)))
            {
                if (item.IsDoneSentinel) continue;
                var e = ResponseStreamEventJson.Parse(item.Data.Span);
                Assert.Equal(JsonEquivalence.Normalize(item.GetDataString()), JsonEquivalence.Normalize(Write(e)));
                n++;
            }
            Assert.True(n > 0);
        }

        [Fact]
        public void A_known_event_with_a_member_of_the_wrong_kind_names_its_path()
        {
            var ex = Assert.Throws<JsonPayloadException>(() => ResponseStreamEventJson.Parse(Encoding.UTF8.GetBytes(
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"output_index\":\"zero\",\"content_index\":0,\"delta\":\"x\"}")));
            Assert.Equal("$.output_index", ex.JsonPath);
        }
    }
}
