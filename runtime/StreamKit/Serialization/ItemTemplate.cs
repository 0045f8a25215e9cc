using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace StreamKit.Serialization
{
    /// <summary>Sets the string member a hole's path leads to (a generated <c>SetStringAt</c>).</summary>
    internal delegate bool HoleSetter<T>(T target, HolePath path, int depth, string value);

    /// <summary>
    /// A typed replay: one parsed item's bytes, a private copy of the item, and the item's string holes (every string
    /// value the reader sets on a string member). An event that is the same bytes outside the holes, with a valid JSON
    /// string in each, parses to a copy of the item with the holes' new strings set: the tokenizer is not run, and
    /// strings equal to the template's are shared, not decoded again. Parsing is a function of the bytes alone, so the
    /// result is the item a whole read gives; anything else (another shape, a null or number in a hole, a bad escape)
    /// is left to the whole read, which reports errors at their place.
    /// </summary>
    /// <typeparam name="T">The item: a generated model with <c>DeepClone</c> and <c>SetStringAt</c>.</typeparam>
    internal sealed class ItemTemplate<T>
        where T : class
    {
        private const int MaxHoles = 64;
        private const int MaxMembers = 64;
        private const int MaxBackoff = 64;
        private readonly Func<T, T> _clone;
        private readonly HoleSetter<T> _set;
        private byte[] _bytes = Array.Empty<byte>();
        private int _length;
        private (int Start, int Length, HolePath Path)[] _holes = Array.Empty<(int, int, HolePath)>();
        private int _holeCount;
        // Per changed hole of the event being matched: where its token starts, its length (negative when it has escapes
        // or control characters: the reader decodes it), and which hole it is.
        private (int At, int Token, int Hole)[] _changed = new (int, int, int)[8];
        private T? _item;
        private JsonReaderOptions _options;
        // After a template that no event matched, keeping the next is skipped for a while (doubling): a stream whose
        // chunks never repeat a shape does not pay for scanning and copying each one.
        private int _backoff;
        private int _skip;
        private bool _matchedSinceKept;

        /// <param name="clone">A deep copy of an item (the generated <c>DeepClone</c>).</param>
        /// <param name="set">The generated <c>SetStringAt</c> of the item's model.</param>
        public ItemTemplate(Func<T, T> clone, HoleSetter<T> set)
        {
            _clone = clone;
            _set = set;
        }

        /// <summary>Items parsed by a replay so far.</summary>
        public int Replays { get; private set; }

        /// <summary>
        /// Parses <paramref name="utf8Json"/> as a replay of the template, or returns false (nothing changed) when it is
        /// not one: then the caller reads it whole and offers the item to <see cref="Keep"/>.
        /// </summary>
        public bool TryParse(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options, out T? item)
        {
            item = null;
            if (_item is null || !JsonTokens.SameReading(options, _options)) return false;
            if (_changed.Length < _holeCount) _changed = new (int, int, int)[Math.Max(_holeCount, _changed.Length * 2)];
            var template = new ReadOnlySpan<byte>(_bytes, 0, _length);
            // The event and the template are compared a common run at a time: where a run ends inside a hole, the event's
            // string there is a changed one (checked, its place kept); anywhere else, the event is no replay. Holes inside
            // a common run hold the template's own string, and cost nothing.
            int at = 0, from = 0, h = 0, changed = 0;
            while (true)
            {
                int common = CommonPrefixLength(utf8Json.Slice(at), template.Slice(from));
                int differs = from + common;
                if (differs == template.Length && at + common == utf8Json.Length) break;
                while (h < _holeCount && _holes[h].Start + _holes[h].Length <= differs) h++;
                if (h == _holeCount || _holes[h].Start > differs) return false;
                var (start, length, _) = _holes[h];
                int tokenAt = at + (start - from);
                int token = StringToken(utf8Json.Slice(tokenAt), out bool plain);
                if (token < 0) return false;
                _changed[changed++] = (tokenAt, plain ? token : -token, h++);
                at = tokenAt + token;
                from = start + length;
            }
            var copy = _clone(_item);
            for (int c = 0; c < changed; c++)
            {
                var (tokenStart, tokenLength, hole) = _changed[c];
                if (Decode(utf8Json.Slice(tokenStart), tokenLength) is not { } value || !_set(copy, _holes[hole].Path, 0, value)) return false;
            }
            _matchedSinceKept = true;
            _backoff = 0;
            _skip = 0;
            Replays++;
            item = copy;
            return true;
        }

        /// <summary>
        /// Offers an item just read whole from <paramref name="utf8Json"/> (before anyone else has seen it) as the next
        /// template (one with a repeated member never is: see <see cref="FindHoles"/>).
        /// </summary>
        public void Keep(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options, T item)
        {
            if (_item is not null && !_matchedSinceKept) _backoff = Math.Min(MaxBackoff, Math.Max(1, _backoff * 2));
            _item = null;
            if (_skip > 0)
            {
                _skip--;
                return;
            }
            _skip = _backoff;
            if (_bytes.Length < utf8Json.Length) _bytes = new byte[Math.Max(utf8Json.Length, _bytes.Length * 2)];
            utf8Json.CopyTo(_bytes);
            _length = utf8Json.Length;
            var copy = _clone(item);
            if (!FindHoles(copy, options)) return;
            _options = options;
            _item = copy;
            _matchedSinceKept = false;
        }

        /// <summary>
        /// Scans the kept bytes for string values the item's model sets (setting each to its own value on the copy, which
        /// changes nothing). False when the bytes cannot be a template: an escaped or split name, a repeated member, an
        /// object of more than 64 members, or more than 64 holes.
        /// </summary>
        private bool FindHoles(T copy, JsonReaderOptions options)
        {
            _holeCount = 0;
            var holes = new List<(int, int, HolePath)>();
            // The steps to the current value: a member name's place (index -1), or an array element's index.
            var steps = new List<(int Start, int Length, int Index)>();
            // Per open container: the elements seen so far in an array, -1 for an object; and where its member names start in names.
            var containers = new List<int>();
            var nameStarts = new List<int>();
            var names = new List<(int Start, int Length)>();
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_bytes, 0, _length), options);
            try
            {
                while (reader.Read())
                {
                    var token = reader.TokenType;
                    switch (token)
                    {
                        case JsonTokenType.Comment:
                            continue;
                        case JsonTokenType.PropertyName:
                            if (reader.ValueIsEscaped || reader.HasValueSequence) return false;
                            var name = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                            // A repeated member (the last one wins) is never a template; nor is an object of more than
                            // MaxMembers members (the check is quadratic in them).
                            int first = nameStarts[nameStarts.Count - 1];
                            if (names.Count - first >= MaxMembers || Repeats(names, first, name)) return false;
                            names.Add(name);
                            steps.Add((name.Item1, name.Item2, -1));
                            continue;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            containers.RemoveAt(containers.Count - 1);
                            names.RemoveRange(nameStarts[nameStarts.Count - 1], names.Count - nameStarts[nameStarts.Count - 1]);
                            nameStarts.RemoveAt(nameStarts.Count - 1);
                            break;
                        default:
                            // A value starts: in an array, it is the next element.
                            int top = containers.Count - 1;
                            if (top >= 0 && containers[top] >= 0) steps.Add((0, 0, containers[top]++));
                            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                            {
                                containers.Add(token == JsonTokenType.StartArray ? 0 : -1);
                                nameStarts.Add(names.Count);
                                continue;
                            }
                            if (token == JsonTokenType.String)
                            {
                                var path = new HolePath(_bytes, steps.ToArray());
                                if (reader.GetString() is { } value && _set(copy, path, 0, value))
                                {
                                    if (holes.Count == MaxHoles) return false;
                                    holes.Add(((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex), path));
                                }
                            }
                            break;
                    }
                    // A value ended (a scalar, or a container just closed): its step (member name or index) goes.
                    if (containers.Count > 0) steps.RemoveAt(steps.Count - 1);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return false;
            }
            _holes = holes.ToArray();
            _holeCount = _holes.Length;
            return true;
        }

        /// <summary>Whether the name at <paramref name="name"/> equals one of <paramref name="names"/> from <paramref name="from"/> on (the open object's).</summary>
        private bool Repeats(List<(int Start, int Length)> names, int from, (int Start, int Length) name)
        {
            var bytes = new ReadOnlySpan<byte>(_bytes, name.Start, name.Length);
            for (int i = from; i < names.Count; i++)
            {
                if (names[i].Length == name.Length && bytes.SequenceEqual(new ReadOnlySpan<byte>(_bytes, names[i].Start, names[i].Length))) return true;
            }
            return false;
        }

        /// <summary>How many bytes <paramref name="a"/> and <paramref name="b"/> share from their start.</summary>
        private static int CommonPrefixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
#if NET8_0_OR_GREATER
            return a.CommonPrefixLength(b);
#else
            int n = Math.Min(a.Length, b.Length), i = 0;
            while (i < n && a[i] == b[i]) i++;
            return i;
#endif
        }

        /// <summary>
        /// The length, quotes included, of the valid JSON string token <paramref name="span"/> starts with; -1 when it does
        /// not start with one. <paramref name="plain"/>: it has no escape and no control character.
        /// </summary>
        private static int StringToken(ReadOnlySpan<byte> span, out bool plain)
        {
            int length = JsonTokens.PlainStringLength(span);
            plain = length > 0;
            if (plain) return length;
            // Escapes or control characters: the reader checks the token (and the decode, UTF-8 validity).
            var reader = new Utf8JsonReader(span, isFinalBlock: true, state: default);
            try
            {
                return reader.Read() && reader.TokenType == JsonTokenType.String ? (int)reader.BytesConsumed : -1;
            }
            catch (JsonException)
            {
                return -1;
            }
        }

        /// <summary>
        /// The string of the token <paramref name="span"/> starts with (found valid in form by <see cref="StringToken"/>, which
        /// gave <paramref name="token"/>: its length, negative when not plain), or null when its bytes are not valid UTF-8.
        /// </summary>
        private static string? Decode(ReadOnlySpan<byte> span, int token)
        {
#if NET8_0_OR_GREATER
            if (token > 0)
            {
                var value = span.Slice(1, token - 2);
                return System.Text.Unicode.Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : null;
            }
#endif
            var reader = new Utf8JsonReader(span, isFinalBlock: true, state: default);
            try
            {
                reader.Read();
                return reader.GetString();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
