using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>
    /// Reads a PowerShell data file (.psd1) well enough to check a module manifest: hashtables <c>@{ }</c>, arrays
    /// <c>@( )</c>, single- and double-quoted strings, numbers, <c>$true</c>/<c>$false</c>/<c>$null</c>, comments; keys
    /// separated by newlines or <c>;</c>, array items by newlines or commas. Anything else is an error naming the offset.
    /// </summary>
    public sealed class Psd1Reader
    {
        private readonly string _text;
        private int _pos;

        private Psd1Reader(string text) => _text = text;

        public static Dictionary<string, object?> Parse(string text)
        {
            var reader = new Psd1Reader(text);
            reader.Skip();
            var value = reader.Value();
            reader.Skip();
            if (reader._pos != text.Length) throw reader.Error("unexpected text after the hashtable");
            return value as Dictionary<string, object?> ?? throw reader.Error("the file is not a hashtable");
        }

        private FormatException Error(string what) => new FormatException(what + " at offset " + _pos);

        private void Skip(bool newlines = true)
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '#')
                {
                    while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
                }
                else if (c == '<' && _pos + 1 < _text.Length && _text[_pos + 1] == '#')
                {
                    int end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                    if (end < 0) throw Error("unterminated block comment");
                    _pos = end + 2;
                }
                else if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'))
                {
                    _pos++;
                }
                else
                {
                    break;
                }
            }
        }

        private object? Value()
        {
            Skip();
            if (_pos >= _text.Length) throw Error("a value is missing");
            char c = _text[_pos];
            if (c == '@' && Peek(1) == '{') return Hashtable();
            if (c == '@' && Peek(1) == '(') return Array();
            if (c == '\'' || c == '"') return String();
            if (c == '$')
            {
                string word = Word(1);
                return word.ToLowerInvariant() switch
                {
                    "true" => true,
                    "false" => false,
                    "null" => null,
                    _ => throw Error("variable $" + word + " is not allowed in a data file"),
                };
            }
            if (char.IsDigit(c) || c == '-' || c == '.')
            {
                int start = _pos;
                _pos++;
                while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
                string number = _text.Substring(start, _pos - start);
                if (long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) return l;
                if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
                throw Error("bad number " + number);
            }
            throw Error("unexpected '" + c + "'");
        }

        private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

        private string Word(int skip)
        {
            _pos += skip;
            int start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '-' || _text[_pos] == '.')) _pos++;
            return _text.Substring(start, _pos - start);
        }

        private Dictionary<string, object?> Hashtable()
        {
            _pos += 2;
            var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                Skip();
                if (_pos >= _text.Length) throw Error("unterminated hashtable");
                if (_text[_pos] == '}')
                {
                    _pos++;
                    return map;
                }
                if (_text[_pos] == ';')
                {
                    _pos++;
                    continue;
                }
                string key = _text[_pos] is '\'' or '"' ? String() : Word(0);
                if (key.Length == 0) throw Error("a key is missing");
                Skip();
                if (_pos >= _text.Length || _text[_pos] != '=') throw Error("'=' expected after " + key);
                _pos++;
                if (map.ContainsKey(key)) throw Error("duplicate key " + key);
                map[key] = Value();
            }
        }

        private List<object?> Array()
        {
            _pos += 2;
            var list = new List<object?>();
            while (true)
            {
                Skip();
                if (_pos >= _text.Length) throw Error("unterminated array");
                if (_text[_pos] == ')')
                {
                    _pos++;
                    return list;
                }
                if (_text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }
                list.Add(Value());
            }
        }

        private string String()
        {
            char quote = _text[_pos++];
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                char c = _text[_pos++];
                if (c == quote)
                {
                    if (_pos < _text.Length && _text[_pos] == quote)
                    {
                        sb.Append(quote);
                        _pos++;
                        continue;
                    }
                    return sb.ToString();
                }
                if (quote == '"' && c == '`' && _pos < _text.Length)
                {
                    char e = _text[_pos++];
                    sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
                    continue;
                }
                if (quote == '"' && c == '$') throw Error("variables are not expanded in a data file");
                sb.Append(c);
            }
        }
    }
}
