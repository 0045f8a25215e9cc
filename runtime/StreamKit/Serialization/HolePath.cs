using System;

namespace StreamKit.Serialization
{
    /// <summary>
    /// Where a string value sits in a JSON document, as steps from the root: a member name (unescaped UTF-8) or an
    /// array index. A chunk template's holes carry one each; the generated <c>SetStringAt</c> of a chunk's model follows it
    /// to the member it sets. Called by generated code; immutable once built.
    /// </summary>
    public sealed class HolePath
    {
        private readonly byte[] _names;
        private readonly (int Start, int Length, int Index)[] _steps;

        /// <summary>A path over names held in <paramref name="names"/> (the document's bytes).</summary>
        /// <param name="names">The bytes the name steps point into.</param>
        /// <param name="steps">Each step: a name's start and length in <paramref name="names"/> with index -1, or an array index (≥ 0).</param>
        internal HolePath(byte[] names, (int Start, int Length, int Index)[] steps)
        {
            _names = names;
            _steps = steps;
        }

        /// <summary>The number of steps.</summary>
        public int Count => _steps.Length;

        /// <summary>The array index at step <paramref name="depth"/> (0-based), or -1 where that step is a member name.</summary>
        public int Index(int depth) => _steps[depth].Index;

        /// <summary>The member name (unescaped UTF-8) at step <paramref name="depth"/>; empty where that step is an array index.</summary>
        public ReadOnlySpan<byte> Name(int depth)
        {
            var (start, length, index) = _steps[depth];
            return index >= 0 ? default : new ReadOnlySpan<byte>(_names, start, length);
        }

        /// <summary>The path in JSONPath form (<c>$.choices[0].delta.content</c>).</summary>
        public override string ToString()
        {
            var text = new System.Text.StringBuilder("$");
            for (int i = 0; i < _steps.Length; i++)
            {
                if (_steps[i].Index >= 0) text.Append('[').Append(_steps[i].Index).Append(']');
                else text.Append('.').Append(System.Text.Encoding.UTF8.GetString(_names, _steps[i].Start, _steps[i].Length));
            }
            return text.ToString();
        }
    }
}
