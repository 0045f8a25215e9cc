using System.Text;
using System.Text.Json;
using StreamKit.Serialization;
using Xunit;

namespace StreamKit.Tests.Serialization
{
    /// <summary>The no-transcoding string comparison behind repeated-string reuse agrees with the reader's own comparison.</summary>
    public class UnescapedEqualsTests
    {
        [Theory]
        [InlineData("gpt-4o", "gpt-4o")]
        [InlineData("gpt-4o", "gpt-4O")]
        [InlineData("gpt-4o", "gpt-4")]
        [InlineData("gpt-4", "gpt-4o")]
        [InlineData("é", "é")]
        [InlineData("é", "e")]
        [InlineData("éa", "éa")]
        [InlineData("ab", "é")]
        [InlineData("Ünïcødé", "Ünïcødé")]
        [InlineData("Ünïcødé", "Ünïcødë")]
        [InlineData("", "")]
        [InlineData("", "x")]
        [InlineData("😀", "😀")]
        [InlineData("abc", "é")]
        public void Agrees_with_the_reader(string onWire, string value)
        {
            // The values hold no quote, backslash or control character: written as they are, unescaped.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"" + onWire + "\""));
            reader.Read();
            Assert.False(reader.ValueIsEscaped);
            Assert.Equal(reader.ValueTextEquals(value), GeneratedJson.UnescapedEquals(ref reader, value));
            Assert.Equal(onWire == value, GeneratedJson.UnescapedEquals(ref reader, value));
        }
    }
}
