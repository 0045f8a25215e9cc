using System.Globalization;
using System.IO;
using StreamKit.Responses;
using StreamKit.Streaming;

namespace StreamKit.Cli.Output
{
    /// <summary>Human-readable output for Responses streams: live text, reasoning and tool input, then a summary per output item.</summary>
    public sealed class ResponsePrinter
    {
        private readonly TextWriter _out;
        private string? _section;

        /// <summary>Prints to <paramref name="output"/>.</summary>
        public ResponsePrinter(TextWriter output) => _out = output;

        /// <summary>Writes the new text an event carries.</summary>
        public void WriteDelta(IResponseStreamEvent e)
        {
            switch (e)
            {
                case ResponseTextDeltaEvent t: Write("text", t.Delta); break;
                case ResponseRefusalDeltaEvent r: Write("refusal", r.Delta); break;
                case ResponseReasoningSummaryTextDeltaEvent s: Write("reasoning", s.Delta); break;
                case ResponseReasoningTextDeltaEvent s: Write("reasoning", s.Delta); break;
                case ResponseFunctionCallArgumentsDeltaEvent f: Write("tool input", f.Delta); break;
                case ResponseCustomToolCallInputDeltaEvent c: Write("tool input", c.Delta); break;
                case ResponseCodeInterpreterCallCodeDeltaEvent c: Write("code", c.Delta); break;
            }
            _out.Flush();
        }

        private void Write(string section, string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            if (_section != section)
            {
                if (_section is not null) _out.Write("\n\n");
                if (section != "text") _out.Write("[" + section + "] ");
                _section = section;
            }
            _out.Write(text);
        }

        /// <summary>Writes each output item, the status, usage, outcome and timings.</summary>
        public void WriteSummary(ResponseStreamResult result)
        {
            var r = result.Response;
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
                            if (part is OutputTextContent t) _out.WriteLine("text: " + t.Text);
                            else if (part is RefusalContent rc) _out.WriteLine("refusal: " + rc.Refusal);
                        }
                        break;
                    case FunctionToolCall f:
                        _out.WriteLine("function call " + f.CallId + ": " + f.Name + "(" + f.Arguments + ")");
                        break;
                    case ReasoningItem reasoning:
                        _out.WriteLine("reasoning: " + (reasoning.Summary?.Count ?? 0) + " summary parts, " + (reasoning.Content?.Count ?? 0) + " content parts");
                        break;
                }
            }
            _out.WriteLine("status: " + (r.Status?.Value ?? "none") + (result.Terminal is null ? "" : " (terminal event: response." + result.Terminal + ")"));
            if (r.Usage is { } u) _out.WriteLine("usage: input " + u.InputTokens + ", output " + u.OutputTokens + ", total " + u.TotalTokens);
            if (result.SequenceGaps.Count > 0 || result.Duplicates > 0) _out.WriteLine("sequence: " + result.SequenceGaps.Count + " gaps, " + result.Duplicates + " duplicates");
            var s = result.Statistics;
            _out.WriteLine("outcome: " + StreamOutcomeNames.Of(result.Outcome) + (result.Error is null ? "" : " (" + result.Error.Message + ")"));
            _out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "time to first delta: {0}; deltas: {1}; {2:0.0} deltas/s; {3} events, {4} comments, {5} bytes in {6:0.0} ms",
                s.TimeToFirstDelta is { } t0 ? t0.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a",
                s.Deltas, s.DeltasPerSecond, s.Items, s.Comments, s.Bytes, s.Elapsed.TotalMilliseconds));
        }
    }
}
