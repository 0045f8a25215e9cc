using System;
using System.Collections.Generic;
using System.Text;

namespace StreamKit.Serialization
{
    /// <summary>
    /// A JSON payload (one SSE <c>data</c> field) is not JSON, or a member has the wrong JSON kind.
    /// <see cref="JsonPath"/> says where (<c>$.choices[0].delta.tool_calls[1].index</c>) and
    /// <see cref="BytePosition"/> the UTF-8 offset inside the payload.
    /// </summary>
    public sealed class JsonPayloadException : FormatException
    {
        private readonly List<string> _segments = new List<string>();

        /// <summary>Creates the exception for a problem at <paramref name="bytePosition"/> in the payload.</summary>
        public JsonPayloadException(string reason, long bytePosition, Exception? inner = null)
            : base(reason, inner)
        {
            Reason = reason;
            BytePosition = bytePosition;
        }

        /// <summary>What is wrong, without the location.</summary>
        public string Reason { get; }

        /// <summary>Offset in bytes from the start of the payload where reading failed.</summary>
        public long BytePosition { get; }

        /// <summary>The JSON path of the failing value, from the payload root (<c>$</c>).</summary>
        public string JsonPath
        {
            get
            {
                var sb = new StringBuilder("$");
                for (int i = _segments.Count - 1; i >= 0; i--) sb.Append(_segments[i]);
                return sb.ToString();
            }
        }

        /// <inheritdoc/>
        public override string Message => Reason + " (at " + JsonPath + ", byte " + BytePosition + " of the payload)";

        internal void PrependMember(string name)
        {
            bool plain = name.Length > 0;
            foreach (char c in name) plain &= char.IsLetterOrDigit(c) || c == '_';
            _segments.Add(plain ? "." + name : "['" + name.Replace("'", "\\'") + "']");
        }

        internal void PrependIndex(int index) => _segments.Add("[" + index + "]");
    }
}
