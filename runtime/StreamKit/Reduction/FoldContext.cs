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

        /// <summary>Keys and positions of merged-by-index arrays must be below this (<see cref="LlmStreamLimits.MaxItems"/>); a larger one throws before anything is created for it.</summary>
        public long MaxIndex { get; set; } = long.MaxValue;

        /// <summary>
        /// The accumulator nesting depth (the root is 1) from which an object counts as content and as an item:
        /// for chat 4, the tool calls, function call, audio and reasoning details inside a delta.
        /// </summary>
        public int ContentDepth { get; set; } = int.MaxValue;

        /// <summary>UTF-16 chars appended to text so far in this stream.</summary>
        public long TextChars { get; private set; }

        /// <summary>Objects merged by index at or below <see cref="ContentDepth"/> so far in this stream (tool calls, reasoning details).</summary>
        public int Items { get; private set; }

        /// <summary>Whether the current event carried content: text, or an object at or below <see cref="ContentDepth"/>.</summary>
        public bool HasContent { get; private set; }

        /// <summary>Registers how to undo a slot the current event is about to create (called once per slot, the first time; <paramref name="undo"/> should be a static lambda).</summary>
        public void OnRollback(object target, Action<object> undo)
        {
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
            if (++_depth >= ContentDepth) HasContent = true;
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
            if (_createdCount == _created.Length) Array.Resize(ref _created, _created.Length * 2);
            _created[_createdCount++] = (map, key);
            if (_depth + 1 < ContentDepth) return;
            Items++;
            _eventItems++;
        }

        /// <summary>The current event carries content that is not text (a non-empty list of content parts).</summary>
        public void MarkContent() => HasContent = true;

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
