using System.IO;
using StreamKit.Responses;

namespace StreamKit.Cli.Output
{
    /// <summary>Human-readable output for Responses streams: live text, reasoning and tool input, then a summary per output item.</summary>
    public sealed class ResponsePrinter : IStreamPrinter
    {
        private readonly TextWriter _out;
        private readonly LiveText _live;
        private readonly Palette _palette;

        /// <summary>Prints to <paramref name="output"/>, in colour when <paramref name="palette"/> allows.</summary>
        public ResponsePrinter(TextWriter output, Palette? palette = null)
        {
            _out = output;
            _palette = palette ?? Palette.Plain;
            _live = new LiveText(output, _palette);
        }

        /// <inheritdoc/>
        public void WriteDelta(object item)
        {
            if (item is IResponseStreamEvent e) WriteDelta(e);
        }

        /// <inheritdoc/>
        public void WriteSummary(StreamResult result) => WriteSummary((ResponseStreamResult)result);

        /// <summary>Writes the new text an event carries.</summary>
        public void WriteDelta(IResponseStreamEvent e)
        {
            switch (e)
            {
                case ResponseTextDeltaEvent t: _live.Write("text", t.Delta); break;
                case ResponseRefusalDeltaEvent r: _live.Write("refusal", r.Delta); break;
                case ResponseReasoningSummaryTextDeltaEvent s: _live.Write("reasoning", s.Delta); break;
                case ResponseReasoningTextDeltaEvent s: _live.Write("reasoning", s.Delta); break;
                case ResponseFunctionCallArgumentsDeltaEvent f: _live.Write("tool input", f.Delta); break;
                case ResponseCustomToolCallInputDeltaEvent c: _live.Write("tool input", c.Delta); break;
                case ResponseCodeInterpreterCallCodeDeltaEvent c: _live.Write("code", c.Delta); break;
            }
            _live.Flush();
        }

        /// <summary>Writes each output item, the status, usage, outcome and timings.</summary>
        public void WriteSummary(ResponseStreamResult result)
        {
            var r = result.Value;
            _out.WriteLine();
            _out.WriteLine();
            int i = 0;
            foreach (var item in r.Output ?? new System.Collections.Generic.List<IOutputItem>())
            {
                _out.Write("--- output[" + i++ + "] " + (item?.Type ?? "(missing)") + " ---\n");
                switch (item)
                {
                    case OutputMessage m:
                        foreach (var part in m.Content ?? new System.Collections.Generic.List<IOutputMessageContent>())
                        {
                            if (part is OutputTextContent t) _out.WriteLine(_live.Wrote ? "text: " + (t.Text?.Length ?? 0) + " characters (above)" : "text: " + t.Text);
                            else if (part is RefusalContent rc) _out.WriteLine(_palette.Warn("refusal: " + rc.Refusal));
                        }
                        break;
                    case FunctionToolCall f:
                        _out.WriteLine(_palette.Tool("function call " + f.CallId + ": " + f.Name + "(" + f.Arguments + ")"));
                        break;
                    case ReasoningItem reasoning:
                        _out.WriteLine("reasoning: " + (reasoning.Summary?.Count ?? 0) + " summary parts, " + (reasoning.Content?.Count ?? 0) + " content parts");
                        break;
                }
            }
            _out.WriteLine("status: " + (r.Status?.Value ?? "none") + (result.Terminal is null ? "" : " (terminal event: response." + result.Terminal + ")"));
            if (r.Usage is { } u) _out.WriteLine("usage: input " + u.InputTokens + ", output " + u.OutputTokens + ", total " + u.TotalTokens);
            if (result.SequenceGaps.Count > 0 || result.Duplicates > 0) _out.WriteLine("sequence: " + result.SequenceGaps.Count + " gaps, " + result.Duplicates + " duplicates");
            OutcomeText.Write(_out, result, _palette);
        }
    }
}
