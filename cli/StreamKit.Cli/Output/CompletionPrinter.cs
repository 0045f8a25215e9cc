using System.Collections.Generic;
using System.IO;
using StreamKit.Chat;

namespace StreamKit.Cli.Output
{
    /// <summary>Human-readable output for chat streams: live deltas, then a summary of the final message and the timings.</summary>
    public sealed class CompletionPrinter : IStreamPrinter
    {
        private readonly TextWriter _out;
        private readonly LiveText _live;
        private readonly Palette _palette;
        private readonly Dictionary<long, ArgumentsView> _arguments = new Dictionary<long, ArgumentsView>();

        /// <summary>Prints to <paramref name="output"/>, in colour when <paramref name="palette"/> allows.</summary>
        public CompletionPrinter(TextWriter output, Palette? palette = null)
        {
            _out = output;
            _palette = palette ?? Palette.Plain;
            _live = new LiveText(output, _palette);
        }

        /// <inheritdoc/>
        public void WriteDelta(object item)
        {
            if (item is ChatCompletionChunk chunk) WriteDelta(chunk);
        }

        /// <inheritdoc/>
        public void WriteSummary(StreamResult result) => WriteSummary((StreamResult<ChatCompletion>)result);

        /// <summary>Writes the new text of one chunk (choice 0): reasoning, content, refusal, tool-call arguments.</summary>
        public void WriteDelta(ChatCompletionChunk chunk)
        {
            foreach (var choice in chunk.Choices ?? new List<ChatCompletionChunkChoice>())
            {
                if (choice?.Delta is not { } d || choice.Index != 0) continue;
                _live.Write("reasoning", d.ReasoningContent ?? d.Reasoning);
                foreach (var part in d.ContentParts ?? new List<ChatCompletionContentPart>())
                {
                    if (part?.Type == "thinking")
                        foreach (var inner in part.Thinking ?? new List<ChatCompletionContentPart>()) _live.Write("reasoning", inner?.Text);
                    else
                        _live.Write("text", part?.Text);
                }
                _live.Write("text", d.Content);
                _live.Write("refusal", d.Refusal);
                var calls = d.ToolCalls ?? new List<ChatCompletionToolCallDelta>();
                for (int i = 0; i < calls.Count; i++)
                {
                    var call = calls[i];
                    if (call is null) continue;
                    long index = call.Index ?? i;
                    string section = "tool call " + index;
                    if (call.Function?.Name is { Length: > 0 } name) _live.Write(section, name);
                    // Arguments are shown as they become readable: each member once its value is complete.
                    if (!_arguments.TryGetValue(index, out var args)) _arguments[index] = args = new ArgumentsView();
                    foreach (var line in args.Add(call.Function?.Arguments)) _live.Write(section, line);
                }
            }
            _live.Flush();
        }

        /// <summary>Writes the final (or partial) message of every choice, the outcome and the timings.</summary>
        public void WriteSummary(StreamResult<ChatCompletion> result)
        {
            var c = result.Value;
            _out.WriteLine();
            _out.WriteLine();
            foreach (var choice in c.Choices ?? new List<ChatCompletionChoice>())
            {
                _out.WriteLine("--- choice " + choice.Index + " (finish_reason: " + (choice.FinishReason?.Value ?? "none") + ") ---");
                var m = choice.Message;
                // What the live output already showed (choice 0's text) is not printed again; other choices are.
                bool shown = _live.Wrote && choice.Index == 0;
                if (m?.ReasoningContent is { } r) _out.WriteLine(_palette.Dim("reasoning: " + r.Length + " characters"));
                if (m?.Content is { } content) _out.WriteLine(shown ? "content: " + content.Length + " characters (above)" : "content: " + content);
                if (m?.Refusal is { } refusal) _out.WriteLine(_palette.Warn("refusal: " + refusal));
                foreach (var call in m?.ToolCalls ?? new List<ChatCompletionToolCall>())
                {
                    _out.WriteLine(_palette.Tool("tool call " + call.Id + ": " + call.Function?.Name + "(" + call.Function?.Arguments + ")"));
                }
            }
            if (c.Usage is { } u) _out.WriteLine("usage: prompt " + u.PromptTokens + ", completion " + u.CompletionTokens + ", total " + u.TotalTokens);
            OutcomeText.Write(_out, result, _palette);
        }
    }
}
