using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamKit.Tests.Support
{
    /// <summary>
    /// JSON equality for round trips: same members and values, member order ignored, numbers compared by value.
    /// A member whose value is null is the same as an absent member (StreamKit writes optional nulls as absent).
    /// </summary>
    public static class JsonEquivalence
    {
        public static string Normalize(string json) => Canonical(JsonNode.Parse(json))?.ToJsonString() ?? "null";

        private static JsonNode? Canonical(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, System.StringComparer.Ordinal)
                .Select(kv => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(kv.Key, Canonical(kv.Value)))),
            JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.GetValue<JsonElement>().GetDouble()),
            JsonValue v => JsonNode.Parse(v.ToJsonString()),
            _ => null,
        };
    }
}
