using System;
using System.Text;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// Coalesces streamed text for a person watching a console: pieces are held until <see cref="Interval"/> has passed
    /// since the last write, a line ends, or 256 characters are waiting, so the console is written a few times a second
    /// instead of once per token. Reasoning is set off from the answer by a <c>[reasoning]</c> label.
    /// </summary>
    public sealed class LiveText
    {
        private readonly Func<TimeSpan> _clock;
        private readonly StringBuilder _pending = new StringBuilder();
        private TimeSpan _lastWrite;
        private LlmDeltaKind? _section;

        /// <summary>Creates the coalescer; <paramref name="clock"/> tells the time (tests pass their own).</summary>
        public LiveText(TimeSpan interval, Func<TimeSpan> clock)
        {
            Interval = interval;
            _clock = clock;
            _lastWrite = clock();
        }

        /// <summary>The longest a piece waits before it is written.</summary>
        public TimeSpan Interval { get; }

        /// <summary>Adds what <paramref name="delta"/> shows; returns the text to write now, or null to wait.</summary>
        public string? Add(LlmDelta delta)
        {
            string? text = delta.Kind switch
            {
                LlmDeltaKind.Text or LlmDeltaKind.Reasoning or LlmDeltaKind.Refusal => delta.Text,
                LlmDeltaKind.ToolCall => (delta.ToolName is null ? "" : "\n[tool call " + delta.ToolName + "] ") + delta.Arguments,
                _ => null,
            };
            if (string.IsNullOrEmpty(text)) return null;
            var section = delta.Kind == LlmDeltaKind.ToolCall ? LlmDeltaKind.ToolCall : delta.Kind;
            if (_section != section)
            {
                if (_section is not null) _pending.Append("\n\n");
                if (section == LlmDeltaKind.Reasoning) _pending.Append("[reasoning] ");
                else if (section == LlmDeltaKind.Refusal) _pending.Append("[refusal] ");
                _section = section;
            }
            _pending.Append(text);
            var now = _clock();
            if (now - _lastWrite >= Interval || text!.IndexOf('\n') >= 0 || _pending.Length >= 256) return Take(now);
            return null;
        }

        /// <summary>Whatever is still waiting (at the end of the stream), or null.</summary>
        public string? Flush() => _pending.Length == 0 ? null : Take(_clock());

        private string Take(TimeSpan now)
        {
            _lastWrite = now;
            string text = _pending.ToString();
            _pending.Clear();
            return text;
        }
    }
}
