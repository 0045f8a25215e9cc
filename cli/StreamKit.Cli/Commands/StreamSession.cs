using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Cli.Output;
using StreamKit.Responses;

namespace StreamKit.Cli.Commands
{
    /// <summary>
    /// Runs one stream of either API the same way: open it, print deltas as they arrive (or nothing, with <c>--json</c>),
    /// then the summary or the envelope. Every outcome is printed, failures before the stream included.
    /// </summary>
    internal static class StreamSession
    {
        public static IStreamPrinter Printer(StreamApi api, TextWriter stdout) =>
            api == StreamApi.Responses ? new ResponsePrinter(stdout, Palette.For(stdout)) : new CompletionPrinter(stdout, Palette.For(stdout));

        /// <summary>Opens the stream with <paramref name="open"/> and reads it to the end; returns the exit code.</summary>
        public static async Task<int> RunAsync(StreamApi api, Func<CancellationToken, Task<LlmStream>> open, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
        {
            LlmStream stream;
            try
            {
                stream = await open(ct).ConfigureAwait(false);
            }
            catch (LlmStreamException ex)
            {
                return Fail(api, ex, json, stdout, stderr);
            }
            catch (OperationCanceledException ex) when (ct.IsCancellationRequested)
            {
                return Fail(api, new StreamCancelledException(0, null, ex), json, stdout, stderr);
            }
            using (stream)
            {
                var printer = Printer(api, stdout);
                var result = await stream.ReduceAsync(json ? null : printer.WriteDelta, ct).ConfigureAwait(false);
                if (json) stdout.WriteLine(ResultJson.Envelope(api, stream, result));
                else printer.WriteSummary(result);
                return ExitCodes.For(result.Outcome);
            }
        }

        private static int Fail(StreamApi api, LlmStreamException error, bool json, TextWriter stdout, TextWriter stderr)
        {
            if (json) stdout.WriteLine(ResultJson.Failure(api, error));
            else stderr.WriteLine("streamkit: " + error.OutcomeName + ": " + error.Message);
            return ExitCodes.For(error.Outcome);
        }

        /// <summary>A recorded stream read offline with the API's protocol.</summary>
        public static LlmStream FromStream(StreamApi api, Stream body, LlmClientOptions options) =>
            api == StreamApi.Responses
                ? ResponseStream.FromStream(body, leaveOpen: false, options)
                : ChatCompletionStream.FromStream(body, leaveOpen: false, options);

        /// <summary>Sends a one-prompt request to <paramref name="endpoint"/> with the API's client.</summary>
        public static async Task<LlmStream> SendAsync(StreamApi api, System.Net.Http.HttpClient http, LlmEndpoint endpoint, LlmClientOptions options,
            string model, string prompt, string? system, System.Collections.Generic.IReadOnlyDictionary<string, System.Text.Json.JsonElement>? extra, CancellationToken ct)
        {
            if (api == StreamApi.Responses)
            {
                var request = new ResponseRequest(model, prompt) { Instructions = system };
                if (extra is not null) foreach (var kv in extra) request.ExtraBody[kv.Key] = kv.Value;
                return await new ResponsesClient(http, endpoint, options).StreamAsync(request, ct).ConfigureAwait(false);
            }
            var messages = new System.Collections.Generic.List<IChatCompletionRequestMessage>();
            if (!string.IsNullOrEmpty(system)) messages.Add(ChatMessage.System(system!));
            messages.Add(ChatMessage.User(prompt));
            var chat = new ChatCompletionRequest(model, messages);
            if (extra is not null) foreach (var kv in extra) chat.ExtraBody[kv.Key] = kv.Value;
            return await new ChatCompletionsClient(http, endpoint, options).StreamAsync(chat, ct).ConfigureAwait(false);
        }
    }
}
