using System.Collections.Generic;
using System.Text.Json;

namespace StreamKit.Http
{
    /// <summary>Writes a request's extra body members untouched, after StreamKit's own; <c>stream</c> and <c>model</c> are never overridden.</summary>
    internal static class ExtraBody
    {
        public static void Write(Utf8JsonWriter writer, IDictionary<string, JsonElement> extra)
        {
            foreach (var kv in extra)
            {
                if (kv.Key == "stream" || kv.Key == "model") continue;
                writer.WritePropertyName(kv.Key);
                kv.Value.WriteTo(writer);
            }
        }
    }
}
