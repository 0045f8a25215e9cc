using System.IO;
using System.Text.Json;

namespace StreamKit.Chat
{
    /// <summary>Writes the JSON body of a streaming chat request: the typed body, <c>stream</c>, <c>stream_options</c>, then the extra members.</summary>
    internal static class ChatRequestWriter
    {
        public static byte[] Write(ChatCompletionRequest request)
        {
            var extra = request.ExtraBody;
            using var typed = new MemoryStream();
            using (var w = new Utf8JsonWriter(typed))
            {
                request.Body.WriteJson(w);
            }
            using var body = JsonDocument.Parse(typed.ToArray());
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                bool streamOptions = false;
                foreach (var member in body.RootElement.EnumerateObject())
                {
                    // An extra member replaces the typed one, except stream (always true) and model (never replaced).
                    if (member.NameEquals("stream") || (extra.ContainsKey(member.Name) && !member.NameEquals("model"))) continue;
                    if (member.NameEquals("stream_options")) streamOptions = true;
                    member.WriteTo(w);
                }
                w.WriteBoolean("stream", true);
                if (request.IncludeUsage && !streamOptions && !extra.ContainsKey("stream_options"))
                {
                    w.WriteStartObject("stream_options");
                    w.WriteBoolean("include_usage", true);
                    w.WriteEndObject();
                }
                StreamKit.Http.ExtraBody.Write(w, extra);
                w.WriteEndObject();
            }
            return stream.ToArray();
        }
    }
}
