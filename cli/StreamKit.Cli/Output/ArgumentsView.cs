using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;

namespace StreamKit.Cli.Output
{
    /// <summary>
    /// A tool call's arguments, readable while they stream: each top-level member is shown on its own line
    /// (<c>city: "Oslo"</c>) as soon as its value is complete, from the partial parse of the text so far.
    /// </summary>
    public sealed class ArgumentsView
    {
        private readonly StringBuilder _text = new StringBuilder();
        private int _shown;
        private bool _done;

        /// <summary>Adds a fragment; returns the lines to show now (none while a value is still arriving).</summary>
        public IEnumerable<string> Add(string? fragment)
        {
            if (string.IsNullOrEmpty(fragment) || _done) yield break;
            _text.Append(fragment);
            string text = _text.ToString();
            var parsed = PartialJson.Parse(text);
            // A whole JSON object ends with '}': the full check (a parse that throws while the text is open) runs only then.
            bool complete = (parsed is not JsonObject || text.TrimEnd().EndsWith('}')) && PartialJson.IsComplete(text);
            if (parsed is not JsonObject members)
            {
                if (complete)
                {
                    _done = true;
                    yield return "\n    " + text;
                }
                yield break;
            }
            // Every member but the last is complete; the last one too once the document is.
            int ready = complete ? members.Count : members.Count - 1;
            int i = 0;
            foreach (var member in members)
            {
                if (i >= _shown && i < ready) yield return "\n    " + member.Key + ": " + (member.Value?.ToJsonString() ?? "null");
                i++;
            }
            if (ready > _shown) _shown = ready;
            _done = complete;
        }
    }
}
