using System;

namespace StreamKit.Reduction
{
    /// <summary>
    /// Splits text that opens with a <c>&lt;think&gt;...&lt;/think&gt;</c> block (DeepSeek-R1 and Qwen through routers
    /// such as Hugging Face or Together put reasoning inline in <c>content</c>). Used by generated reducers for
    /// properties annotated with <c>thinkTags</c>.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static class ThinkTags
    {
        private const string Open = "<think>";
        private const string Close = "</think>";

        /// <summary>
        /// When <paramref name="text"/> (after leading white space) starts with <c>&lt;think&gt;</c>: the block's inside
        /// goes to <paramref name="thinking"/> and what follows <c>&lt;/think&gt;</c> (leading white space removed) to
        /// <paramref name="answer"/>. While the block is still open, all of it is thinking and the answer is null.
        /// </summary>
        /// <returns>False (outputs null) when the text does not open with the tag.</returns>
        public static bool TrySplit(string text, out string? thinking, out string? answer)
        {
            thinking = null;
            answer = null;
            if (text is null) return false;
            int start = 0;
            while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
            if (string.CompareOrdinal(text, start, Open, 0, Open.Length) != 0) return false;
            int bodyStart = start + Open.Length;
            int close = text.IndexOf(Close, bodyStart, StringComparison.Ordinal);
            if (close < 0)
            {
                thinking = text.Substring(bodyStart);
                return true;
            }
            thinking = text.Substring(bodyStart, close - bodyStart);
            answer = text.Substring(close + Close.Length).TrimStart();
            return true;
        }
    }
}
