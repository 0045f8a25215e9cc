using System.IO;

namespace StreamKit.Cli.Output
{
    /// <summary>Writes streamed text as it arrives, starting a labelled paragraph whenever the kind of text changes.</summary>
    public sealed class LiveText
    {
        private readonly TextWriter _out;
        private string? _section;

        /// <summary>Writes to <paramref name="output"/>.</summary>
        public LiveText(TextWriter output) => _out = output;

        /// <summary>Appends <paramref name="text"/> to the <paramref name="section"/> (<c>text</c> is unlabelled).</summary>
        public void Write(string section, string? text)
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

        /// <summary>Flushes the writer so the text shows as it arrives.</summary>
        public void Flush() => _out.Flush();
    }
}
