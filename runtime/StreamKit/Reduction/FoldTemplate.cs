using System;
using System.Text;
using System.Text.Json;

namespace StreamKit.Reduction
{
    /// <summary>
    /// One folded event's bytes with its string "holes": the string whose text was appended (exactly one) and the
    /// strings the fold only checked (<c>obfuscation</c>, an id already set). A later event that is the same bytes with
    /// other strings in the holes folds to the same values plus its own text (see <see cref="FoldContext.TryReplay"/>).
    /// While recording it collects the holes of the event being folded; once kept it is the template.
    /// </summary>
    internal sealed class FoldTemplate
    {
        private (int Start, int Length)[] _holes = new (int, int)[4];
        private int _holeCount;
        private int _appendStart;
        private int _numberStart;
        private int _appendHoles;
        private bool _unusable;
        private StringBuilder? _text;
        private byte[] _bytes = Array.Empty<byte>();
        private int _length;
        private object? _owner;
        private int _version;
        private bool _kept;
        private JsonReaderOptions _options;

        /// <summary>Whether the template event had content other than its text (an object at the content depth: a tool call).</summary>
        public bool StructuralContent { get; private set; }

        /// <summary>Starts recording a new event.</summary>
        public void Clear()
        {
            _holeCount = 0;
            _appendStart = -1;
            _numberStart = -1;
            _appendHoles = 0;
            _unusable = false;
            _text = null;
            _kept = false;
        }

        /// <summary>A string token of the event: appended to <paramref name="text"/>, or only checked when null.</summary>
        public void AddHole(long start, int length, StringBuilder? text) => AddHole(start, length, text, append: text is not null);

        /// <summary>
        /// An event's integer that only feeds code run again on a replay (a Responses sequence number): a hole holding
        /// plain digits (<see cref="Number"/> after a match).
        /// </summary>
        public void AddNumberHole(long start, int length)
        {
            if (_numberStart >= 0)
            {
                _unusable = true;
                return;
            }
            AddHole(start, length, null, append: false);
            if (!_unusable) _numberStart = (int)start;
        }

        /// <summary>The string an event's replayed code appends (no builder: the caller appends it).</summary>
        public void AddTextHole(long start, int length) => AddHole(start, length, null, append: true);

        /// <summary>Whether the recording can be a template of an event whose code is run again on a replay: one text hole.</summary>
        public bool IsEventTemplate => !_unusable && _appendHoles == 1 && _text is null;

        /// <summary>The number decoded from the number hole by the last match, if the template has one.</summary>
        public long? Number { get; private set; }

        private void AddHole(long start, int length, StringBuilder? text, bool append)
        {
            // Holes arrive in reading order; anything else (a look-ahead) makes the recording unusable.
            int previousEnd = _holeCount == 0 ? 0 : _holes[_holeCount - 1].Start + _holes[_holeCount - 1].Length;
            if (start < previousEnd || start > int.MaxValue - length)
            {
                _unusable = true;
                return;
            }
            Insert(_holeCount, (int)start, length, text, append);
        }

        /// <summary>
        /// A string read into a local and appended to <paramref name="text"/> when its object ended (a guarded text fold):
        /// a hole placed among those recorded since, in order.
        /// </summary>
        public void InsertHole(long start, int length, StringBuilder text)
        {
            int at = _holeCount;
            while (at > 0 && _holes[at - 1].Start > start) at--;
            bool overlaps = (at > 0 && _holes[at - 1].Start + _holes[at - 1].Length > start)
                || (at < _holeCount && start + length > _holes[at].Start) || start > int.MaxValue - length;
            if (overlaps)
            {
                _unusable = true;
                return;
            }
            Insert(at, (int)start, length, text, append: true);
        }

        private void Insert(int at, int start, int length, StringBuilder? text, bool append)
        {
            if (append)
            {
                _appendHoles++;
                _appendStart = start;
                _text = text;
            }
            if (_holeCount == _holes.Length) Array.Resize(ref _holes, _holes.Length * 2);
            Array.Copy(_holes, at, _holes, at + 1, _holeCount - at);
            _holes[at] = (start, length);
            _holeCount++;
        }

        /// <summary>Whether the recording can be a template whose one append went to <paramref name="appended"/>.</summary>
        public bool IsTemplate(StringBuilder appended) => !_unusable && _appendHoles == 1 && ReferenceEquals(_text, appended);

        /// <summary>Keeps the recording as the template: a copy of the event's bytes, for <paramref name="owner"/> at <paramref name="version"/>.</summary>
        public void Keep(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options, object owner, int version, bool structuralContent)
        {
            _options = options;
            if (_bytes.Length < utf8Json.Length) _bytes = new byte[Math.Max(utf8Json.Length, _bytes.Length * 2)];
            utf8Json.CopyTo(_bytes);
            _length = utf8Json.Length;
            _owner = owner;
            _version = version;
            StructuralContent = structuralContent;
            _kept = true;
        }

        /// <summary>Forgets the template.</summary>
        public void Forget()
        {
            _kept = false;
            _owner = null;
            _text = null;
        }

        /// <summary>Whether this is a template for <paramref name="owner"/>, which has not changed since it was kept or last replayed, read with the same options.</summary>
        public bool Matches(JsonReaderOptions options, object owner, int version) =>
            _kept && ReferenceEquals(owner, _owner) && version == _version
            // The template's literal bytes were checked under its options (comments, trailing commas, depth).
            && Serialization.JsonTokens.SameReading(options, _options);

        /// <summary>The template was replayed; the owner is now at <paramref name="version"/>.</summary>
        public void Replayed(int version) => _version = version;

        /// <summary>
        /// Matches <paramref name="utf8Json"/> against the template: the same bytes outside the holes, and a valid JSON
        /// string in each hole (checked and decoded as the fold does). On a match, the appended hole's text is in
        /// <paramref name="context"/>'s scratch buffer (<paramref name="chars"/> chars) and <paramref name="text"/> is where it goes.
        /// </summary>
        public bool TryDecode(ReadOnlySpan<byte> utf8Json, FoldContext context, out StringBuilder text, out int chars)
        {
            text = _text!;
            chars = -1;
            Number = null;
            var template = new ReadOnlySpan<byte>(_bytes, 0, _length);
            int at = 0, from = 0;
            try
            {
                for (int h = 0; h < _holeCount; h++)
                {
                    var (start, length) = _holes[h];
                    var literal = template.Slice(from, start - from);
                    if (!utf8Json.Slice(at).StartsWith(literal)) return false;
                    at += literal.Length;
                    if (start == _numberStart)
                    {
                        int digits = PlainInteger(utf8Json.Slice(at), out long number);
                        if (digits < 0) return false;
                        Number = number;
                        at += digits;
                        from = start + length;
                        continue;
                    }
                    bool append = start == _appendStart;
                    int token = PlainString(utf8Json.Slice(at), append ? context : null, ref chars);
                    if (token < 0)
                    {
                        var reader = new Utf8JsonReader(utf8Json.Slice(at), isFinalBlock: true, state: default);
                        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                        if (append) chars = Serialization.GeneratedJson.CopyString(ref reader, context);
                        else Serialization.GeneratedJson.SkipString(ref reader);
                        token = (int)reader.BytesConsumed;
                    }
                    at += token;
                    from = start + length;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                // Not a valid string here: the whole fold reads the event and reports the error at its place.
                return false;
            }
            var tail = template.Slice(from);
            return chars >= 0 && utf8Json.Length - at == tail.Length && utf8Json.Slice(at).SequenceEqual(tail);
        }

        /// <summary>
        /// The length of the plain non-negative integer (1 to 18 digits, no leading zero) that <paramref name="span"/> starts
        /// with, or -1 (then the whole event is read).
        /// </summary>
        private static int PlainInteger(ReadOnlySpan<byte> span, out long value)
        {
            value = 0;
            int n = 0;
            while (n < span.Length && n <= 18 && span[n] >= (byte)'0' && span[n] <= (byte)'9')
            {
                value = value * 10 + (span[n] - '0');
                n++;
            }
            if (n == 0 || n > 18 || (n > 1 && span[0] == (byte)'0')) return -1;
            return n;
        }

        /// <summary>
        /// The length of the JSON string token that <paramref name="span"/> starts with, quotes included, when it is plain
        /// (no escape, no control character, valid UTF-8: what the reader accepts and copies as is), decoded into
        /// <paramref name="context"/>'s scratch buffer when given; -1 otherwise (the reader then decides).
        /// </summary>
        private static int PlainString(ReadOnlySpan<byte> span, FoldContext? context, ref int chars)
        {
#if NET8_0_OR_GREATER
            int token = Serialization.JsonTokens.PlainStringLength(span);
            if (token < 0) return -1;
            var value = span.Slice(1, token - 2);
            if (!System.Text.Unicode.Utf8.IsValid(value)) return -1;
            if (context is not null) chars = Encoding.UTF8.GetChars(value, context.Chars(value.Length));
            return token;
#else
            return -1;
#endif
        }
    }
}
