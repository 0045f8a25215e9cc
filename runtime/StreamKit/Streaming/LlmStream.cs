using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit
{
    /// <summary>
    /// An LLM stream without its item and value types: what the CLI, the PowerShell module and other generic consumers
    /// need once they have picked an API. <see cref="LlmStream{TItem, TResult}"/> is the engine.
    /// </summary>
    public abstract class LlmStream : IDisposable, IAsyncDisposable
    {
        private static readonly JsonWriterOptions Compact = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonWriterOptions Indented = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

        private protected LlmStream()
        {
        }

        /// <summary>The API's short name: <c>chat</c>, <c>responses</c>, or your protocol's.</summary>
        public abstract string Api { get; }

        /// <summary>Counts and timings so far.</summary>
        public StreamStatistics Statistics { get; } = new StreamStatistics();

        /// <summary>How the stream ended; null until it has.</summary>
        public StreamResult? Result => ResultCore;

        /// <summary>Malformed events skipped so far, in order (only with <see cref="MalformedEventHandling.Skip"/>); each names its event, offset and JSON path.</summary>
        public IReadOnlyList<MalformedStreamException> SkippedEvents
        {
            get
            {
                lock (Skipped) return Skipped.ToArray();
            }
        }

        private protected List<MalformedStreamException> Skipped { get; } = new List<MalformedStreamException>();

        /// <summary>The reduced value so far (a new object each call).</summary>
        public object? Snapshot() => SnapshotCore();

        /// <summary>The reduced value so far as JSON (for chat, the shape of a non-streaming <c>chat.completion</c>).</summary>
        public string SnapshotJson(bool indented = false)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
            {
                WriteSnapshotJson(writer);
            }
            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>Writes the reduced value so far as JSON.</summary>
        public abstract void WriteSnapshotJson(Utf8JsonWriter writer);

        /// <summary>
        /// Yields each item as an object. With <paramref name="throwOnFailure"/> false it never throws for how the stream
        /// ended (read <see cref="Result"/> afterwards); with true it throws as the typed enumeration does.
        /// </summary>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public abstract IAsyncEnumerable<object> ReadItemsAsync(bool throwOnFailure = false, CancellationToken cancellationToken = default);

        /// <summary>Reads the whole stream, calling <paramref name="onItem"/> for each item; never throws for how the stream ended, cancellation included.</summary>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        /// <remarks>Without <paramref name="onItem"/>, the API's reduce-only path folds each event from its bytes, building no items.</remarks>
        public Task<StreamResult> ReduceAsync(Action<object>? onItem = null, CancellationToken cancellationToken = default) => ReduceCoreAsync(onItem, cancellationToken);

        private protected abstract Task<StreamResult> ReduceCoreAsync(Action<object>? onItem, CancellationToken cancellationToken);

        private protected abstract StreamResult? ResultCore { get; }

        private protected abstract object? SnapshotCore();

        /// <summary>Releases the body stream and the HTTP response behind it.</summary>
        public abstract void Dispose();

        /// <summary>As <see cref="Dispose"/>.</summary>
        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
