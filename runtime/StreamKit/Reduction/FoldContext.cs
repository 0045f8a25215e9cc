using System;
using System.Collections;
using System.Text;

namespace StreamKit.Reduction
{
    /// <summary>
    /// What a generated reducer's reduce-only pass (<c>ApplyJson</c>: folding straight from an event's UTF-8 JSON, no
    /// item objects) reports to the stream engine for one event, and the bound it enforces on indices. Called by
    /// generated code; one instance per stream, reset by <see cref="BeginEvent"/>. A custom <see cref="StreamProtocol{TItem, TResult}"/>
    /// passes one to the generated reducer's <c>ApplyJson</c> in its <c>TryFoldData</c> override.
    /// </summary>
    public sealed class FoldContext
    {
        private int _depth;
        private long _eventText;
        private int _eventItems;
        private (StringBuilder Text, int Length)[] _appends = new (StringBuilder, int)[4];
        private int _appendCount;
        private (IDictionary Map, long Key)[] _created = new (IDictionary, long)[2];
        private int _createdCount;
        private char[] _chars = new char[256];
        private (object Target, Action<object> Undo)[] _undo = new (object, Action<object>)[2];
        private int _undoCount;
        // The replay template (see TryReplay): the current event's string holes, whether it can be one, and the last one kept.
        private FoldTemplate _recording = new FoldTemplate();
        private FoldTemplate _template = new FoldTemplate();
        private bool _replayable;
        private bool _structuralContent;
        private int _duplicatesBefore;
        private object? _declinedOwner;
        private int _declinedVersion;
        private (long Start, int Length)[] _pendingHoles = new (long, int)[2];
        private int _pendingCount;

        /// <summary>Keys and positions of merged-by-index arrays must be below this (<see cref="LlmStreamLimits.MaxItems"/>); a larger one throws before anything is created for it.</summary>
        public long MaxIndex { get; set; } = long.MaxValue;

        /// <summary>
        /// The accumulator nesting depth (the root is 1) from which an object counts as content and as an item:
        /// for chat 4, the tool calls, function call, audio and reasoning details inside a delta.
        /// </summary>
        public int ContentDepth { get; set; } = int.MaxValue;

        /// <summary>Events folded by <see cref="TryReplay"/> so far.</summary>
        internal int Replays { get; private set; }

        /// <summary>UTF-16 chars appended to text so far in this stream.</summary>
        public long TextChars { get; private set; }

        /// <summary>Objects merged by index at or below <see cref="ContentDepth"/> so far in this stream (tool calls, reasoning details).</summary>
        public int Items { get; private set; }

        /// <summary>Whether the current event carried content: text, or an object at or below <see cref="ContentDepth"/>.</summary>
        public bool HasContent { get; private set; }

        /// <summary>Registers how to undo a slot the current event is about to create (called once per slot, the first time; <paramref name="undo"/> should be a static lambda).</summary>
        public void OnRollback(object target, Action<object> undo)
        {
            _replayable = false;
            if (_undoCount == _undo.Length) Array.Resize(ref _undo, _undo.Length * 2);
            _undo[_undoCount++] = (target, undo);
        }

        /// <summary>A scratch buffer of at least <paramref name="length"/> chars (reused: valid until the next call).</summary>
        public char[] Chars(int length)
        {
            if (_chars.Length < length) _chars = new char[Math.Max(length, _chars.Length * 2)];
            return _chars;
        }

        /// <summary>Starts a new event.</summary>
        public void BeginEvent()
        {
            _recording.Clear();
            _pendingCount = 0;
            _declinedOwner = null;
            _replayable = true;
            _structuralContent = false;
            _duplicatesBefore = Serialization.GeneratedJson.PeekDuplicateKeys();
            HasContent = false;
            _depth = 0;
            _eventText = 0;
            _eventItems = 0;
            _appendCount = 0;
            _createdCount = 0;
            _undoCount = 0;
        }

        /// <summary>
        /// Undoes the current event's text appends, the merged-by-index elements and the text builders and nested
        /// objects it created, so that the partial after a malformed event holds what the typed path would (values it set
        /// before the error, such as an id or usage, stay).
        /// </summary>
        public void Rollback()
        {
            for (int i = _appendCount - 1; i >= 0; i--) _appends[i].Text.Length = _appends[i].Length;
            for (int i = _createdCount - 1; i >= 0; i--) _created[i].Map.Remove(_created[i].Key);
            for (int i = _undoCount - 1; i >= 0; i--) _undo[i].Undo(_undo[i].Target);
            TextChars -= _eventText;
            Items -= _eventItems;
            BeginEvent();
        }

        /// <summary>An accumulator starts folding an object.</summary>
        public void Enter()
        {
            if (++_depth >= ContentDepth) HasContent = _structuralContent = true;
        }

        /// <summary>An accumulator finished folding an object.</summary>
        public void Leave() => _depth--;

        /// <summary>Checks a merged-by-index key and the element's position in its array against <see cref="MaxIndex"/>.</summary>
        /// <remarks>A key or position at or above <see cref="MaxIndex"/> throws an exception the stream engine turns into <see cref="StreamLimit.Items"/>.</remarks>
        public void CheckIndex(long key, int position)
        {
            long highest = Math.Max(key, position);
            if (highest >= MaxIndex) throw new FoldIndexLimitException(highest, MaxIndex);
        }

        /// <summary>A merged-by-index element got its accumulator (a new tool call, choice, reasoning detail) under <paramref name="key"/> of <paramref name="map"/>.</summary>
        public void NewItem(IDictionary map, long key)
        {
            _replayable = false;
            if (_createdCount == _created.Length) Array.Resize(ref _created, _created.Length * 2);
            _created[_createdCount++] = (map, key);
            if (_depth + 1 < ContentDepth) return;
            Items++;
            _eventItems++;
        }

        /// <summary>The current event carries content that is not text (a non-empty list of content parts).</summary>
        public void MarkContent() => HasContent = _structuralContent = true;

        /// <summary>
        /// The current event did something a replay would not repeat (appended items, merged a typed value, folded an
        /// unknown member): it cannot be a replay template (see <see cref="TryReplay"/>).
        /// </summary>
        public void NotReplayable() => _replayable = false;

        /// <summary>The string token at the reader was appended to <paramref name="text"/>: a hole of the replay template.</summary>
        internal void AppendHole(ref System.Text.Json.Utf8JsonReader reader, StringBuilder text)
        {
            if (StringToken(ref reader, out long start, out int length)) _recording.AddHole(start, length, text);
        }

        /// <summary>Where the string token at the reader is (quotes included); false for any other token or one split across segments.</summary>
        private static bool StringToken(ref System.Text.Json.Utf8JsonReader reader, out long start, out int length)
        {
            start = reader.TokenStartIndex;
            length = reader.HasValueSequence ? 0 : reader.ValueSpan.Length + 2;
            return reader.TokenType == System.Text.Json.JsonTokenType.String && !reader.HasValueSequence;
        }

        /// <summary>
        /// A string member read into a local whose only use is a text append at the end of its object (a guarded text
        /// fold): returns a handle for <see cref="BindHole"/>, or -1 when the token is not a string.
        /// </summary>
        public int TextHole(ref System.Text.Json.Utf8JsonReader reader)
        {
            if (!StringToken(ref reader, out long start, out int length)) return -1;
            if (_pendingCount == _pendingHoles.Length) Array.Resize(ref _pendingHoles, _pendingHoles.Length * 2);
            _pendingHoles[_pendingCount] = (start, length);
            return _pendingCount++;
        }

        /// <summary>The string of <paramref name="hole"/> (from <see cref="TextHole"/>) was appended to <paramref name="text"/>: it is a hole of the replay template.</summary>
        public void BindHole(int hole, StringBuilder text)
        {
            if (hole < 0 || hole >= _pendingCount) return;
            _recording.InsertHole(_pendingHoles[hole].Start, _pendingHoles[hole].Length, text);
        }

        /// <summary>
        /// The reduce-only pass of an event reducer (<c>TryApplyJson</c>) read the text it appends at the current string
        /// token: a hole of the event's replay template (see <see cref="TryReplayEvent"/>).
        /// </summary>
        public void EventTextHole(ref System.Text.Json.Utf8JsonReader reader)
        {
            if (StringToken(ref reader, out long start, out int length)) _recording.AddTextHole(start, length);
        }

        /// <summary>The integer at the current token only feeds the event's code (a sequence number): a number hole of the replay template.</summary>
        public void NumberHole(ref System.Text.Json.Utf8JsonReader reader)
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.Number && !reader.HasValueSequence) _recording.AddNumberHole(reader.TokenStartIndex, reader.ValueSpan.Length);
        }

        /// <summary>
        /// Ends an event that <paramref name="owner"/>'s reduce-only pass read whole and applied by code it can run again:
        /// the event is kept as the replay template when its only varying parts are one text string, strings it ignores
        /// and one integer (see <see cref="TryReplayEvent"/>).
        /// </summary>
        /// <param name="utf8Json">The event.</param>
        /// <param name="options">The reader options it was read with.</param>
        /// <param name="owner">The reducer.</param>
        /// <param name="version">The owner's count of the parsed values it keeps with the template (another context's template is then stale).</param>
        public void KeepEvent(ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options, object owner, int version) =>
            KeepOrForget(_recording.IsEventTemplate, utf8Json, options, owner, version);

        /// <summary>The recording becomes the template (the old template's buffers are reused for the next recording), or the template is forgotten.</summary>
        private void KeepOrForget(bool keep, ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options, object owner, int version)
        {
            if (!keep)
            {
                _template.Forget();
                return;
            }
            _recording.Keep(utf8Json, options, owner, version, _structuralContent);
            (_template, _recording) = (_recording, _template);
            _recording.Forget();
        }

        /// <summary>
        /// Matches <paramref name="utf8Json"/> against the template of <paramref name="owner"/> at <paramref name="version"/>;
        /// on a match, starts the replayed event with the decoded text in the scratch buffer.
        /// </summary>
        private bool TryMatch(ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options, object owner, int version, out StringBuilder text, out int chars)
        {
            text = null!;
            chars = -1;
            // This event was just tried and did not match: the chat protocol tries a replay before its own checks, then folds
            // through ApplyJson, which would try again. (Remembered until the next event begins.)
            if (ReferenceEquals(owner, _declinedOwner) && version == _declinedVersion) return false;
            if (!_template.Matches(options, owner, version)) return false;
            if (!_template.TryDecode(utf8Json, this, out text, out chars))
            {
                (_declinedOwner, _declinedVersion) = (owner, version);
                return false;
            }
            BeginEvent();
            Replays++;
            return true;
        }

        /// <summary>
        /// The replay of an event reducer's template (kept by <see cref="KeepEvent"/>): when <paramref name="utf8Json"/> is
        /// its bytes with other values in its holes, starts a new event, decodes the text into the scratch buffer
        /// (<paramref name="chars"/> chars) and the integer hole into <paramref name="number"/> (null when the template has
        /// none), and returns true; the caller then runs the event's code with the template's other values, which it keeps at
        /// <paramref name="version"/>. Nothing else about the owner matters: the code runs again, only the reading is skipped.
        /// </summary>
        public bool TryReplayEvent(ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options, object owner, int version, out long? number, out int chars)
        {
            number = null;
            if (!TryMatch(utf8Json, options, owner, version, out _, out chars)) return false;
            number = _template.Number;
            return true;
        }

        /// <summary>The string token at the reader was only checked (a value the reducer ignores or already has): a hole of the replay template.</summary>
        internal void SkipHole(ref System.Text.Json.Utf8JsonReader reader)
        {
            if (StringToken(ref reader, out long start, out int length)) _recording.AddHole(start, length, null);
        }

        /// <summary>
        /// Ends a folded event (called by the generated <c>ApplyJson</c> after a whole fold of <paramref name="utf8Json"/>
        /// with <paramref name="options"/> into <paramref name="owner"/>, whose version is now <paramref name="version"/>). An event whose only effect
        /// beyond setting values it repeats was one text append from one of its strings is kept as the replay template.
        /// </summary>
        public void EndEvent(ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options, object owner, int version)
        {
            bool replayable = _replayable && _appendCount == 1 && _createdCount == 0 && _undoCount == 0
                && _duplicatesBefore == Serialization.GeneratedJson.PeekDuplicateKeys()
                && _recording.IsTemplate(_appends[0].Text);
            KeepOrForget(replayable, utf8Json, options, owner, version);
        }

        /// <summary>
        /// The reduce-only fast path for runs of chunks that differ only in their text: when <paramref name="utf8Json"/> is
        /// the template event's bytes with other strings in its holes, read with the same <paramref name="options"/>,
        /// and <paramref name="owner"/> has changed in no other way since (<paramref name="version"/>), folding it would set the same values again and append its text:
        /// this appends the text (decoded as the reader does) and returns true, without reading the rest. Anything else
        /// (another shape, a string that is not valid JSON, a changed owner) returns false and changes nothing.
        /// </summary>
        public bool TryReplay(ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options, object owner, int version)
        {
            if (!TryMatch(utf8Json, options, owner, version, out var text, out int chars)) return false;
            HasContent = _template.StructuralContent;
            int before = text.Length;
            text.Append(Chars(chars), 0, chars);
            Appended(text, before, chars);
            _template.Replayed(version + 1);
            return true;
        }

        /// <summary><paramref name="chars"/> UTF-16 chars were appended to <paramref name="text"/>, which held <paramref name="lengthBefore"/> before.</summary>
        public void Appended(StringBuilder text, int lengthBefore, int chars)
        {
            if (_appendCount == _appends.Length) Array.Resize(ref _appends, _appends.Length * 2);
            _appends[_appendCount++] = (text, lengthBefore);
            if (chars == 0) return;
            TextChars += chars;
            _eventText += chars;
            HasContent = true;
        }
    }

    /// <summary>A merged-by-index key or position reached <see cref="FoldContext.MaxIndex"/> in the reduce-only pass (the engine ends the stream with <c>limit_exceeded</c>).</summary>
    internal sealed class FoldIndexLimitException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public FoldIndexLimitException(long index, long maximum)
            : base("Index " + index + " is at or above the limit of " + maximum)
        {
            Index = index;
        }

        /// <summary>The index that was too high.</summary>
        public long Index { get; }
    }
}
