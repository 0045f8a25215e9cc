using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;

namespace StreamKit.Http
{
    /// <summary>Decodes a body the handler left encoded (<c>Content-Encoding</c> gzip, deflate, br).</summary>
    internal static class BodyDecoding
    {
        /// <summary>The decoded body; the encoding header is what the handler did not already decode.</summary>
        /// <exception cref="NotSupportedException">An encoding StreamKit cannot decode on this target.</exception>
        public static Stream Decode(HttpResponseMessage response, Stream body)
        {
            var encodings = response.Content.Headers.ContentEncoding.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0 && e != "identity").ToList();
            // Encodings apply in the order listed; decode in reverse.
            for (int i = encodings.Count - 1; i >= 0; i--)
            {
                body = encodings[i] switch
                {
                    "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress),
#if NET
                    "deflate" => new ZLibStream(body, CompressionMode.Decompress),
                    "br" => new BrotliStream(body, CompressionMode.Decompress),
#else
                    "deflate" => new DeflateStream(body, CompressionMode.Decompress),
#endif
                    _ => throw new NotSupportedException("The body's Content-Encoding '" + encodings[i] + "' cannot be decoded"),
                };
            }
            return body;
        }
    }
}
