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
        private byte[] _pending = Array.Empty<byte>();
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
            var all = new byte[_pending.Length + n];
            Buffer.BlockCopy(_pending, 0, all, 0, _pending.Length);
            Buffer.BlockCopy(buffer, offset, all, _pending.Length, n);
            int safeEnd = all.Length - (_key.Length - 1);
            int p = 0;
            int start = 0;
            while (p < safeEnd)
            {
                if (Matches(all, p))
                {
                    _recorder.Write(all, start, p - start);
                    _recorder.Write(Redacted, 0, Redacted.Length);
                    p += _key.Length;
                    start = p;
                }
                else
                {
                    p++;
                }
            }
            int keep = Math.Max(p, Math.Max(safeEnd, 0));
            _recorder.Write(all, start, keep - start);
            _pending = new byte[all.Length - keep];
            Buffer.BlockCopy(all, keep, _pending, 0, _pending.Length);
        }

        private bool Matches(byte[] data, int at)
        {
            if (at + _key!.Length > data.Length) return false;
            for (int i = 0; i < _key.Length; i++) if (data[at + i] != _key[i]) return false;
            return true;
        }

        /// <summary>Writes the bytes held back for a possible split key: only at the end of the body (then no key can follow).</summary>
        private void WritePending()
        {
            if (_flushed) return;
            if (_pending.Length > 0) _recorder.Write(_pending, 0, _pending.Length);
            _pending = Array.Empty<byte>();
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
