using System;
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
        public static Task<int> ChatAsync(ChatCompletionsClient client, ChatCompletionRequest request, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
            GuardAsync(stderr, async () =>
            {
                using var stream = await client.StreamAsync(request, ct).ConfigureAwait(false);
                var printer = new CompletionPrinter(stdout);
                var result = await stream.ReduceAsync(json ? null : printer.WriteDelta, ct).ConfigureAwait(false);
                if (json) stdout.WriteLine(ResultJson.Envelope(result));
                else printer.WriteSummary(result);
                return ExitCodes.For(result.Outcome);
            });

        public static Task<int> ResponsesAsync(ResponsesClient client, ResponseRequest request, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
            GuardAsync(stderr, async () =>
            {
                using var stream = await client.StreamAsync(request, ct).ConfigureAwait(false);
                var printer = new ResponsePrinter(stdout);
                var result = await stream.ReduceAsync(json ? null : printer.WriteDelta, ct).ConfigureAwait(false);
                if (json) stdout.WriteLine(ResultJson.Envelope(result));
                else printer.WriteSummary(result);
                return ExitCodes.For(result.Outcome);
            });

        private static async Task<int> GuardAsync(TextWriter stderr, Func<Task<int>> run)
        {
            try
            {
                return await run().ConfigureAwait(false);
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
