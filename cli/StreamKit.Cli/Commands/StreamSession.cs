using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Cli.Output;
using StreamKit.Http;
using StreamKit.Streaming;

namespace StreamKit.Cli.Commands
{
    /// <summary>Sends one streaming request and prints deltas as they arrive, then the final message and the timings.</summary>
    internal static class StreamSession
    {
        public static async Task<int> RunAsync(ChatCompletionsClient client, ChatCompletionRequest request, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
        {
            try
            {
                using var stream = await client.StreamAsync(request, cancellationToken).ConfigureAwait(false);
                var printer = new CompletionPrinter(stdout);
                var result = await stream.ReduceAsync(json ? null : printer.WriteDelta, cancellationToken).ConfigureAwait(false);
                if (json) stdout.WriteLine(ResultJson.Envelope(result));
                else printer.WriteSummary(result);
                return ExitCodes.For(result.Outcome);
            }
            catch (LlmHttpException ex)
            {
                stderr.WriteLine("streamkit: " + ex.Message);
                return ExitCodes.HttpError;
            }
            catch (HttpRequestException ex)
            {
                stderr.WriteLine("streamkit: the request failed: " + ex.Message);
                return ExitCodes.Failure;
            }
        }
    }
}
