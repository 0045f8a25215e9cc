using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.Http
{
    /// <summary>
    /// Reads through to the body and copies every byte read to a recorder, replacing the API key with
    /// <c>[redacted]</c> should the body echo it (a match split across reads is caught: the last key-length bytes wait).
    /// </summary>
    internal sealed class RecordingStream : Stream
    {
        private static readonly byte[] Redacted = Encoding.ASCII.GetBytes("[redacted]");
        private readonly Stream _inner;
        private readonly Stream _recorder;
        private readonly byte[]? _key;
        // The bytes held back for a possible split key sit at the start of _work; each read is appended after them.
        private byte[] _work = Array.Empty<byte>();
        private int _pendingLength;
        private bool _flushed;

        public RecordingStream(Stream inner, Stream recorder, string? apiKey)
        {
            _inner = inner;
            _recorder = recorder;
            _key = apiKey is { Length: >= 8 } ? Encoding.UTF8.GetBytes(apiKey) : null;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            Record(buffer, offset, n);
            return n;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int n = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            Record(buffer, offset, n);
            return n;
        }

        private void Record(byte[] buffer, int offset, int n)
        {
            if (n == 0)
            {
                WritePending();
                return;
            }
            if (_key is null)
            {
                _recorder.Write(buffer, offset, n);
                return;
            }
            int total = _pendingLength + n;
            if (_work.Length < total)
            {
                var bigger = new byte[Math.Max(total, _work.Length * 2)];
                Buffer.BlockCopy(_work, 0, bigger, 0, _pendingLength);
                _work = bigger;
            }
            Buffer.BlockCopy(buffer, offset, _work, _pendingLength, n);
            // A match starting before safeEnd fits whole; the bytes from safeEnd on may begin a key the next read completes.
            int safeEnd = total - (_key.Length - 1);
            int start = 0;
            while (start < safeEnd)
            {
                int at = new ReadOnlySpan<byte>(_work, start, total - start).IndexOf(_key);
                if (at < 0) break;
                at += start;
                _recorder.Write(_work, start, at - start);
                _recorder.Write(Redacted, 0, Redacted.Length);
                start = at + _key.Length;
            }
            int keep = Math.Max(start, Math.Max(safeEnd, 0));
            _recorder.Write(_work, start, keep - start);
            _pendingLength = total - keep;
            Buffer.BlockCopy(_work, keep, _work, 0, _pendingLength);
        }

        /// <summary>Writes the bytes held back for a possible split key: only at the end of the body (then no key can follow).</summary>
        private void WritePending()
        {
            if (_flushed) return;
            if (_pendingLength > 0) _recorder.Write(_work, 0, _pendingLength);
            _pendingLength = 0;
            _recorder.Flush();
        }

        /// <summary>Flushes the recorder; bytes held back for a possible split key stay back until the body ends.</summary>
        public override void Flush() => _recorder.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    WritePending();
                    _flushed = true;
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    // The recorder went away; the stream itself is unaffected.
                }
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
