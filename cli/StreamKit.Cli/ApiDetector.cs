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
        /// <summary>How much of a file is looked at: the first event is enough, and a hostile file cannot make detection costly.</summary>
        private const int Prefix = 1024 * 1024;

        /// <summary>
        /// <c>event: response.*</c>, or a JSON <c>type</c> starting with <c>response.</c>, means Responses; anything
        /// else (an <c>object</c> of <c>chat.completion.chunk</c>, <c>choices</c>, or an unrecognised first event) means
        /// Chat. Only the first MiB is read; a first event larger than that, or any bad framing, means Chat (the reducer
        /// then reports what is wrong).
        /// </summary>
        public static StreamApi Detect(ReadOnlySpan<byte> stream)
        {
            var parser = new SseEventParser(Prefix, Prefix);
            try
            {
                parser.Feed(stream.Length > Prefix ? stream.Slice(0, Prefix) : stream);
                parser.Complete();
            }
            catch (SseFormatException)
            {
                // A line or event beyond the prefix: look at what was dispatched before it, if anything.
            }
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
                catch (Exception ex) when (ex is JsonException or InvalidOperationException)
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

        /// <summary>The wire name of <paramref name="api"/>.</summary>
        public static string Name(StreamApi api) => api == StreamApi.Responses ? "responses" : "chat";
    }
}
