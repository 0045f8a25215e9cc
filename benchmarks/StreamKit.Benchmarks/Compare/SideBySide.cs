using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>
    /// StreamKit against the official OpenAI .NET SDK in one process, interleaved over the same bytes: the SDK is fed through
    /// a canned HttpMessageHandler, StreamKit through the same handler and its client. Every candidate's final text (or
    /// arguments) is checked before timing. Ratios are to the SDK measured in the same round; medians over rounds.
    /// </summary>
    public static partial class SideBySide
    {
        internal sealed class CannedHandler : HttpMessageHandler
        {
            private readonly byte[] _body;

            public CannedHandler(byte[] body) => _body = body;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(_body, writable: false)), RequestMessage = request };
                response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
                return Task.FromResult(response);
            }
        }

        /// <summary>A candidate: its name, the run returning its final text (null for a floor that cannot produce one).</summary>
        private sealed record Candidate(string Name, Func<Task<string?>> Run);

        public static async Task<int> RunAsync(int rounds, int chunks)
        {
            Console.WriteLine("StreamKit vs OpenAI .NET SDK 2.15.0, " + Environment.ProcessorCount + " cores, " + RuntimeInfo() + "; medians of " + rounds + " rounds");
            var text = Workloads.ChatText(chunks);
            var tool = Workloads.ChatToolCall(chunks / 50);
            var responses = Workloads.ResponsesText(chunks);
            bool ok = await Measure("chat text (" + chunks + " chunks)", text.Body, text.Text, ChatCandidates(text.Body, false), rounds, chunks + 3);
            ok &= await Measure("chat tool call (" + (chunks / 50) + " fragments)", tool.Body, tool.Arguments, ChatCandidates(tool.Body, true), rounds, chunks / 50 + 2);
            ok &= await Measure("responses text (" + chunks + " deltas)", responses.Body, responses.Text, ResponsesCandidates(responses.Body), rounds, responses.Events);
            ok &= await MeasureChatCorpusAsync(rounds);
            await RetainedMemory.RunAsync(new CannedHandler(responses.Body), responses.Text);
            ok &= await FirstDelta.RunAsync(rounds * 100);
            return ok ? 0 : 1;
        }

        private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

        private static readonly Uri BaseUri = new("http://127.0.0.1/v1");

        private static async Task<Stream> RawBodyAsync(HttpClient http)
        {
            var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, BaseUri + "/x"), HttpCompletionOption.ResponseHeadersRead);
            return await response.Content.ReadAsStreamAsync();
        }

        private static List<Candidate> Floors(HttpClient http, Func<Stream, Task<string>> withPocos) => new()
        {
            new("SseParser + STJ POCOs", async () => await withPocos(await RawBodyAsync(http))),
            new("SseParser + JSON tokens only", async () => { await Compare.Floors.SseAndTokensAsync(await RawBodyAsync(http)); return null; }),
            new("SseParser alone (floor)", async () => { await Compare.Floors.SseOnlyAsync(await RawBodyAsync(http)); return null; }),
        };

        private static List<Candidate> ChatCandidates(byte[] body, bool toolCall)
        {
            var http = new HttpClient(new CannedHandler(body));
            var sdk = new ChatClient("gpt-4o", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(http), Endpoint = BaseUri });
            var streamKit = new ChatCompletionsClient(http, new LlmEndpoint(BaseUri));
            var request = new ChatCompletionRequest("gpt-4o", new[] { StreamKit.Chat.ChatMessage.User("hi") });
            var candidates = new List<Candidate>
            {
                new("OpenAI SDK", async () =>
                {
                    var sb = new StringBuilder();
                    var args = new StringBuilder();
                    await foreach (var update in sdk.CompleteChatStreamingAsync(new OpenAI.Chat.ChatMessage[] { new UserChatMessage("hi") }))
                    {
                        foreach (var part in update.ContentUpdate) sb.Append(part.Text);
                        foreach (var t in update.ToolCallUpdates) if (t.FunctionArgumentsUpdate is { } a && !a.ToMemory().IsEmpty) args.Append(a.ToString());
                    }
                    return toolCall ? args.ToString() : sb.ToString();
                }),
                new("StreamKit typed + reducer", async () =>
                {
                    using var stream = await streamKit.StreamAsync(request);
                    await foreach (var chunk in stream) { }
                    var m = stream.Result!.Value.Choices![0].Message!;
                    return toolCall ? m.ToolCalls![0].Function!.Arguments! : m.Content!;
                }),
                new("StreamKit ReduceAsync", async () =>
                {
                    using var stream = await streamKit.StreamAsync(request);
                    var m = (await stream.ReduceAsync()).Value.Choices![0].Message!;
                    return toolCall ? m.ToolCalls![0].Function!.Arguments! : m.Content!;
                }),
            };
            candidates.AddRange(Floors(http, s => Compare.Floors.ChatWithPocosAsync(s, toolCall)));
            return candidates;
        }

        private static string ResponseText(StreamKit.Responses.Response response) =>
            string.Concat(response.Output!.OfType<OutputMessage>().SelectMany(m => m.Content!).OfType<OutputTextContent>().Select(t => t.Text));

        private static List<Candidate> ResponsesCandidates(byte[] body)
        {
            var http = new HttpClient(new CannedHandler(body));
            var sdk = new OpenAI.Responses.ResponsesClient(new ApiKeyCredential("sk-bench"), new ResponsesClientOptions { Transport = new HttpClientPipelineTransport(http), Endpoint = BaseUri });
            var streamKit = new StreamKit.Responses.ResponsesClient(http, new LlmEndpoint(BaseUri));
            var request = new ResponseRequest("gpt-4.1", "hi");
            var candidates = new List<Candidate>
            {
                new("OpenAI SDK", async () =>
                {
                    var sb = new StringBuilder();
                    await foreach (var update in await sdk.CreateResponseStreamingAsync("gpt-4.1", "hi"))
                        if (update is StreamingResponseOutputTextDeltaUpdate delta) sb.Append(delta.Delta);
                    return sb.ToString();
                }),
                new("StreamKit typed + reducer", async () =>
                {
                    using var stream = await streamKit.StreamAsync(request);
                    await foreach (var e in stream) { }
                    return ResponseText(stream.Result!.Value);
                }),
                new("StreamKit ReduceAsync", async () =>
                {
                    using var stream = await streamKit.StreamAsync(request);
                    return ResponseText((await stream.ReduceAsync()).Value);
                }),
            };
            candidates.AddRange(Floors(http, Compare.Floors.ResponsesWithPocosAsync));
            return candidates;
        }

        /// <summary>Unmeasured rounds before the measured ones: a third of them, at least two, and more until <see cref="MinWarmup"/> has passed.</summary>
        internal static int WarmupRounds(int rounds) => Math.Max(2, rounds / 3);

        /// <summary>
        /// The least time a workload warms up for. Tiered compilation promotes a method some time after its first calls
        /// (later still while other code is being compiled), so short runs (the quick mode's 20,000 chunks, the tool
        /// call) would otherwise be timed partly before and partly after: their per-round ratios split in two.
        /// </summary>
        private static readonly TimeSpan MinWarmup = TimeSpan.FromSeconds(1.5);

        private const int MaxWarmupRounds = 300;

        private static async Task<bool> Measure(string name, byte[] body, string expected, List<Candidate> candidates, int rounds, int items)
        {
            foreach (var c in candidates)
            {
                string? got = await c.Run();
                if (got is not null && got != expected)
                {
                    Console.WriteLine("  " + c.Name + ": WRONG RESULT (" + got.Length + " chars, expected " + expected.Length + ")");
                    return false;
                }
            }
            var times = candidates.ToDictionary(c => c.Name, _ => new List<double>());
            var bytes = candidates.ToDictionary(c => c.Name, _ => new List<double>());
            // Warm-up rounds, not measured: every candidate's code reaches its optimized tier before timing (a short
            // workload otherwise times the JIT's tiering as much as the code), as BenchmarkDotNet's warm-up does.
            var warming = Stopwatch.StartNew();
            for (int round = 0; round < MaxWarmupRounds && (round < WarmupRounds(rounds) || warming.Elapsed < MinWarmup); round++)
            {
                foreach (var c in candidates) await c.Run();
            }
            for (int round = 0; round < rounds; round++)
            {
                foreach (var c in candidates)
                {
                    GC.Collect();
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    var clock = Stopwatch.StartNew();
                    await c.Run();
                    times[c.Name].Add(clock.Elapsed.TotalMilliseconds);
                    bytes[c.Name].Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)items);
                }
            }
            double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
            double baseline = Median(times["OpenAI SDK"]);
            Console.WriteLine(name + ", " + (body.Length / 1024) + " KiB:");
            foreach (var c in candidates)
            {
                double t = Median(times[c.Name]);
                var ratios = times[c.Name].Zip(times["OpenAI SDK"], (a, b) => b / a).OrderBy(x => x).ToList();
                Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "  {0,-26} {1,9:0.00} ms  {2,8:0.0} MB/s  {3,10:0} items/s  {4,7:0} B/item  {5,5:0.00}x (spread {6:0.00}–{7:0.00})",
                    c.Name, t, body.Length / 1e6 / (t / 1000), items / (t / 1000), Median(bytes[c.Name]), baseline / t, ratios[0], ratios[^1]));
            }
            return true;
        }
    }
}
