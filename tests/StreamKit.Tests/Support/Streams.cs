using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using StreamKit.Chat;

namespace StreamKit.Tests.Support
{
    /// <summary>Feeding bytes in chosen read sizes, and reducing them.</summary>
    public static class Streams
    {
        /// <summary>A stream that returns at most the next planned number of bytes per read (a trickling network).</summary>
        public sealed class TrickleStream : Stream
        {
            private readonly byte[] _data;
            private readonly Func<int> _nextSize;
            private int _pos;

            public TrickleStream(byte[] data, Func<int> nextSize)
            {
                _data = data;
                _nextSize = nextSize;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_pos >= _data.Length) return 0;
                int n = Math.Min(Math.Min(count, Math.Max(1, _nextSize())), _data.Length - _pos);
                Buffer.BlockCopy(_data, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _data.Length;
            public override long Position { get => _pos; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        public static Stream Whole(byte[] data) => new MemoryStream(data);

        public static Stream OneByte(byte[] data) => new TrickleStream(data, () => 1);

        public static Stream Random(byte[] data, int seed, int max = 64)
        {
            var rng = new System.Random(seed);
            return new TrickleStream(data, () => rng.Next(1, max + 1));
        }

        public static async Task<StreamResult<ChatCompletion>> ReduceAsync(Stream body, List<ChatCompletionChunk>? chunks = null)
        {
            using var stream = ChatCompletionStream.FromStream(body);
            return await stream.ReduceAsync(c => chunks?.Add(c));
        }

        public static Task<StreamResult<ChatCompletion>> ReduceAsync(byte[] data) => ReduceAsync(Whole(data));
    }
}
