using System;
using System.Text.Json;

namespace StreamKit.Serialization
{
    /// <summary>Byte-level facts about JSON tokens that the replay templates (<see cref="Reduction.FoldTemplate"/>, <see cref="ItemTemplate{T}"/>) check without a reader.</summary>
    internal static class JsonTokens
    {
        /// <summary>
        /// The length, quotes included, of the JSON string token <paramref name="span"/> starts with when it is plain: no
        /// escape and no control character, so the reader would accept its bytes as they are (UTF-8 validity aside); -1
        /// otherwise (the reader then decides).
        /// </summary>
        public static int PlainStringLength(ReadOnlySpan<byte> span)
        {
            if (span.Length < 2 || span[0] != (byte)'"') return -1;
            var rest = span.Slice(1);
            int end = rest.IndexOfAny((byte)'"', (byte)'\\');
            if (end < 0 || rest[end] != (byte)'"') return -1;
#if NET8_0_OR_GREATER
            if (rest.Slice(0, end).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0) return -1;
#else
            foreach (byte b in rest.Slice(0, end)) if (b < 0x20) return -1;
#endif
            return end + 2;
        }

        /// <summary>Whether two reader options accept the same bytes the same way (depth, comments, trailing commas): a template's literal bytes were checked under its own.</summary>
        public static bool SameReading(JsonReaderOptions a, JsonReaderOptions b) =>
            a.MaxDepth == b.MaxDepth && a.CommentHandling == b.CommentHandling && a.AllowTrailingCommas == b.AllowTrailingCommas;
    }
}
