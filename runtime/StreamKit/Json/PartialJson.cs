using System;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace StreamKit
{
    /// <summary>
    /// Reads JSON that is still arriving (a tool call's arguments mid-stream) into a best-effort tree: the members and
    /// elements complete so far, and the string being written so far. Nothing is invented: a key whose value has not
    /// started is left out, a number or literal that could still grow is left out, a half-written escape is dropped.
    /// So every value in the result is in the final document (a string is a prefix of its final value), and once the
    /// text is complete the result equals a full parse. No reflection (AOT- and trim-safe).
    /// </summary>
    public static class PartialJson
    {
        /// <summary>
        /// The tree so far: a <see cref="JsonObject"/>, <see cref="JsonArray"/> or <see cref="JsonValue"/>; null when no value
        /// has started (or the text starts with something that is not JSON). Text after a syntax error is ignored.
        /// </summary>
        public static JsonNode? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            var reader = new Reader(text!);
            reader.SkipSpace();
            return reader.Value(out var node, out _) ? node : null;
        }

        /// <summary>Whether <paramref name="text"/> is a complete, valid JSON document (the arguments have all arrived).</summary>
        public static bool IsComplete(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return false;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(text!);
                return true;
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        /// <summary>The deepest nesting followed; deeper values are left out (the parse never recurses without bound).</summary>
        public const int MaxDepth = 256;

        private sealed class Reader
        {
            private readonly string _s;
            private int _i;
            private int _depth;

            public Reader(string s) => _s = s;

            public bool AtEnd => _i >= _s.Length;

            public void SkipSpace()
            {
                while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r')) _i++;
            }

            /// <summary>Reads a value. False when none has started (or cannot be used yet); <paramref name="complete"/> when it ended.</summary>
            public bool Value(out JsonNode? node, out bool complete)
            {
                node = null;
                complete = false;
                if (AtEnd) return false;
                char c = _s[_i];
                switch (c)
                {
                    case '{' or '[' when _depth >= MaxDepth:
                        return false;
                    case '{':
                        _depth++;
                        bool o = Object(out node, out complete);
                        _depth--;
                        return o;
                    case '[':
                        _depth++;
                        bool a = Array(out node, out complete);
                        _depth--;
                        return a;
                    case '"':
                        bool has = String(out string? text, out complete);
                        if (has) node = JsonValue.Create(text);
                        return has;
                    case 't': return Literal("true", JsonValue.Create(true), out node, out complete);
                    case 'f': return Literal("false", JsonValue.Create(false), out node, out complete);
                    case 'n':
                        bool isNull = Literal("null", null, out node, out complete);
                        return isNull;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return Number(out node, out complete);
                        return false;
                }
            }

            private enum Step { End, Closed, Element }

            /// <summary>Skips separators to the next element of a container: the text's end, the closing <paramref name="close"/> (consumed), or an element.</summary>
            private Step NextElement(char close)
            {
                while (true)
                {
                    SkipSpace();
                    if (AtEnd) return Step.End;
                    if (_s[_i] == close)
                    {
                        _i++;
                        return Step.Closed;
                    }
                    if (_s[_i] != ',') return Step.Element;
                    _i++;
                }
            }

            private bool Object(out JsonNode? node, out bool complete)
            {
                var o = new JsonObject();
                node = o;
                complete = false;
                _i++;
                while (true)
                {
                    var step = NextElement('}');
                    if (step != Step.Element)
                    {
                        complete = step == Step.Closed;
                        return true;
                    }
                    if (_s[_i] != '"') return true;
                    if (!String(out string? key, out bool keyDone) || !keyDone) return true;
                    SkipSpace();
                    if (AtEnd || _s[_i] != ':') return true;
                    _i++;
                    SkipSpace();
                    if (!Value(out var value, out bool valueDone)) return true;
                    o[key!] = value;
                    if (!valueDone) return true;
                }
            }

            private bool Array(out JsonNode? node, out bool complete)
            {
                var a = new JsonArray();
                node = a;
                complete = false;
                _i++;
                while (true)
                {
                    var step = NextElement(']');
                    if (step != Step.Element)
                    {
                        complete = step == Step.Closed;
                        return true;
                    }
                    if (!Value(out var value, out bool done)) return true;
                    a.Add(value);
                    if (!done) return true;
                }
            }

            private bool String(out string? text, out bool complete)
            {
                var sb = new StringBuilder();
                complete = false;
                _i++;
                while (!AtEnd)
                {
                    char c = _s[_i];
                    if (c == '"')
                    {
                        _i++;
                        complete = true;
                        break;
                    }
                    if (c != '\\')
                    {
                        sb.Append(c);
                        _i++;
                        continue;
                    }
                    if (_i + 1 >= _s.Length) break;
                    char e = _s[_i + 1];
                    if (e == 'u')
                    {
                        if (_i + 6 > _s.Length) break;
                        if (!int.TryParse(_s.Substring(_i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)) break;
                        char ch = (char)code;
                        if (char.IsHighSurrogate(ch))
                        {
                            // Keep a pair together: a high surrogate alone may still be completed by the next escape.
                            if (_i + 12 > _s.Length) break;
                            if (_s[_i + 6] == '\\' && _s[_i + 7] == 'u'
                                && int.TryParse(_s.Substring(_i + 8, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int low) && char.IsLowSurrogate((char)low))
                            {
                                sb.Append(ch).Append((char)low);
                                _i += 12;
                                continue;
                            }
                        }
                        sb.Append(ch);
                        _i += 6;
                        continue;
                    }
                    sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => e });
                    _i += 2;
                }
                text = sb.ToString();
                return true;
            }

            private bool Literal(string word, JsonNode? value, out JsonNode? node, out bool complete)
            {
                node = null;
                complete = false;
                if (_i + word.Length > _s.Length || string.CompareOrdinal(_s, _i, word, 0, word.Length) != 0) return false;
                _i += word.Length;
                node = value;
                complete = true;
                return true;
            }

            private bool Number(out JsonNode? node, out bool complete)
            {
                node = null;
                complete = false;
                int start = _i;
                while (_i < _s.Length && "+-0123456789.eE".IndexOf(_s[_i]) >= 0) _i++;
                // At the end of the text the number may still grow: 12 could become 123.
                if (AtEnd) return false;
                string number = _s.Substring(start, _i - start);
                try
                {
                    // The exact text, kept as JSON (a big integer or 1e999 stays as written, never rounded).
                    using var doc = System.Text.Json.JsonDocument.Parse(number);
                    if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Number) return false;
                    node = JsonValue.Create(doc.RootElement.Clone());
                }
                catch (System.Text.Json.JsonException)
                {
                    return false;
                }
                complete = true;
                return true;
            }
        }
    }
}
