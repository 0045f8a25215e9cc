using System.Text.Json.Nodes;

namespace StreamKit.Chat
{
    /// <summary>
    /// A tool call's arguments as they stream: the text so far and a best-effort parse of it (<see cref="PartialJson"/>:
    /// complete members so far and the string being written, nothing invented).
    /// </summary>
    public sealed class ToolCallArguments
    {
        private JsonNode? _parsed;
        private bool _parsedSet;

        internal ToolCallArguments(long choice, long index, string? id, string? name, string text)
        {
            Choice = choice;
            Index = index;
            Id = id;
            Name = name;
            Text = text;
        }

        /// <summary>The choice index.</summary>
        public long Choice { get; }

        /// <summary>The tool call's index within the choice.</summary>
        public long Index { get; }

        /// <summary>The call id, once it arrived.</summary>
        public string? Id { get; }

        /// <summary>The function name, once it arrived.</summary>
        public string? Name { get; }

        /// <summary>The arguments text so far.</summary>
        public string Text { get; }

        /// <summary>The arguments parsed so far (computed on first use; O(length)).</summary>
        public JsonNode? Arguments
        {
            get
            {
                if (!_parsedSet)
                {
                    _parsed = PartialJson.Parse(Text);
                    _parsedSet = true;
                }
                return _parsed;
            }
        }

        /// <summary>Whether the text is a complete JSON document.</summary>
        public bool IsComplete => PartialJson.IsComplete(Text);
    }
}
