using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace StreamKit.Responses
{
    /// <summary>Removes one value, named by a JSON path such as <c>$.output[0].content[1].logprobs[3].bytes</c>, from a JSON document.</summary>
    internal static class SnapshotRepair
    {
        public static bool TryRemove(ref byte[] json, string path)
        {
            var segments = Split(path);
            if (segments is null || segments.Count == 0) return false;
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(json);
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
            JsonNode? node = root;
            for (int i = 0; i < segments.Count - 1 && node is not null; i++) node = Step(node, segments[i]);
            var last = segments[segments.Count - 1];
            switch (node)
            {
                case JsonObject o when last is string name && o.ContainsKey(name):
                    o.Remove(name);
                    break;
                case JsonArray a when last is int index && index < a.Count:
                    a[index] = null;
                    break;
                default:
                    return false;
            }
            json = System.Text.Encoding.UTF8.GetBytes(root!.ToJsonString());
            return true;
        }

        private static JsonNode? Step(JsonNode node, object segment) => segment switch
        {
            string name => (node as JsonObject)?[name],
            int index => node is JsonArray a && index < a.Count ? a[index] : null,
            _ => null,
        };

        /// <summary>The segments of a path written by <c>JsonPayloadException.JsonPath</c>: <c>.name</c>, <c>['name']</c>, <c>[i]</c>.</summary>
        private static List<object>? Split(string path)
        {
            if (!path.StartsWith("$", StringComparison.Ordinal)) return null;
            var segments = new List<object>();
            int i = 1;
            while (i < path.Length)
            {
                if (path[i] == '.')
                {
                    int end = i + 1;
                    while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                    segments.Add(path.Substring(i + 1, end - i - 1));
                    i = end;
                }
                else if (string.CompareOrdinal(path, i, "['", 0, 2) == 0)
                {
                    int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    if (end < 0) return null;
                    segments.Add(path.Substring(i + 2, end - i - 2).Replace("\\'", "'"));
                    i = end + 2;
                }
                else if (path[i] == '[')
                {
                    int end = path.IndexOf(']', i);
                    if (end < 0 || !int.TryParse(path.Substring(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return null;
                    segments.Add(index);
                    i = end + 1;
                }
                else
                {
                    return null;
                }
            }
            return segments;
        }
    }
}
