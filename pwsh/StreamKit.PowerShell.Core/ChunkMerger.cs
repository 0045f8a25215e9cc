using System;
using System.Text;
using System.Text.Json;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Sse;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// <c>Merge-LlmChunk</c>'s engine: chunks, events, deltas (their <see cref="LlmDelta.Raw"/>; each chunk applied once)
    /// or their JSON text, folded by the same generated reducers as a live stream into one <see cref="LlmResult"/>.
    /// Without <c>[DONE]</c>, a chat result is <c>completed</c> when every choice has a finish reason, a Responses result
    /// when a terminal event came; otherwise <c>truncated</c>.
    /// </summary>
    public sealed class ChunkMerger
    {
        private readonly JsonReaderOptions _readerOptions = new JsonReaderOptions { MaxDepth = 128 };
        private ChatProtocol? _chat;
        private ResponseProtocol? _responses;
        private object? _lastRaw;
        private int _index;

        /// <summary>Items folded so far.</summary>
        public int Count { get; private set; }

        /// <summary>Folds one item.</summary>
        /// <exception cref="ArgumentException">The item is not a chunk, event, delta or JSON text, or its API differs from the earlier ones'.</exception>
        public void Add(object? item)
        {
            switch (item)
            {
                case null:
                    return;
                case LlmDelta delta:
                    if (delta.Raw is null || ReferenceEquals(delta.Raw, _lastRaw)) return;
                    Add(delta.Raw);
                    return;
                case ChatCompletionChunk chunk:
                    if (_responses is not null) throw new ArgumentException("A chat chunk cannot be merged with Responses events.");
                    (_chat ??= new ChatProtocol()).Apply(chunk);
                    break;
                case IResponseStreamEvent e:
                    if (_chat is not null) throw new ArgumentException("A Responses event cannot be merged with chat chunks.");
                    (_responses ??= new ResponseProtocol()).Apply(e);
                    break;
                case SseEventRecord record:
                    AddJson(record.EventType, record.Data);
                    return;
                case string json:
                    AddJson("message", json);
                    return;
                default:
                    throw new ArgumentException("Expected a chunk, an event, a delta or JSON text, not " + item.GetType().Name + ".");
            }
            _lastRaw = item;
            Count++;
        }

        private void AddJson(string eventType, string json)
        {
            if (json.Trim() == "[DONE]") return;
            byte[] data = Encoding.UTF8.GetBytes(json);
            var e = new SseEvent(eventType, data, null, null, _index++, 0);
            var api = _chat is not null ? LlmApi.Chat : _responses is not null ? LlmApi.Responses : ApiDetection.Detect(eventType, data);
            try
            {
                Add(api == LlmApi.Responses ? (object)new ResponseProtocol().Parse(in e, _readerOptions) : new ChatProtocol().Parse(in e, _readerOptions));
            }
            catch (Serialization.JsonPayloadException ex)
            {
                throw new ArgumentException("Not a " + (api == LlmApi.Chat ? "chat chunk" : "Responses event") + ": " + ex.Message, ex);
            }
        }

        /// <summary>The merged message so far.</summary>
        public LlmResult Result()
        {
            if (_responses is not null)
                return LlmResult.FromValue(_responses.Snapshot(), _responses.IsComplete(false) ? "completed" : "truncated", null, null);
            var chat = _chat ?? new ChatProtocol();
            return LlmResult.FromValue(chat.Snapshot(), chat.IsComplete(false) ? "completed" : "truncated", null, null);
        }
    }
}
