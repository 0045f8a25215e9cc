using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace StreamKit.Generators.Json
{
    /// <summary>Thrown for text that is not JSON (RFC 8259); carries the character offset.</summary>
    internal sealed class JsonTextException : Exception
    {
        public JsonTextException(string message, int offset) : base(message) => Offset = offset;

        public int Offset { get; }
    }

    /// <summary>A recursive-descent RFC 8259 reader that builds <see cref="JsonNode"/> trees with offsets.</summary>
    internal sealed class JsonTextReader
    {
        private const int MaxDepth = 256;
        private readonly string _text;
        private int _pos;

        private JsonTextReader(string text) => _text = text;

        /// <summary>Parses one JSON document. Throws <see cref="JsonTextException"/> on bad input.</summary>
        public static JsonNode Parse(string text)
        {
            var r = new JsonTextReader(text);
            if (r._pos < text.Length && text[r._pos] == '\uFEFF') r._pos++;
            var node = r.ReadValue(0);
            r.SkipWhitespace();
            if (r._pos != text.Length) throw new JsonTextException("Unexpected text after the JSON value.", r._pos);
            return node;
        }

        private JsonNode ReadValue(int depth)
        {
            if (depth > MaxDepth) throw new JsonTextException("JSON nesting is deeper than " + MaxDepth + ".", _pos);
            SkipWhitespace();
            if (_pos >= _text.Length) throw new JsonTextException("Unexpected end of JSON.", _pos);
            int start = _pos;
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth, start);
                case '[': return ReadArray(depth, start);
                case '"': { var s = ReadString(); return new JsonNode(JsonKind.String, start, _pos - start, s, null, null); }
                case 't': Expect("true"); return new JsonNode(JsonKind.True, start, 4, null, null, null);
                case 'f': Expect("false"); return new JsonNode(JsonKind.False, start, 5, null, null, null);
                case 'n': Expect("null"); return new JsonNode(JsonKind.Null, start, 4, null, null, null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(start);
                    throw new JsonTextException("Unexpected character '" + c + "'.", _pos);
            }
        }

        private JsonNode ReadObject(int depth, int start)
        {
            _pos++;
            var members = new List<KeyValuePair<string, JsonNode>>();
            SkipWhitespace();
            if (Peek() == '}') { _pos++; return new JsonNode(JsonKind.Object, start, _pos - start, null, members, null); }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw new JsonTextException("Expected a property name.", _pos);
                string name = ReadString();
                SkipWhitespace();
                if (Peek() != ':') throw new JsonTextException("Expected ':' after property name.", _pos);
                _pos++;
                members.Add(new KeyValuePair<string, JsonNode>(name, ReadValue(depth + 1)));
                SkipWhitespace();
                char c = Peek();
                _pos++;
                if (c == '}') break;
                if (c != ',') throw new JsonTextException("Expected ',' or '}' in object.", _pos - 1);
            }
            return new JsonNode(JsonKind.Object, start, _pos - start, null, members, null);
        }

        private JsonNode ReadArray(int depth, int start)
        {
            _pos++;
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (Peek() == ']') { _pos++; return new JsonNode(JsonKind.Array, start, _pos - start, null, null, items); }
            while (true)
            {
                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                char c = Peek();
                _pos++;
                if (c == ']') break;
                if (c != ',') throw new JsonTextException("Expected ',' or ']' in array.", _pos - 1);
            }
            return new JsonNode(JsonKind.Array, start, _pos - start, null, null, items);
        }

        private string ReadString()
        {
            _pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw new JsonTextException("Unterminated string.", _pos);
                char c = _text[_pos++];
                if (c == '"') return sb.ToString();
                if (c < ' ') throw new JsonTextException("Control character in string.", _pos - 1);
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _text.Length) throw new JsonTextException("Unterminated escape.", _pos);
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length ||
                            !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                            throw new JsonTextException("Bad \\u escape.", _pos);
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default: throw new JsonTextException("Bad escape '\\" + e + "'.", _pos - 1);
                }
            }
        }

        private JsonNode ReadNumber(int start)
        {
            if (Peek() == '-') _pos++;
            if (!IsDigit(Peek())) throw new JsonTextException("Bad number.", _pos);
            if (Peek() == '0') _pos++; else while (IsDigit(Peek())) _pos++;
            if (Peek() == '.') { _pos++; if (!IsDigit(Peek())) throw new JsonTextException("Bad number.", _pos); while (IsDigit(Peek())) _pos++; }
            if (Peek() == 'e' || Peek() == 'E')
            {
                _pos++;
                if (Peek() == '+' || Peek() == '-') _pos++;
                if (!IsDigit(Peek())) throw new JsonTextException("Bad number.", _pos);
                while (IsDigit(Peek())) _pos++;
            }
            return new JsonNode(JsonKind.Number, start, _pos - start, _text.Substring(start, _pos - start), null, null);
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
                throw new JsonTextException("Unexpected literal; expected '" + word + "'.", _pos);
            _pos += word.Length;
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') _pos++;
                else break;
            }
        }
    }
}
