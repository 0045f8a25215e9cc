using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Cli.Output;
using StreamKit.Streaming;

namespace StreamKit.Cli.Commands
{
    /// <summary><c>streamkit reduce FILE.sse [--api chat] [--json]</c>: folds a recorded stream offline.</summary>
    public static class ReduceCommand
    {
        /// <summary>
        /// Prints the final (or partial) <c>chat.completion</c> as JSON; with <paramref name="json"/>, an envelope that
        /// also names the outcome. Returns the exit code of the outcome (see <see cref="ExitCodes"/>).
        /// </summary>
        public static async Task<int> RunAsync(string path, string? api, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        {
            if (!Inputs.TryReadStream(path, api, stderr, out var bytes, out int exit)) return exit;
            using var stream = ChatCompletionStream.FromStream(new MemoryStream(bytes));
            var result = await stream.ReduceAsync(null, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                stdout.WriteLine(ResultJson.Envelope(result));
            }
            else
            {
                stdout.WriteLine(result.Completion.ToJson(indented: true));
                if (result.Error is { } error) stderr.WriteLine("streamkit: " + StreamOutcomeNames.Of(result.Outcome) + ": " + error.Message);
            }
            return ExitCodes.For(result.Outcome);
        }
    }
}
