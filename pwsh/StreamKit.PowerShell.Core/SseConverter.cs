using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Sse;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// <c>ConvertFrom-SseStream</c>'s engine: SSE text (line by line or whole), bytes or files in, typed chunks or events
    /// (or raw SSE events) out, offline. The API is detected from the first event unless given. <c>[DONE]</c> is not
    /// passed on. An event that is not the expected JSON comes out as a <see cref="MalformedStreamException"/> (a
    /// non-terminating error) and conversion goes on.
    /// </summary>
    public sealed class SseConverter
    {
        private readonly SseEventParser _parser;
        private readonly bool _asSseEvents;
        private readonly JsonReaderOptions _readerOptions;
        private LlmApi? _api;
        private ChatProtocol? _chat;
        private ResponseProtocol? _responses;

        /// <summary>Creates a converter; <paramref name="api"/> null detects it.</summary>
        public SseConverter(LlmApi? api, bool asSseEvents, LlmStreamLimits? limits = null)
        {
            limits ??= new LlmStreamLimits();
            _api = api;
            _asSseEvents = asSseEvents;
            _parser = new SseEventParser(limits.MaxLineBytes, limits.MaxEventBytes);
            _readerOptions = new JsonReaderOptions { MaxDepth = limits.MaxJsonDepth };
        }

        /// <summary>The API in use (null until detected).</summary>
        public LlmApi? Api => _api;

        /// <summary>Adds text: one line (as <c>Get-Content</c> gives it) or a whole body; a line end is added when missing.</summary>
        /// <exception cref="SseFormatException">A line or event exceeds the limits.</exception>
        public IEnumerable<object> Add(string text)
        {
            if (!(text.EndsWith("\n", StringComparison.Ordinal) || text.EndsWith("\r", StringComparison.Ordinal))) text += "\n";
            return Add(Encoding.UTF8.GetBytes(text));
        }

        /// <summary>Adds raw bytes (any split).</summary>
        /// <exception cref="SseFormatException">A line or event exceeds the limits.</exception>
        public IEnumerable<object> Add(byte[] bytes)
        {
            _parser.Feed(bytes);
            return Drain();
        }

        /// <summary>Ends the input: a last unterminated event is dispatched.</summary>
        public IEnumerable<object> Complete()
        {
            _parser.Complete();
            return Drain();
        }

        private List<object> Drain()
        {
            var output = new List<object>();
            while (_parser.TryRead(out var e))
            {
                if (_asSseEvents)
                {
                    output.Add(SseEventRecord.From(in e));
                    continue;
                }
                if (e.IsDoneSentinel) continue;
                _api ??= ApiDetection.Detect(e.EventType, e.Data.Span);
                try
                {
                    output.Add(_api == LlmApi.Responses
                        ? (_responses ??= new ResponseProtocol()).Parse(in e, _readerOptions)
                        : (_chat ??= new ChatProtocol()).Parse(in e, _readerOptions));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    var payload = ex as Serialization.JsonPayloadException;
                    output.Add(new MalformedStreamException(payload?.Reason ?? ex.Message, e.Index, e.ByteOffset, payload?.JsonPath, payload?.BytePosition, null, ex));
                }
            }
            return output;
        }
    }
}
