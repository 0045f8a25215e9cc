using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.Sse
{
    /// <summary>Reads Server-Sent Events from a <see cref="Stream"/> as they arrive (an HTTP body or a recorded file).</summary>
    public sealed class SseReader
    {
        private const int ReadBufferSize = 16 * 1024;
        private readonly Stream _stream;
        private readonly SseParser _parser;
        private int _enumerated;

        /// <summary>Creates a reader over <paramref name="stream"/>; it does not dispose the stream.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        public SseReader(Stream stream, int maxLineLength = SseParser.DefaultMaxLineLength)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _parser = new SseParser(maxLineLength);
        }

        /// <summary>Bytes read from the stream so far.</summary>
        public long BytesRead => _parser.BytesConsumed;

        /// <summary>Comment lines (keep-alives) seen so far.</summary>
        public int CommentCount => _parser.CommentCount;

        /// <summary>
        /// Yields each event as soon as its terminating blank line (or the end of the stream) is read.
        /// Can be enumerated once.
        /// </summary>
        /// <exception cref="SseFormatException">A line is longer than the limit.</exception>
        /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
        public async IAsyncEnumerable<SseItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _enumerated, 1) != 0) throw new InvalidOperationException("An SseReader can be enumerated only once.");
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
            try
            {
                while (true)
                {
                    int n = await _stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        _parser.Complete();
                        while (_parser.TryRead(out var last)) yield return last;
                        yield break;
                    }
                    _parser.Feed(new ReadOnlySpan<byte>(buffer, 0, n));
                    while (_parser.TryRead(out var item)) yield return item;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
