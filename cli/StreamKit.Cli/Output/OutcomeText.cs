using System.Globalization;
using System.IO;

namespace StreamKit.Cli.Output
{
    /// <summary>The last two lines of every human summary: the outcome, then counts and timings.</summary>
    public static class OutcomeText
    {
        /// <summary>Writes the outcome line and the statistics line of <paramref name="result"/>.</summary>
        public static void Write(TextWriter output, StreamResult result, Palette? palette = null)
        {
            var s = result.Statistics;
            output.WriteLine("outcome: " + (palette ?? Palette.Plain).Outcome(result.OutcomeName, result.IsSuccess) + (result.Error is null ? "" : " (" + result.Error.Message + ")"));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "time to first delta: {0}; deltas: {1}; {2:0.0} deltas/s; {3} items, {4} events, {5} comments, {6} bytes in {7:0.0} ms{8}",
                s.TimeToFirstDelta is { } t ? t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a",
                s.Deltas, s.DeltasPerSecond, s.Items, s.Events, s.Comments, s.Bytes, s.Elapsed.TotalMilliseconds,
                s.Attempts > 1 ? "; " + s.Attempts + " attempts" : ""));
        }
    }
}
