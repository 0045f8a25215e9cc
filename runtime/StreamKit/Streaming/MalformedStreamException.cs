using System;

namespace StreamKit
{
    /// <summary>
    /// The stream is not valid: an SSE line too long, or an event whose data is not the expected JSON.
    /// Says where: <see cref="EventIndex"/>, <see cref="ByteOffset"/> in the stream, and for JSON problems the
    /// <see cref="JsonPath"/> and <see cref="PayloadByteOffset"/> inside the event's data.
    /// </summary>
    public sealed class MalformedStreamException : LlmStreamException
    {
        /// <summary>Creates the exception.</summary>
        public MalformedStreamException(string reason, int? eventIndex, long byteOffset, string? jsonPath, long? payloadByteOffset, object? partial, Exception? inner = null)
            : base(Describe(reason, eventIndex, byteOffset, jsonPath, payloadByteOffset), StreamOutcome.Malformed, partial, inner)
        {
            Reason = reason;
            EventIndex = eventIndex;
            ByteOffset = byteOffset;
            JsonPath = jsonPath;
            PayloadByteOffset = payloadByteOffset;
        }

        /// <summary>What is wrong.</summary>
        public string Reason { get; }

        /// <summary>0-based index of the SSE event, when the problem is inside one.</summary>
        public int? EventIndex { get; }

        /// <summary>Offset in bytes from the start of the stream (of the event, or of the bad line).</summary>
        public long ByteOffset { get; }

        /// <summary>JSON path inside the event's data (<c>$.choices[0].index</c>), for JSON problems.</summary>
        public string? JsonPath { get; }

        /// <summary>Byte offset inside the event's data, for JSON problems.</summary>
        public long? PayloadByteOffset { get; }

        private static string Describe(string reason, int? eventIndex, long byteOffset, string? jsonPath, long? payloadOffset)
        {
            string where = eventIndex is int i ? "event " + i + " at byte " + byteOffset : "byte " + byteOffset;
            if (jsonPath is not null) where += ", " + jsonPath + " (byte " + payloadOffset + " of its data)";
            return "Malformed stream: " + reason + " (" + where + ")";
        }
    }
}
