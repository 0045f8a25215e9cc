using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace StreamKit.Responses
{
    /// <summary>
    /// A streaming <c>POST {base}/responses</c>. StreamKit sets <c>stream: true</c>; everything else the API takes
    /// (<c>tools</c>, <c>reasoning</c>, <c>background</c>, <c>previous_response_id</c>, a router's options) goes in <see cref="ExtraBody"/>.
    /// </summary>
    public sealed class ResponseRequest
    {
        /// <summary>Creates a request for <paramref name="model"/> with a text input.</summary>
        /// <exception cref="ArgumentException"><paramref name="model"/> is null or empty.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
        public ResponseRequest(string model, string input)
        {
            if (string.IsNullOrEmpty(model)) throw new ArgumentException("A model is required.", nameof(model));
            Model = model;
            Input = input ?? throw new ArgumentNullException(nameof(input));
        }

        /// <summary>The model name.</summary>
        public string Model { get; }

        /// <summary>The text input (sent as <c>input</c>; replace it with a JSON array of items through <see cref="ExtraBody"/>).</summary>
        public string Input { get; }

        /// <summary>System-level instructions (<c>instructions</c>), or null.</summary>
        public string? Instructions { get; set; }

        /// <summary>Extra top-level body members, written as given; a member named here replaces StreamKit's own, except <c>stream</c>.</summary>
        public IDictionary<string, JsonElement> ExtraBody { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        internal byte[] ToJson()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("model", Model);
                if (!ExtraBody.ContainsKey("input")) w.WriteString("input", Input);
                if (Instructions is not null && !ExtraBody.ContainsKey("instructions")) w.WriteString("instructions", Instructions);
                w.WriteBoolean("stream", true);
                StreamKit.Http.ExtraBody.Write(w, ExtraBody);
                w.WriteEndObject();
            }
            return stream.ToArray();
        }
    }
}
