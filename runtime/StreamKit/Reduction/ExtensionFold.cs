using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using StreamKit.Serialization;

namespace StreamKit.Reduction
{
    /// <summary>
    /// How generated reducers fold the members a schema does not declare (a chunk's, a choice's or a delta's
    /// <c>ExtensionData</c>) into the reduced value. The rule (schemas/README.md, "Unknown members"):
    /// <list type="bullet">
    /// <item>An unknown member never replaces or shadows a member the target declares or the reducer produced: a name the
    /// target declares is not copied (it stays on each chunk), and members the reducer writes win over unknown ones.</item>
    /// <item>Below the root (choices, deltas, tool calls: the levels whose values are fragments), string values
    /// concatenate in arrival order, as openai-python's accumulator does; other values are last-wins.</item>
    /// <item>At the root (the chunk), every unknown member is last-wins: it is per-chunk metadata, not a fragment.</item>
    /// </list>
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class ExtensionFold
    {
        private readonly Dictionary<string, JsonElement> _values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        private Dictionary<string, StringBuilder>? _text;

        /// <summary>Folds one source object's unknown members; <paramref name="concatenateStrings"/> below the root.</summary>
        public void Apply(Dictionary<string, JsonElement> source, bool concatenateStrings)
        {
            foreach (var kv in source) ApplyMember(kv.Key, kv.Value, concatenateStrings);
        }

        /// <summary>Folds one unknown member (the reduce-only pass calls this per member, in arrival order).</summary>
        public void ApplyMember(string name, JsonElement value, bool concatenateStrings)
        {
            if (concatenateStrings && value.ValueKind == JsonValueKind.String && TryGetText(value, out string? text))
            {
                _text ??= new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
                if (!_text.TryGetValue(name, out var sb))
                {
                    sb = new StringBuilder();
                    _text[name] = sb;
                }
                sb.Append(text);
                _values.Remove(name);
            }
            else
            {
                _text?.Remove(name);
                _values[name] = value;
            }
        }

        /// <summary>The folded members for a new target, leaving out every name in <paramref name="declared"/>; null when none are left.</summary>
        public Dictionary<string, JsonElement>? Build(string[] declared)
        {
            Dictionary<string, JsonElement>? result = null;
            foreach (var kv in _values)
            {
                if (Array.IndexOf(declared, kv.Key) >= 0) continue;
                (result ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[kv.Key] = kv.Value;
            }
            if (_text is not null)
            {
                foreach (var kv in _text)
                {
                    if (Array.IndexOf(declared, kv.Key) >= 0) continue;
                    string value = kv.Value.ToString();
                    (result ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[kv.Key] =
                        GeneratedJson.ToElement(value, static (writer, v) => writer.WriteStringValue(v));
                }
            }
            return result;
        }

        private static bool TryGetText(JsonElement element, out string? text)
        {
            try
            {
                text = element.GetString();
                return text is not null;
            }
            catch (InvalidOperationException)
            {
                // A string the reader cannot decode (a lone surrogate escape) is kept raw, last-wins.
                text = null;
                return false;
            }
        }
    }
}
