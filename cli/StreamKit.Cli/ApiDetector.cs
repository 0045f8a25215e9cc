using System;
using System.Text.Json;
using StreamKit.Sse;

namespace StreamKit.Cli
{
    /// <summary>The streaming APIs the CLI knows.</summary>
    public enum StreamApi
    {
        /// <summary>Chat Completions: <c>chat.completion.chunk</c> objects.</summary>
        Chat,

        /// <summary>The Responses API: typed <c>response.*</c> events.</summary>
        Responses,
    }

    /// <summary>Tells which API a recorded stream came from, by its first data event.</summary>
    public static class ApiDetector
    {
        /// <summary>
        /// <c>event: response.*</c>, or a JSON <c>type</c> starting with <c>response.</c>, means Responses; anything
        /// else (an <c>object</c> of <c>chat.completion.chunk</c>, <c>choices</c>, or an unrecognised first event) means Chat.
        /// </summary>
        public static StreamApi Detect(ReadOnlySpan<byte> stream)
        {
            var parser = new SseParser();
            parser.Feed(stream);
            parser.Complete();
            while (parser.TryRead(out var item))
            {
                if (item.IsDoneSentinel) continue;
                if (item.EventType.StartsWith("response.", StringComparison.Ordinal)) return StreamApi.Responses;
                try
                {
                    using var doc = JsonDocument.Parse(item.Data);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object
                        && doc.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                        && type.GetString()!.StartsWith("response.", StringComparison.Ordinal))
                    {
                        return StreamApi.Responses;
                    }
                }
                catch (JsonException)
                {
                }
                return StreamApi.Chat;
            }
            return StreamApi.Chat;
        }

        /// <summary>Parses the <c>--api</c> value (<c>chat</c> or <c>responses</c>).</summary>
        public static StreamApi? Parse(string? value) => value?.ToLowerInvariant() switch
        {
            null or "" => null,
            "chat" => StreamApi.Chat,
            "responses" => StreamApi.Responses,
            _ => throw new ArgumentException("--api must be 'chat' or 'responses', not '" + value + "'"),
        };
    }
}
