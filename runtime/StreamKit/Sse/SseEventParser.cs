using System;
using System.Collections.Generic;
using System.Text;

namespace StreamKit.Sse
{
    /// <summary>
    /// A push parser for <c>text/event-stream</c> (WHATWG HTML §9.2.6 "Interpreting an event stream").
    /// Feed it bytes in any split; it yields the same events however the bytes are cut.
    /// </summary>
    /// <remarks>
    /// <para>Per the spec: lines end in CRLF, LF or CR (a CRLF split across two reads is one terminator); a leading
    /// UTF-8 BOM is skipped; lines starting with <c>:</c> are comments (keep-alives such as <c>: OPENROUTER PROCESSING</c>);
    /// one space after the colon is removed (<c>data:x</c> and <c>data: x</c> are the same); multi-line <c>data</c> is
    /// joined with LF; an event with no data is not dispatched; <c>id</c> containing NUL is ignored; <c>retry</c> must be digits
    /// (any count, as dotnet/runtime's SseParser takes them).</para>
    /// <para>One deliberate difference: at end of stream the spec discards an event that has no blank line after it.
    /// Real servers end streams with <c>data: [DONE]\n</c> and no blank line, so that event is dispatched, marked
    /// <see cref="SseEvent.Unterminated"/>.</para>
    /// <para>Memory is bounded: a line longer than the line cap, or an event's data larger than the event cap, throws
    /// <see cref="SseFormatException"/> with <see cref="SseFormatException.Limit"/> set.</para>
    /// </remarks>
    public sealed class SseEventParser
    {
        /// <summary>The default cap on one line: 16 MiB (real streams reach 137 KB for a single data line).</summary>
        public const int DefaultMaxLineLength = 16 * 1024 * 1024;

        /// <summary>The default cap on one event's data (its lines joined): 16 MiB.</summary>
        public const int DefaultMaxEventLength = 16 * 1024 * 1024;

        private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
        private readonly int _maxLineLength;
        private readonly int _maxEventLength;
        private readonly Queue<SseEvent> _ready = new Queue<SseEvent>();
        private byte[] _line = new byte[1024];
        private int _lineLength;
        private bool _pendingCr;
        private bool _firstLine = true;
        private long _position;
        private long _lineStart;
        private byte[] _data = new byte[1024];
        private int _dataLength;
        private readonly bool _ownData;
        private byte[] _arena = Array.Empty<byte>();
        private int _arenaLength;
        private string? _eventType;
        private string? _lastEventType;
        private byte[] _lastEventTypeBytes = Array.Empty<byte>();
        private string? _lastEventId;
        private long? _retry;
        private long _eventStart = -1;
        private int _index;
        private bool _completed;

        /// <summary>
        /// Creates a parser; <paramref name="maxLineLength"/> bytes is the longest line accepted and
        /// <paramref name="maxEventLength"/> the largest event data, so memory stays bounded by their sum.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
        public SseEventParser(int maxLineLength = DefaultMaxLineLength, int maxEventLength = DefaultMaxEventLength)
            : this(maxLineLength, maxEventLength, ownData: true)
        {
        }

        /// <summary>
        /// Creates a parser. With <paramref name="ownData"/> false, events' <see cref="SseEvent.Data"/> share one reused
        /// buffer and stay valid only until the next <see cref="Feed"/> or <see cref="Complete"/> (the stream engine reads
        /// every event before feeding more): no allocation per event.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
        public SseEventParser(int maxLineLength, int maxEventLength, bool ownData)
        {
            _ownData = ownData;
            if (maxLineLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxLineLength));
            if (maxEventLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxEventLength));
            _maxLineLength = maxLineLength;
            _maxEventLength = maxEventLength;
        }

        /// <summary>Bytes fed so far.</summary>
        public long BytesConsumed => _position;

        /// <summary>Comment lines seen so far (keep-alives).</summary>
        public int CommentCount { get; private set; }

        /// <summary>Events dispatched so far.</summary>
        public int EventCount => _index;

        /// <summary>Parses a whole stream held in memory.</summary>
        /// <exception cref="SseFormatException">A line is longer than <paramref name="maxLineLength"/>.</exception>
        public static List<SseEvent> ParseAll(ReadOnlySpan<byte> stream, int maxLineLength = DefaultMaxLineLength)
        {
            var parser = new SseEventParser(maxLineLength, int.MaxValue);
            parser.Feed(stream);
            parser.Complete();
            var items = new List<SseEvent>();
            while (parser.TryRead(out var item)) items.Add(item);
            return items;
        }

        /// <summary>Consumes the next bytes of the stream; completed events become available through <see cref="TryRead"/>.</summary>
        /// <exception cref="SseFormatException">A line is longer than the limit.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
        public void Feed(ReadOnlySpan<byte> bytes)
        {
            if (_completed) throw new InvalidOperationException("The stream was already completed.");
            if (_ready.Count == 0) _arenaLength = 0;
            int i = 0;
            if (_pendingCr && bytes.Length > 0)
            {
                _pendingCr = false;
                if (bytes[0] == (byte)'\n')
                {
                    i = 1;
                    _position++;
                    _lineStart = _position;
                }
            }
            while (i < bytes.Length)
            {
                var rest = bytes.Slice(i);
                int eol = rest.IndexOfAny((byte)'\r', (byte)'\n');
                if (eol < 0)
                {
                    AppendToLine(rest);
                    _position += rest.Length;
                    return;
                }
                ReadOnlySpan<byte> line;
                if (_lineLength == 0)
                {
                    if (eol > _maxLineLength) throw TooLong();
                    line = rest.Slice(0, eol);
                }
                else
                {
                    AppendToLine(rest.Slice(0, eol));
                    line = new ReadOnlySpan<byte>(_line, 0, _lineLength);
                }
                _position += eol + 1;
                ProcessLine(line);
                _lineLength = 0;
                i += eol + 1;
                if (rest[eol] == (byte)'\r')
                {
                    if (i < bytes.Length)
                    {
                        if (bytes[i] == (byte)'\n')
                        {
                            i++;
                            _position++;
                        }
                    }
                    else
                    {
                        _pendingCr = true;
                    }
                }
                _lineStart = _position;
            }
        }

        /// <summary>Signals the end of the stream: a last line without terminator is processed and a pending event is dispatched (marked unterminated).</summary>
        public void Complete()
        {
            if (_completed) return;
            _completed = true;
            if (_ready.Count == 0) _arenaLength = 0;
            _pendingCr = false;
            if (_lineLength > 0)
            {
                ProcessLine(new ReadOnlySpan<byte>(_line, 0, _lineLength));
                _lineLength = 0;
            }
            Dispatch(unterminated: true);
        }

        /// <summary>Takes the next completed event, if any.</summary>
        public bool TryRead(out SseEvent item)
        {
            if (_ready.Count > 0)
            {
                item = _ready.Dequeue();
                return true;
            }
            item = default;
            return false;
        }

        /// <summary>Drops the buffers grown for the largest line and event once the stream has ended and nothing more will be read (a finished stream object then holds no copy of its body).</summary>
        internal void ReleaseBuffers()
        {
            _ready.Clear();
            _line = Array.Empty<byte>();
            _lineLength = 0;
            _data = Array.Empty<byte>();
            _dataLength = 0;
            _arena = Array.Empty<byte>();
            _arenaLength = 0;
        }

        private SseFormatException TooLong() =>
            new SseFormatException("A line is longer than " + _maxLineLength + " bytes", _lineStart, StreamLimit.LineBytes, _maxLineLength);

        private SseFormatException EventTooLarge() =>
            new SseFormatException("An event's data is larger than " + _maxEventLength + " bytes", _eventStart < 0 ? _lineStart : _eventStart, StreamLimit.EventBytes, _maxEventLength);

        private void AppendToLine(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return;
            if (_lineLength + bytes.Length > _maxLineLength) throw TooLong();
            Append(ref _line, ref _lineLength, bytes);
        }

        private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
        {
            if (length + bytes.Length > buffer.Length)
            {
                var bigger = new byte[Math.Max(buffer.Length * 2, length + bytes.Length)];
                Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                buffer = bigger;
            }
            bytes.CopyTo(new Span<byte>(buffer, length, bytes.Length));
            length += bytes.Length;
        }

        private void ProcessLine(ReadOnlySpan<byte> line)
        {
            if (_firstLine)
            {
                _firstLine = false;
                if (line.StartsWith(Bom)) line = line.Slice(Bom.Length);
            }
            if (line.IsEmpty)
            {
                Dispatch(unterminated: false);
                return;
            }
            if (line[0] == (byte)':')
            {
                CommentCount++;
                return;
            }
            if (_eventStart < 0) _eventStart = _lineStart;

            int colon = line.IndexOf((byte)':');
            ReadOnlySpan<byte> field = colon < 0 ? line : line.Slice(0, colon);
            ReadOnlySpan<byte> value = colon < 0 ? default : line.Slice(colon + 1);
            if (!value.IsEmpty && value[0] == (byte)' ') value = value.Slice(1);

            if (field.SequenceEqual("data"u8))
            {
                if ((long)_dataLength + value.Length + 1 > (long)_maxEventLength + 1) throw EventTooLarge();
                Append(ref _data, ref _dataLength, value);
                Append(ref _data, ref _dataLength, "\n"u8);
            }
            else if (field.SequenceEqual("event"u8))
            {
                if (_lastEventType is null || !value.SequenceEqual(_lastEventTypeBytes))
                {
                    _lastEventType = Decode(value);
                    _lastEventTypeBytes = value.ToArray();
                }
                _eventType = _lastEventType;
            }
            else if (field.SequenceEqual("id"u8))
            {
                if (value.IndexOf((byte)0) < 0) _lastEventId = Decode(value);
            }
            else if (field.SequenceEqual("retry"u8))
            {
                if (TryParseDigits(value, out long retry)) _retry = retry;
            }
            // Any other field is ignored, as the spec requires.
        }

        /// <summary>ASCII digits only (the spec's rule); a value beyond <see cref="long.MaxValue"/> is ignored.</summary>
        private static bool TryParseDigits(ReadOnlySpan<byte> value, out long result)
        {
            result = 0;
            if (value.IsEmpty) return false;
            foreach (byte b in value)
            {
                if (b < (byte)'0' || b > (byte)'9') return false;
                if (result > (long.MaxValue - 9) / 10) return false;
                result = result * 10 + (b - '0');
            }
            return true;
        }

        private static string Decode(ReadOnlySpan<byte> value)
        {
            if (value.IsEmpty) return "";
#if NET8_0_OR_GREATER
            return Encoding.UTF8.GetString(value);
#else
            return Encoding.UTF8.GetString(value.ToArray());
#endif
        }

        private void Dispatch(bool unterminated)
        {
            if (_dataLength == 0)
            {
                _eventType = null;
                _retry = null;
                _eventStart = -1;
                return;
            }
            ReadOnlyMemory<byte> data;
            int length = _dataLength - 1;
            if (_ownData)
            {
                var copy = new byte[length];
                Buffer.BlockCopy(_data, 0, copy, 0, length);
                data = copy;
            }
            else
            {
                if (_arenaLength + length > _arena.Length)
                {
                    // A new buffer: events already queued keep pointing at the old one, which stays valid for them.
                    _arena = new byte[Math.Max(Math.Max(_arena.Length * 2, 4096), _arenaLength + length)];
                    _arenaLength = 0;
                }
                Buffer.BlockCopy(_data, 0, _arena, _arenaLength, length);
                data = new ReadOnlyMemory<byte>(_arena, _arenaLength, length);
                _arenaLength += length;
            }
            _ready.Enqueue(new SseEvent(_eventType, data, _lastEventId, _retry, _index++, _eventStart, unterminated));
            _dataLength = 0;
            _eventType = null;
            _retry = null;
            _eventStart = -1;
        }
    }
}
