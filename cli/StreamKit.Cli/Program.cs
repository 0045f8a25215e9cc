using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Cli.Commands;

namespace StreamKit.Cli
{
    /// <summary>The <c>streamkit</c> command line.</summary>
    public static class Program
    {
        /// <summary>
        /// Entry point; returns the exit code (see <see cref="ExitCodes"/>). Ctrl+C and SIGTERM cancel the stream, which
        /// then ends with the <c>cancelled</c> outcome, printed (with the partial message) like any other.
        /// </summary>
        public static async Task<int> Main(string[] args)
        {
            using var shutdown = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                shutdown.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                shutdown.Cancel();
            });
            try
            {
                return await RunAsync(args, shutdown.Token).ConfigureAwait(false);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        /// <summary>Parses and runs <paramref name="args"/>; a command-line error exits with <see cref="ExitCodes.Usage"/>.</summary>
        public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
        {
            var parse = BuildRoot().Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine("streamkit: " + error.Message);
                Console.Error.WriteLine("Run 'streamkit --help' for usage.");
                return Task.FromResult(ExitCodes.Usage);
            }
            return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
        }

        /// <summary>Rejects a negative integer given to <paramref name="option"/> with a parse error that names it.</summary>
        internal static void NonNegative(Option option) => option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n < 0)
                r.AddError(option.Name + " cannot be negative");
        });

        internal static Command BuildRoot()
        {
            var api = new Option<string?>("--api") { Description = "The stream's API: chat or responses (detected from the recording when omitted)" };
            var sendApi = new Option<string?>("--api") { Description = "The API to call: chat (POST /chat/completions, the default) or responses (POST /responses)" };
            var json = new Option<bool>("--json") { Description = "Print one JSON object naming the outcome, with the final or partial completion" };
            var timers = new ClientOptionSet();

            var reduceFile = new Argument<string>("file") { Description = "A recorded SSE body (.sse)" };
            var reduce = new Command("reduce", "Fold a recorded stream offline and print the final message as JSON: a chat.completion for Chat Completions, the rebuilt Response for the Responses API.\n\nExamples:\n  streamkit reduce recording.sse\n  streamkit reduce recording.sse --json | jq .outcome\n  streamkit reduce events.sse --api responses") { reduceFile, api, json };
            reduce.SetAction((parse, ct) => ReduceCommand.RunAsync(parse.GetValue(reduceFile)!, parse.GetValue(api), parse.GetValue(json), Console.Out, Console.Error, ct));

            var replayFile = new Argument<string>("file") { Description = "A recorded SSE body (.sse)" };
            var delay = new Option<int>("--delay-ms") { Description = "Pause between SSE events, in milliseconds (default 0)" };
            var writeSize = new Option<int>("--write-size") { Description = "Write this many bytes at a time instead of one event at a time" };
            NonNegative(delay);
            NonNegative(writeSize);
            var replay = new Command("replay", "Serve a recorded stream on 127.0.0.1 and stream it through the HTTP client, printing deltas as they arrive.\n\nExamples:\n  streamkit replay recording.sse --delay-ms 20\n  streamkit replay recording.sse --write-size 1 --idle-timeout 5 --json") { replayFile, api, json, delay, writeSize };
            timers.AddTo(replay);
            replay.SetAction((parse, ct) => ReplayCommand.RunAsync(parse.GetValue(replayFile)!, parse.GetValue(api), parse.GetValue(json), parse.GetValue(delay), parse.GetValue(writeSize),
                timers.Build(parse), Console.Out, Console.Error, ct));

            var baseUrl = new Option<string>("--base-url") { Description = "API root, such as https://api.openai.com/v1", Required = true };
            var model = new Option<string>("--model") { Description = "Model name", Required = true };
            var keyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the API key", DefaultValueFactory = _ => "OPENAI_API_KEY" };
            var system = new Option<string?>("--system") { Description = "A system message" };
            var extraBody = new Option<string?>("--extra-body") { Description = "A JSON object merged into the request body untouched (router options, tools, ...)" };
            var header = new Option<string[]>("--header") { Description = "An extra header, 'Name: value' (repeatable)", AllowMultipleArgumentsPerToken = false };
            var prompt = new Argument<string>("prompt") { Description = "The user message" };
            var chat = new Command("chat", "Stream an answer from a live OpenAI-compatible endpoint (Chat Completions or the Responses API).\n\nExamples:\n  streamkit chat --base-url https://api.openai.com/v1 --model gpt-4o-mini \"Why is the sky blue?\"\n  streamkit chat --base-url http://127.0.0.1:1234/v1 --model local --api responses --idle-timeout 30 \"Hello\"\n  streamkit chat --base-url https://openrouter.ai/api/v1 --model x --header \"X-Title: ops\" --extra-body '{\"provider\":{\"order\":[\"a\"]}}' \"Hi\"") { baseUrl, model, keyEnv, system, extraBody, header, sendApi, json, prompt };
            timers.AddTo(chat);
            chat.SetAction((parse, ct) => ChatCommand.RunAsync(new ChatCommand.Options
            {
                BaseUrl = parse.GetValue(baseUrl)!,
                Model = parse.GetValue(model)!,
                ApiKeyEnv = parse.GetValue(keyEnv)!,
                System = parse.GetValue(system),
                ExtraBody = parse.GetValue(extraBody),
                Headers = parse.GetValue(header) ?? Array.Empty<string>(),
                Json = parse.GetValue(json),
                Api = parse.GetValue(sendApi),
                Prompt = parse.GetValue(prompt)!,
                Client = timers.Build(parse),
            }, Console.Out, Console.Error, ct));

            // A named root rather than RootCommand, whose name is the assembly's: usage lines say "streamkit" however it runs.
            return new Command("streamkit", "streamkit: typed LLM streams (Chat Completions and the Responses API) from recordings and live endpoints.\n\n" +
                "Exit codes:\n  0 completed        3 truncated        6 HTTP error        9 limit exceeded\n  1 failure          4 provider error   7 timed out\n  2 usage            5 malformed        8 cancelled (Ctrl+C, SIGTERM)")
            {
                new System.CommandLine.Help.HelpOption(), new VersionOption(), reduce, replay, chat,
            };
        }
    }
}
