namespace StreamKit.Cli.Output
{
    /// <summary>Human output for one API: live deltas as items arrive, then a summary.</summary>
    public interface IStreamPrinter
    {
        /// <summary>Writes the new text one item carries.</summary>
        void WriteDelta(object item);

        /// <summary>Writes the final (or partial) value, the outcome and the timings.</summary>
        void WriteSummary(StreamResult result);
    }
}
