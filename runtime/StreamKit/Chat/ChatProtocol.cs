using System;
using System.Collections.Generic;
using System.Text.Json;
using StreamKit.Http;
using StreamKit.Serialization;
using StreamKit.Sse;

namespace StreamKit.Chat
{
    /// <summary>
    /// Chat Completions for the stream engine: <c>chat.completion.chunk</c> data, folded by the generated
    /// <see cref="ChatCompletionReducer"/>.
    /// </summary>
    /// <remarks>
    /// A chunk with an <c>error</c> member (OpenRouter) or an <c>event: error</c> (Groq) is a provider error. Without
    /// <c>[DONE]</c>, the stream is complete only when every choice has a finish reason. Text counted against
    /// <see cref="LlmStreamLimits.MaxTextChars"/> is content, refusal, reasoning and tool-call arguments; items are tool calls.
    /// </remarks>
    public sealed class ChatProtocol : StreamProtocol<ChatCompletionChunk, ChatCompletion>
    {
        private static readonly JsonValueReader<ChatCompletionChunk> Reader = static (ref Utf8JsonReader r) => ChatCompletionChunk.ReadJson(ref r);
        private readonly ChatCompletionReducer _reducer = new ChatCompletionReducer();
        private readonly ItemTemplate<ChatCompletionChunk> _template = new ItemTemplate<ChatCompletionChunk>(static c => c.DeepClone(), ChatCompletionChunk.SetStringAt);
        // The reduce-only path's facts; tool calls, function call, audio and reasoning details (depth 4) are content and items.
        private readonly Reduction.FoldContext _fold = new Reduction.FoldContext { ContentDepth = 4 };
        private bool _folded;
        private readonly Dictionary<(long Choice, long Index), ArgumentsEntry> _arguments = new Dictionary<(long, long), ArgumentsEntry>();
        // The tool call the last chunk added to: fragments of one call arrive in a run, so most chunks find it here.
        private (long Choice, long Index) _lastKey;
        private ArgumentsEntry? _last;
        private long _text;

        /// <summary>Raised after a chunk added to a tool call's arguments (or opened one), with the arguments so far. Handlers must not throw.</summary>
        public event System.Action<ToolCallArguments>? ArgumentsUpdated;

        /// <summary>Every tool call's arguments so far, by choice and index (after the reduce-only path: by choice and position, from the snapshot).</summary>
        public IReadOnlyList<ToolCallArguments> ToolCallArguments
        {
            get
            {
                var list = new List<ToolCallArguments>();
                if (_folded) return FromSnapshot(list);
                foreach (var kv in _arguments) list.Add(new ToolCallArguments(kv.Key.Choice, kv.Key.Index, kv.Value.Id, kv.Value.Name, kv.Value.Text.ToString()));
                list.Sort((a, b) => a.Choice != b.Choice ? a.Choice.CompareTo(b.Choice) : a.Index.CompareTo(b.Index));
                return list;
            }
        }

        private List<ToolCallArguments> FromSnapshot(List<ToolCallArguments> list)
        {
            if (_reducer.Snapshot().Choices is not { } choices) return list;
            foreach (var choice in choices)
            {
                if (choice.Message?.ToolCalls is not { } calls) continue;
                for (int i = 0; i < calls.Count; i++)
                {
                    var call = calls[i];
                    list.Add(new ToolCallArguments(choice.Index, i, call.Id, call.Function?.Name, call.Function?.Arguments ?? ""));
                }
            }
            return list;
        }

        /// <inheritdoc/>
        public override string Name => "chat";

        /// <inheritdoc/>
        public override void Initialize(LlmStreamLimits limits) => _fold.MaxIndex = limits.MaxItems;

        /// <inheritdoc/>
        /// <remarks>Error events, chunks with an <c>error</c> member, and every chunk while <see cref="ArgumentsUpdated"/> has listeners take the typed path.</remarks>
        protected internal override bool TryFoldData(in SseEvent sseEvent, JsonReaderOptions readerOptions, out bool hasContent)
        {
            hasContent = false;
            // Streaming argument updates need the per-chunk tool calls.
            if (ArgumentsUpdated is not null) return false;
            var data = sseEvent.Data.Span;
            bool errorEvent = sseEvent.EventType == "error";
            // A replay matches the last folded chunk outside its string values, so it has no error member either.
            if (!errorEvent && _reducer.TryReplayJson(data, readerOptions, _fold))
            {
                _folded = true;
                hasContent = _fold.HasContent;
                return true;
            }
            // Error events and chunks with an error member take the typed path (FindError reads the item). A JSON string
            // cannot hold a bare quote, so "error" found here is a member name (or, rarely, a false alarm that costs nothing).
            if (errorEvent || data.IndexOf("\"error\""u8) >= 0) return false;
            _folded = true;
            try
            {
                _reducer.ApplyJson(data, readerOptions, _fold);
            }
            catch
            {
                _fold.Rollback();
                throw;
            }
            hasContent = _fold.HasContent;
            return true;
        }

        /// <summary>Chunks folded by a replay of the previous chunk's shape (tests read it).</summary>
        internal int ReplayedEvents => _fold.Replays;

        /// <summary>Chunks parsed by a typed replay of the previous chunk's shape (tests read it).</summary>
        internal int ParsedByReplay => _template.Replays;

        /// <summary>Whether <see cref="Parse"/> may replay the previous chunk's shape (tests compare with it off).</summary>
        internal bool TypedReplays { get; set; } = true;

        /// <inheritdoc/>
        /// <remarks>
        /// A chunk that is the last chunk read whole with other strings in its string members (text, obfuscation, ids) is
        /// a copy of that chunk with those strings set, without running the JSON tokenizer; the result is the same object
        /// graph a whole read gives.
        /// </remarks>
        public override ChatCompletionChunk Parse(in SseEvent sseEvent, JsonReaderOptions readerOptions)
        {
            var data = sseEvent.Data.Span;
            if (!TypedReplays) return ReadJson(data, readerOptions, Reader);
            if (_template.TryParse(data, readerOptions, out var replayed)) return replayed!;
            var chunk = ReadJson(data, readerOptions, Reader);
            _template.Keep(data, readerOptions, chunk);
            return chunk;
        }

        /// <inheritdoc/>
        public override void Apply(ChatCompletionChunk item)
        {
            _reducer.Apply(item);
            if (item.Choices is not { } choices) return;
            foreach (var choice in choices)
            {
                if (choice?.Delta is not { } d) continue;
                _text += (d.Content?.Length ?? 0) + (d.Refusal?.Length ?? 0) + (d.ReasoningContent?.Length ?? 0) + (d.Reasoning?.Length ?? 0)
                    + (d.FunctionCall?.Arguments?.Length ?? 0);
                if (d.ToolCalls is not { } calls) continue;
                for (int i = 0; i < calls.Count; i++)
                {
                    var call = calls[i];
                    if (call is null) continue;
                    _text += call.Function?.Arguments?.Length ?? 0;
                    TrackArguments(choice.Index, call.Index ?? i, call);
                }
            }
        }

        private void TrackArguments(long choice, long index, ChatCompletionToolCallDelta call)
        {
            var key = (choice, index);
            var entry = _last;
            if (entry is null || key != _lastKey)
            {
                if (!_arguments.TryGetValue(key, out entry)) _arguments[key] = entry = new ArgumentsEntry();
                _lastKey = key;
                _last = entry;
            }
            string? id = entry.Id ?? (call.Id is { Length: > 0 } i ? i : null);
            string? name = entry.Name ?? (call.Function?.Name is { Length: > 0 } n ? n : null);
            string? fragment = call.Function?.Arguments;
            if (fragment is not null) entry.Text.Append(fragment);
            bool named = id != entry.Id || name != entry.Name;
            entry.Id = id;
            entry.Name = name;
            if (ArgumentsUpdated is { } handler && (!string.IsNullOrEmpty(fragment) || named))
                handler(new ToolCallArguments(choice, index, id, name, entry.Text.ToString()));
        }

        /// <summary>One tool call's id, name and arguments so far.</summary>
        private sealed class ArgumentsEntry
        {
            public string? Id;
            public string? Name;
            public readonly System.Text.StringBuilder Text = new System.Text.StringBuilder();
        }

        /// <inheritdoc/>
        public override ChatCompletion Snapshot() => _reducer.Snapshot();

        /// <inheritdoc/>
        public override void WriteJson(Utf8JsonWriter writer, ChatCompletion value) => value.WriteJson(writer);

        /// <inheritdoc/>
        public override bool HasContent(ChatCompletionChunk item) => item.HasDelta();

        /// <inheritdoc/>
        public override ProviderError? FindError(in SseEvent sseEvent, ChatCompletionChunk item) =>
            sseEvent.EventType == "error" || item.Error is not null
                ? ProviderErrorParser.ParseOrRaw(in sseEvent)
                : null;

        /// <inheritdoc/>
        public override long HighestIndex(ChatCompletionChunk item)
        {
            long highest = 0;
            if (item.Choices is not { } choices) return 0;
            highest = choices.Count - 1;
            foreach (var choice in choices)
            {
                if (choice is null) continue;
                if (choice.Index > highest) highest = choice.Index;
                if (choice.Delta?.ToolCalls is not { } calls) continue;
                if (calls.Count - 1 > highest) highest = calls.Count - 1;
                foreach (var call in calls)
                {
                    if (call?.Index is long i && i > highest) highest = i;
                }
            }
            return highest;
        }

        /// <inheritdoc/>
        public override long TextLength => _text + _fold.TextChars;

        /// <inheritdoc/>
        // A stream read both ways (a chunk with an error member takes the typed path) counts its tool calls in both tables.
        public override int ItemCount => Math.Max(_arguments.Count, _fold.Items);

        /// <inheritdoc/>
        public override bool IsComplete(bool sawDone) => sawDone || EveryChoiceFinished(_reducer.Snapshot());

        /// <inheritdoc/>
        public override bool IsComplete(bool sawDone, ChatCompletion value) => sawDone || EveryChoiceFinished(value);

        private static bool EveryChoiceFinished(ChatCompletion snapshot)
        {
            if (snapshot.Choices is not { Count: > 0 } choices) return false;
            foreach (var c in choices) if (c.FinishReason is null) return false;
            return true;
        }
    }
}
