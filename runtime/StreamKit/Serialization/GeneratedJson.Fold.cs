using System;
using System.Text;
using System.Text.Json;
using StreamKit.Reduction;

namespace StreamKit.Serialization
{
    // Helpers for the reduce-only pass of generated reducers (ApplyJson): values read straight into accumulators.
    public static partial class GeneratedJson
    {
        /// <summary>
        /// Appends the string at the current token to <paramref name="text"/> without allocating a string (JSON null
        /// appends nothing), and counts the chars in <paramref name="context"/>. Invalid UTF-8 throws as
        /// <see cref="ReadString"/> does.
        /// </summary>
        /// <exception cref="JsonPayloadException">The token is not a string or null.</exception>
        public static void AppendString(ref Utf8JsonReader reader, ref StringBuilder? text, FoldContext context)
        {
            int n = CopyString(ref reader, context);
            if (n < 0) return;
            var sb = text ??= new StringBuilder();
            int before = sb.Length;
            sb.Append(context.Chars(n), 0, n);
            context.Appended(sb, before, n);
            context.AppendHole(ref reader, sb);
        }

        /// <summary>
        /// Copies the string at the current token into <paramref name="context"/>'s scratch buffer (read it back with
        /// <c>context.Chars(length)</c>, before the next copy) and returns its length in chars; -1 for JSON null.
        /// </summary>
        /// <exception cref="JsonPayloadException">The token is not a string or null.</exception>
        public static int CopyString(ref Utf8JsonReader reader, FoldContext context)
        {
            if (reader.TokenType == JsonTokenType.Null) return -1;
            if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "a string");
            int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            return reader.CopyString(context.Chars(max));
        }

        /// <summary>
        /// <see cref="SkipString(ref Utf8JsonReader)"/> in a reduce-only pass: a string checked and not kept is a hole of the
        /// event's replay template (<see cref="FoldContext.TryReplay"/>), which may hold any other valid string.
        /// </summary>
        /// <exception cref="JsonPayloadException">The token is not a string or null.</exception>
        public static void SkipString(ref Utf8JsonReader reader, FoldContext context)
        {
            SkipString(ref reader);
            context.SkipHole(ref reader);
        }

        /// <summary>Checks the string at the current token (a string or null, valid UTF-8) as <see cref="ReadString"/> would, without keeping it.</summary>
        /// <exception cref="JsonPayloadException">The token is not a string or null.</exception>
        public static void SkipString(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return;
            if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "a string");
#if NET8_0_OR_GREATER
            if (!reader.ValueIsEscaped && !reader.HasValueSequence && System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) return;
#endif
            _ = reader.GetString();
        }

        /// <summary>The string at the current token, or null for JSON null; <paramref name="current"/> itself when equal to it (no allocation for values that repeat).</summary>
        /// <exception cref="JsonPayloadException">The token is not a string or null.</exception>
        public static string? ReadStringReusing(ref Utf8JsonReader reader, string? current)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, "a string");
            if (current is not null && !reader.HasValueSequence)
            {
                // Most repeats are ASCII: compared byte by char without transcoding.
                if (reader.ValueIsEscaped ? reader.ValueTextEquals(current) : UnescapedEquals(ref reader, current)) return current;
            }
            return reader.GetString();
        }

        /// <summary>
        /// Looks ahead (on a copy of the reader) for the integer value of <paramref name="name"/> in the object that
        /// starts at the current token, read as <see cref="ReadInt64"/> reads it. Null when absent, null, not an integer,
        /// or when the token is not an object (the fold that follows reports those).
        /// </summary>
        public static long? PeekInt64(Utf8JsonReader reader, ReadOnlySpan<byte> name)
        {
            try
            {
                if (!SeekMember(ref reader, name) || reader.TokenType != JsonTokenType.Number) return null;
                if (reader.TryGetInt64(out long l)) return l;
                return reader.TryGetDouble(out double d) && d >= long.MinValue && d < TwoTo63 ? (long)d : null;
            }
            catch (JsonException)
            {
                // Bad JSON further on: the fold that follows reaches it and reports it at its place.
                return null;
            }
        }

        /// <summary>2^63: the first double above every long (<c>long.MaxValue</c> as a double rounds up to it).</summary>
        internal const double TwoTo63 = 9223372036854775808.0;

        /// <summary>Expects an array at the current token for a merged-by-index member: false for JSON null.</summary>
        /// <exception cref="JsonPayloadException">The token is neither an array nor null.</exception>
        public static bool StartFoldArray(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return false;
            if (reader.TokenType != JsonTokenType.StartArray) throw Unexpected(ref reader, "an array");
            return true;
        }

        /// <summary>Counts an undeclared member repeated within one object, as <see cref="SetExtension"/> does for the typed reader.</summary>
        public static void NoteUnknownMember(ref System.Collections.Generic.List<string>? seen, string member)
        {
            if (seen is null) seen = new System.Collections.Generic.List<string>(2);
            else if (seen.Contains(member)) t_duplicateKeys++;
            seen.Add(member);
        }

        /// <summary>Adds an array position to the path of an error raised by an element (call, then rethrow).</summary>
        public static void AtIndex(JsonPayloadException ex, int index) => ex.PrependIndex(index);

        /// <summary>Reads a whole document into a reduce-only pass: one value and nothing after it; errors carry the JSON path.</summary>
        /// <exception cref="JsonPayloadException">Bad JSON, trailing data, or a member of the wrong kind.</exception>
        public static void FoldDocument<TState>(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options, TState state, FoldReader<TState> fold)
        {
            var reader = new Utf8JsonReader(utf8Json, options);
            try
            {
                if (!reader.Read()) throw new JsonPayloadException("The payload is empty", 0);
                fold(ref reader, state);
                if (reader.Read()) throw new JsonPayloadException("Unexpected data after the JSON value", reader.TokenStartIndex);
            }
            catch (Exception ex) when (ShouldWrap(ex) && ex is not JsonPayloadException)
            {
                throw AtMember(ex, null, ref reader);
            }
        }
    }

    /// <summary>Folds one JSON value at the reader's current token into <paramref name="state"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public delegate void FoldReader<TState>(ref Utf8JsonReader reader, TState state);
}
