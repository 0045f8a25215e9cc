using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using StreamKit.Chat;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>
    /// The real recordings: every chat stream of the shared corpus read in turn by each candidate (a stream per recording,
    /// as an application would). A recording is in the workload when the SDK, StreamKit typed and StreamKit reduce-only
    /// all read it without an exception and agree on its text (choice 0's content); the others are listed as left out.
    /// </summary>
    public static partial class SideBySide
    {
        private sealed record Recording(string Name, byte[] Body, HttpClient Http, ChatClient Sdk, ChatCompletionsClient StreamKit);

        private static async Task<bool> MeasureChatCorpusAsync(int rounds)
        {
            string? corpus = FindCorpus();
            if (corpus is null)
            {
                Console.WriteLine("chat corpus: SKIPPED (no ../shared/corpus beside the repository and no STREAMKIT_CORPUS)");
                return true;
            }
            var all = Directory.GetFiles(corpus, "*.sse").OrderBy(f => f, StringComparer.Ordinal).Select(Open).ToList();
            var kept = new List<Recording>();
            var left = new List<string>();
            foreach (var r in all)
            {
                string?[] texts = { await TryAsync(() => SdkTextAsync(r)), await TryAsync(() => TypedTextAsync(r)), await TryAsync(() => ReducedTextAsync(r)) };
                if (texts.All(t => t is not null && t == texts[0])) kept.Add(r);
                else left.Add(r.Name);
            }
            int events = kept.Sum(r => Sse.SseEventParser.ParseAll(r.Body).Count);
            byte[] body = kept.SelectMany(r => r.Body).ToArray();
            string expected = string.Join("\u0001", await Task.WhenAll(kept.Select(SdkTextAsync)));
            var candidates = new List<Candidate>
            {
                new("OpenAI SDK", () => AllAsync(kept, SdkTextAsync)),
                new("StreamKit typed + reducer", () => AllAsync(kept, TypedTextAsync)),
                new("StreamKit ReduceAsync", () => AllAsync(kept, ReducedTextAsync)),
                new("SseParser + JSON tokens only", async () => { foreach (var r in kept) await Compare.Floors.SseAndTokensAsync(await RawBodyAsync(r.Http)); return null; }),
                new("SseParser alone (floor)", async () => { foreach (var r in kept) await Compare.Floors.SseOnlyAsync(await RawBodyAsync(r.Http)); return null; }),
            };
            bool ok = await Measure("chat corpus (" + kept.Count + " of " + all.Count + " recordings, " + events + " events)", body, expected, candidates, rounds, events);
            if (left.Count > 0) Console.WriteLine("  left out (the SDK and StreamKit read them differently or one threw): " + string.Join(", ", left));
            return ok;
        }

        private static string? FindCorpus()
        {
            string? env = Environment.GetEnvironmentVariable("STREAMKIT_CORPUS");
            if (!string.IsNullOrEmpty(env)) return Directory.Exists(Path.Combine(env, "chat")) ? Path.Combine(env, "chat") : null;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "StreamKit.sln"))) continue;
                string chat = Path.Combine(dir.FullName, "..", "shared", "corpus", "chat");
                return Directory.Exists(chat) ? chat : null;
            }
            return null;
        }

        private static Recording Open(string path)
        {
            byte[] body = File.ReadAllBytes(path);
            var http = new HttpClient(new CannedHandler(body));
            var sdk = new ChatClient("gpt-4o", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(http), Endpoint = BaseUri });
            return new Recording(Path.GetFileName(path), body, http, sdk, new ChatCompletionsClient(http, new LlmEndpoint(BaseUri)));
        }

        private static readonly ChatCompletionRequest CorpusRequest = new("gpt-4o", new[] { StreamKit.Chat.ChatMessage.User("hi") });

        private static async Task<string> SdkTextAsync(Recording r)
        {
            var sb = new StringBuilder();
            await foreach (var update in r.Sdk.CompleteChatStreamingAsync(new OpenAI.Chat.ChatMessage[] { new UserChatMessage("hi") }))
                foreach (var part in update.ContentUpdate) sb.Append(part.Text);
            return sb.ToString();
        }

        private static async Task<string> TypedTextAsync(Recording r)
        {
            using var stream = await r.StreamKit.StreamAsync(CorpusRequest);
            await foreach (var chunk in stream) { }
            return stream.Result!.Value.Choices is [{ Message.Content: { } text }, ..] ? text : "";
        }

        private static async Task<string> ReducedTextAsync(Recording r)
        {
            using var stream = await r.StreamKit.StreamAsync(CorpusRequest);
            var result = await stream.ReduceAsync();
            if (result.Outcome != StreamOutcome.Completed) throw new InvalidOperationException(result.Outcome.ToString());
            return result.Value.Choices is [{ Message.Content: { } text }, ..] ? text : "";
        }

        private static async Task<string?> TryAsync(Func<Task<string>> run)
        {
            try
            {
                return await run();
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static async Task<string?> AllAsync(List<Recording> recordings, Func<Recording, Task<string>> run)
        {
            var texts = new List<string>(recordings.Count);
            foreach (var r in recordings) texts.Add(await run(r));
            return string.Join("\u0001", texts);
        }
    }
}
