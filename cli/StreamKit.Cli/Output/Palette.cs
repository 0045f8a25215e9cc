using System;
using System.IO;

namespace StreamKit.Cli.Output
{
    /// <summary>
    /// Terminal colours (ANSI): reasoning dimmed, tool calls highlighted, refusals and failures in colour. Only on a
    /// console whose output is not redirected, and never when <c>NO_COLOR</c> is set (no-color.org) or <c>TERM=dumb</c>.
    /// </summary>
    public sealed class Palette
    {
        /// <summary>No colour at all.</summary>
        public static readonly Palette Plain = new Palette(false);

        private readonly bool _on;

        private Palette(bool on) => _on = on;

        /// <summary>Colours when <paramref name="output"/> is the console's own, shown on a terminal, and colour is allowed.</summary>
        public static Palette For(TextWriter output) =>
            ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb"
                ? new Palette(true)
                : Plain;

        /// <summary>Dimmed (reasoning).</summary>
        public string Dim(string text) => Wrap("2", text);

        /// <summary>Highlighted (tool calls).</summary>
        public string Tool(string text) => Wrap("36", text);

        /// <summary>A warning colour (refusals).</summary>
        public string Warn(string text) => Wrap("33", text);

        /// <summary>Success or failure.</summary>
        public string Outcome(string text, bool success) => Wrap(success ? "32" : "31;1", text);

        private string Wrap(string code, string text) => _on && text.Length > 0 ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
