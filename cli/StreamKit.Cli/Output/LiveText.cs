using System.IO;

namespace StreamKit.Cli.Output
{
    /// <summary>Writes streamed text as it arrives, starting a labelled paragraph whenever the kind of text changes.</summary>
    public sealed class LiveText
    {
        private readonly TextWriter _out;
        private readonly Palette _palette;
        private string? _section;

        /// <summary>Writes to <paramref name="output"/>, in colour when <paramref name="palette"/> allows.</summary>
        public LiveText(TextWriter output, Palette? palette = null)
        {
            _out = output;
            _palette = palette ?? Palette.Plain;
        }

        /// <summary>Whether any text was written.</summary>
        public bool Wrote => _section is not null;

        /// <summary>Appends <paramref name="text"/> to the <paramref name="section"/> (<c>text</c> is unlabelled).</summary>
        public void Write(string section, string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            if (_section != section)
            {
                if (_section is not null) _out.Write("\n\n");
                if (section != "text") _out.Write(Paint(section, "[" + section + "] "));
                _section = section;
            }
            _out.Write(Paint(section, text!));
        }

        private string Paint(string section, string text) =>
            section == "reasoning" ? _palette.Dim(text)
            : section.StartsWith("tool", System.StringComparison.Ordinal) || section == "code" ? _palette.Tool(text)
            : section == "refusal" ? _palette.Warn(text)
            : text;

        /// <summary>Flushes the writer so the text shows as it arrives.</summary>
        public void Flush() => _out.Flush();
    }
}
