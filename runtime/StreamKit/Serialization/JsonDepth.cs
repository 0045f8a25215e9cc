using System;

namespace StreamKit.Serialization
{
    /// <summary>Measures JSON nesting without parsing, to tell a depth limit from other JSON errors.</summary>
    internal static class JsonDepth
    {
        /// <summary>Whether <paramref name="utf8Json"/> nests arrays and objects deeper than <paramref name="maxDepth"/> (strings skipped).</summary>
        public static bool Exceeds(ReadOnlySpan<byte> utf8Json, int maxDepth)
        {
            int depth = 0;
            bool inString = false;
            for (int i = 0; i < utf8Json.Length; i++)
            {
                byte b = utf8Json[i];
                if (inString)
                {
                    if (b == (byte)'\\') i++;
                    else if (b == (byte)'"') inString = false;
                    continue;
                }
                switch (b)
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{':
                    case (byte)'[':
                        if (++depth > maxDepth) return true;
                        break;
                    case (byte)'}':
                    case (byte)']':
                        depth--;
                        break;
                }
            }
            return false;
        }
    }
}
