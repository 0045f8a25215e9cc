using System;
using System.Text;
using System.Text.Json;

namespace StreamKit.Http
{
    /// <summary>Finds a provider error in a JSON body or SSE payload, whatever the provider's shape.</summary>
    internal static class ProviderErrorParser
    {
        /// <summary>
        /// Reads <c>{"error": {...}}</c> (OpenAI, OpenRouter, Groq), <c>{"error": "text"}</c>, or a flat
        /// <c>{"message": ..., "code": ...}</c>. Returns null when <paramref name="json"/> is not JSON or has no message.
        /// </summary>
        public static ProviderError? TryParse(ReadOnlySpan<byte> json) => WithObject(json, root =>
        {
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String) return new ProviderError(error.GetString()!, null, null, null, error.GetRawText());
                if (error.ValueKind == JsonValueKind.Object) return FromObject(error);
            }
            return FromObject(root);
        });

        /// <summary>Finds the provider error inside the member <paramref name="member"/> (a failed Responses API <c>response</c> carries <c>error</c>).</summary>
        public static ProviderError? TryParseAt(ReadOnlySpan<byte> json, string member) => WithObject(json, root =>
            root.TryGetProperty(member, out var inner) && inner.ValueKind == JsonValueKind.Object
                && inner.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? FromObject(error)
                : null);

        /// <summary>Runs <paramref name="read"/> on the root when <paramref name="json"/> is a JSON object; null otherwise.</summary>
        private static ProviderError? WithObject(ReadOnlySpan<byte> json, Func<JsonElement, ProviderError?> read)
        {
            try
            {
                var reader = new Utf8JsonReader(json);
                using var doc = JsonDocument.ParseValue(ref reader);
                return doc.RootElement.ValueKind == JsonValueKind.Object ? read(doc.RootElement) : null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not JSON, or a string that is not valid UTF-8 (GetString throws InvalidOperationException).
                return null;
            }
        }

        /// <summary>As <see cref="TryParse(ReadOnlySpan{byte})"/>, for text.</summary>
        public static ProviderError? TryParse(string json) => TryParse(Encoding.UTF8.GetBytes(json));

        /// <summary>The error in an SSE event's data, or, when it is not a recognisable error object, the data itself (its first 4,096 characters) as the message.</summary>
        public static ProviderError ParseOrRaw(in Sse.SseEvent sseEvent)
        {
            if (TryParse(sseEvent.Data.Span) is { } parsed) return parsed;
            string raw = sseEvent.GetDataPreview(4096);
            return new ProviderError(raw, null, null, null, raw);
        }

        private static ProviderError? FromObject(JsonElement e)
        {
            string? message = Text(e, "message");
            if (message is null) return null;
            return new ProviderError(message, Text(e, "code"), Text(e, "type"), Text(e, "param"), e.GetRawText());
        }

        private static string? Text(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v)) return null;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }
    }
}
