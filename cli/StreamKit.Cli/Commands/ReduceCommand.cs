using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Cli.Output;
using StreamKit.Responses;
using StreamKit.Streaming;

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
            LlmStreamException? error;
            StreamOutcome outcome;
            if (kind == StreamApi.Responses)
            {
                using var stream = ResponseStream.FromStream(new MemoryStream(bytes));
                var result = await stream.ReduceAsync(null, cancellationToken).ConfigureAwait(false);
                stdout.WriteLine(json ? ResultJson.Envelope(result) : result.Response.ToJson(indented: true));
                (error, outcome) = (result.Error, result.Outcome);
            }
            else
            {
                using var stream = ChatCompletionStream.FromStream(new MemoryStream(bytes));
                var result = await stream.ReduceAsync(null, cancellationToken).ConfigureAwait(false);
                stdout.WriteLine(json ? ResultJson.Envelope(result) : result.Completion.ToJson(indented: true));
                (error, outcome) = (result.Error, result.Outcome);
            }
            if (!json && error is not null) stderr.WriteLine("streamkit: " + StreamOutcomeNames.Of(outcome) + ": " + error.Message);
            return ExitCodes.For(outcome);
        }
    }
}
