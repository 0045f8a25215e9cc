using System.IO;
using System.Text.Json;

namespace StreamKit.Chat
{
    /// <summary>Writes the JSON body of a streaming chat request.</summary>
    internal static class ChatRequestWriter
    {
        public static byte[] Write(ChatCompletionRequest request)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                var extra = request.ExtraBody;
                w.WriteStartObject();
                w.WriteString("model", request.Model);
                if (!extra.ContainsKey("messages"))
                {
                    w.WriteStartArray("messages");
                    foreach (var m in request.Messages)
                    {
                        w.WriteStartObject();
                        w.WriteString("role", m.Role);
                        w.WriteString("content", m.Content);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteBoolean("stream", true);
                if (request.IncludeUsage && !extra.ContainsKey("stream_options"))
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
