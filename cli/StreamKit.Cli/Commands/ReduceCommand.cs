using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Cli.Output;

namespace StreamKit.Cli.Commands
{
    /// <summary><c>streamkit reduce FILE.sse [--api chat|responses] [--json]</c>: folds a recorded stream offline.</summary>
    public static class ReduceCommand
    {
        /// <summary>
        /// Prints the final (or partial) <c>chat.completion</c> or <c>Response</c> as JSON; with <paramref name="json"/>,
        /// an envelope that also names the outcome. Returns the exit code of the outcome (see <see cref="ExitCodes"/>).
        /// </summary>
        public static async Task<int> RunAsync(string path, string? api, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        {
            if (!Inputs.TryReadStream(path, api, stderr, out var bytes, out var kind, out int exit)) return exit;
            using var stream = StreamSession.FromStream(kind, new MemoryStream(bytes), new LlmClientOptions());
            var result = await stream.ReduceAsync(null, cancellationToken).ConfigureAwait(false);
            stdout.WriteLine(json ? ResultJson.Envelope(kind, stream, result) : stream.SnapshotJson(indented: true));
            if (!json && result.Error is { } error) stderr.WriteLine("streamkit: " + result.OutcomeName + ": " + error.Message);
            return ExitCodes.For(result.Outcome);
        }
    }
}
