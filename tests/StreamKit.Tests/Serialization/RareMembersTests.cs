using System.Reflection;
using System.Text;
using StreamKit.Chat;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Serialization
{
    /// <summary>
    /// Members marked <c>x-streamkit-rare</c> (vendor fields most chunks lack) and unknown members live in a side object
    /// that is created when one of them is first set: a chunk without them is smaller, and behaves the same.
    /// </summary>
    public class RareMembersTests
    {
        private static object? SideObject(object model) =>
            model.GetType().GetField("__rare", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model);

        private static ChatCompletionChunk Parse(string json) => ChatCompletionChunk.Parse(Encoding.UTF8.GetBytes(json));

        [Fact]
        public void A_chunk_without_rare_or_unknown_members_has_no_side_object()
        {
            var chunk = Parse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}],\"usage\":null}");
            Assert.Null(SideObject(chunk));
            Assert.Null(SideObject(chunk.Choices![0]));
            Assert.Null(SideObject(chunk.Choices[0].Delta!));
            // Reading a rare member, or setting it to null, creates nothing.
            Assert.Null(chunk.Provider);
            chunk.Provider = null;
            chunk.ExtensionData = null;
            Assert.Null(SideObject(chunk));
        }

        [Fact]
        public void Rare_and_unknown_members_read_write_and_round_trip_as_other_members()
        {
            string json = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\",\"annotations\":[],\"x_d\":1},\"finish_reason\":null,\"native_finish_reason\":\"eos\"}],\"provider\":\"p\",\"citations\":[\"u\"],\"x_c\":true}";
            var chunk = Parse(json);
            Assert.Equal("p", chunk.Provider);
            Assert.Equal(new[] { "u" }, chunk.Citations);
            Assert.True(chunk.ExtensionData!["x_c"].GetBoolean());
            Assert.Equal("eos", chunk.Choices![0].NativeFinishReason);
            Assert.Empty(chunk.Choices[0].Delta!.Annotations!);
            Assert.Equal(1, chunk.Choices[0].Delta!.ExtensionData!["x_d"].GetInt32());
            Assert.Equal(JsonEquivalence.Normalize(json), JsonEquivalence.Normalize(chunk.ToJson()));

            // Clearing one rare member keeps the others.
            chunk.Provider = null;
            Assert.Null(chunk.Provider);
            Assert.Equal(new[] { "u" }, chunk.Citations);
            Assert.DoesNotContain("\"provider\"", chunk.ToJson());
        }

        [Fact]
        public void A_copy_has_its_own_side_object()
        {
            var chunk = Parse("{\"id\":\"c\",\"choices\":[],\"provider\":\"p\",\"citations\":[\"u\"],\"x_c\":1}");
            var copy = chunk.DeepClone();
            Assert.NotSame(SideObject(chunk), SideObject(copy));
            Assert.NotSame(chunk.Citations, copy.Citations);
            copy.Provider = "q";
            copy.Citations!.Add("v");
            copy.ExtensionData!.Clear();
            Assert.Equal("p", chunk.Provider);
            Assert.Equal(new[] { "u" }, chunk.Citations);
            Assert.Single(chunk.ExtensionData!);
        }

        [Fact]
        public void Usage_refusal_and_logprobs_are_rare_and_still_read_and_written()
        {
            string json = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"no\"},\"logprobs\":{\"content\":[]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}";
            var chunk = Parse(json);
            Assert.NotNull(SideObject(chunk));
            Assert.NotNull(SideObject(chunk.Choices![0]));
            Assert.NotNull(SideObject(chunk.Choices[0].Delta!));
            Assert.Equal(3, chunk.Usage!.TotalTokens);
            Assert.Equal("no", chunk.Choices[0].Delta!.Refusal);
            Assert.Equal(Parse(chunk.ToJson()).ToJson(), chunk.ToJson());
            Assert.Contains("\"usage\":{", chunk.DeepClone().ToJson());
        }

        [Fact]
        public void An_optional_open_enum_kept_as_its_wire_string_reads_back_as_it_was_set()
        {
            var chunk = Parse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"service_tier\":\"flex\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}");
            Assert.Equal("flex", chunk.ServiceTier!.Value.Value);
            Assert.Equal(ChatCompletionDeltaRole.Assistant, chunk.Choices![0].Delta!.Role);
            Assert.Null(chunk.Choices[0].FinishReason);
            chunk.Choices[0].FinishReason = ChatCompletionFinishReason.Stop;
            Assert.Equal(ChatCompletionFinishReason.Stop, chunk.DeepClone().Choices![0].FinishReason);
            chunk.ServiceTier = null;
            Assert.Null(chunk.ServiceTier);
            Assert.DoesNotContain("service_tier", chunk.ToJson());
            // default(T) has no wire string: it reads back as T(""), which equals it and writes the same.
            chunk.ServiceTier = default(ServiceTier);
            Assert.Equal(default(ServiceTier), chunk.ServiceTier);
            Assert.Contains("\"service_tier\":\"\"", chunk.ToJson());
        }
    }
}
