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
        // A scan of the text as it arrives, so that the text is parsed again only after a top-level member may have ended
        // (a ',' at depth 1 or the closing '}' outside strings) and until it shows, not on every fragment.
        private int _depth;
        private bool _inString;
        private bool _escape;
        private bool _started;
        private bool _object;
        private bool _pending;

        /// <summary>Adds a fragment; returns the lines to show now (none while a value is still arriving).</summary>
        public IEnumerable<string> Add(string? fragment)
        {
            if (string.IsNullOrEmpty(fragment) || _done) yield break;
            _text.Append(fragment);
            // After a boundary, parse until the member before it shows (its successor's key must be read whole first).
            _pending |= Scan(fragment!);
            if (!_pending) yield break;
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
            if (ready > _shown)
            {
                _shown = ready;
                _pending = false;
            }
            _done = complete;
        }

        /// <summary>Advances the scan over <paramref name="fragment"/>; true when the text is worth parsing again (always for arguments that are not an object).</summary>
        private bool Scan(string fragment)
        {
            bool boundary = false;
            foreach (char c in fragment)
            {
                if (!_started)
                {
                    if (char.IsWhiteSpace(c)) continue;
                    _started = true;
                    _object = c == '{';
                }
                if (_inString)
                {
                    if (_escape) _escape = false;
                    else if (c == '\\') _escape = true;
                    else if (c == '"') _inString = false;
                    continue;
                }
                switch (c)
                {
                    case '"': _inString = true; break;
                    case '{' or '[': _depth++; break;
                    case '}' or ']':
                        _depth--;
                        if (_depth <= 0) boundary = true;
                        break;
                    case ',' when _depth == 1: boundary = true; break;
                }
            }
            return boundary || !_object;
        }
    }
}
