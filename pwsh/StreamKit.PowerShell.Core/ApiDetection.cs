using System;
using System.Text.Json;

namespace StreamKit.PowerShell
{
    /// <summary>Tells the API from one event: <c>event: response.*</c> or a JSON <c>type</c> of <c>response.*</c> (or <c>error</c> with a sequence number) is Responses; anything else is Chat.</summary>
    public static class ApiDetection
    {
        /// <summary>The API of an event with this type and data.</summary>
        public static LlmApi Detect(string eventType, ReadOnlySpan<byte> data)
        {
            if (eventType.StartsWith("response.", StringComparison.Ordinal)) return LlmApi.Responses;
            try
            {
                var reader = new Utf8JsonReader(data);
                using var doc = JsonDocument.ParseValue(ref reader);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var type)
                    && type.ValueKind == JsonValueKind.String && type.GetString()!.StartsWith("response.", StringComparison.Ordinal))
                {
                    return LlmApi.Responses;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
            }
            return LlmApi.Chat;
        }
    }
}
