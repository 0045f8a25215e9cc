using System.Globalization;
using System.IO;
using StreamKit.Chat;
using StreamKit.Streaming;

namespace StreamKit.Cli.Output
{
    /// <summary>Human-readable output: live deltas, then a summary of the final message and the timings.</summary>
    public sealed class CompletionPrinter
    {
        private readonly TextWriter _out;
        private bool _inReasoning;
        private bool _inToolCall;

        /// <summary>Prints to <paramref name="output"/>.</summary>
        public CompletionPrinter(TextWriter output) => _out = output;

        /// <summary>Writes the new text of one chunk (choice 0): reasoning, content, refusal, tool-call arguments.</summary>
        public void WriteDelta(ChatCompletionChunk chunk)
        {
            if (chunk.Choices is null) return;
            foreach (var choice in chunk.Choices)
            {
                if (choice?.Delta is not { } d || (choice.Index) != 0) continue;
                string? reasoning = d.ReasoningContent ?? d.Reasoning;
                if (!string.IsNullOrEmpty(reasoning))
                {
                    if (!_inReasoning) _out.Write("[reasoning] ");
                    _inReasoning = true;
                    _out.Write(reasoning);
                }
                if (d.ContentParts is { } parts)
                {
                    foreach (var p in parts) WritePart(p);
                }
                WriteText(d.Content);
                WriteText(d.Refusal);
                if (d.ToolCalls is { } calls)
                {
                    foreach (var call in calls)
                    {
                        if (call?.Function?.Name is { Length: > 0 } name) WriteText("\n[tool call " + name + "] ");
                        WriteText(call?.Function?.Arguments);
                        _inToolCall = true;
                    }
                }
            }
            _out.Flush();
        }

        private void WritePart(ChatCompletionContentPart? part)
        {
            if (part is null) return;
            if (part.Type == "thinking")
            {
                if (!_inReasoning) _out.Write("[reasoning] ");
                _inReasoning = true;
                foreach (var inner in part.Thinking ?? new System.Collections.Generic.List<ChatCompletionContentPart>()) _out.Write(inner?.Text);
                return;
            }
            WriteText(part.Text);
        }

        private void WriteText(string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            if (_inToolCall)
            {
                _out.Write("\n");
                _inToolCall = false;
            }
            if (_inReasoning)
            {
                _out.Write("\n\n");
                _inReasoning = false;
            }
            _out.Write(text);
        }

        /// <summary>Writes the final (or partial) message of every choice, the outcome and the timings.</summary>
        public void WriteSummary(ChatStreamResult result)
        {
            var c = result.Completion;
            _out.WriteLine();
            _out.WriteLine();
            foreach (var choice in c.Choices ?? new System.Collections.Generic.List<ChatCompletionChoice>())
            {
                _out.WriteLine("--- choice " + choice.Index + " (finish_reason: " + (choice.FinishReason?.Value ?? "none") + ") ---");
                var m = choice.Message;
                if (m?.ReasoningContent is { } r) _out.WriteLine("reasoning: " + r.Length + " characters");
                if (m?.Content is { } content) _out.WriteLine("content: " + content);
                if (m?.Refusal is { } refusal) _out.WriteLine("refusal: " + refusal);
                foreach (var call in m?.ToolCalls ?? new System.Collections.Generic.List<ChatCompletionToolCall>())
                {
                    _out.WriteLine("tool call " + call.Id + ": " + call.Function?.Name + "(" + call.Function?.Arguments + ")");
                }
            }
            if (c.Usage is { } u) _out.WriteLine("usage: prompt " + u.PromptTokens + ", completion " + u.CompletionTokens + ", total " + u.TotalTokens);
            var s = result.Statistics;
            _out.WriteLine("outcome: " + StreamOutcomeNames.Of(result.Outcome) + (result.Error is null ? "" : " (" + result.Error.Message + ")"));
            _out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "time to first delta: {0}; deltas: {1}; {2:0.0} deltas/s; {3} chunks, {4} events, {5} comments, {6} bytes in {7:0.0} ms",
                s.TimeToFirstDelta is { } t ? t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a",
                s.Deltas, s.DeltasPerSecond, s.Items, s.Events, s.Comments, s.Bytes, s.Elapsed.TotalMilliseconds));
        }
    }
}
