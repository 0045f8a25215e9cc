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
using StreamKit.Chat;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>
    /// StreamKit against the official OpenAI .NET SDK in one process, interleaved over the same bytes: the SDK is fed through
    /// a canned HttpMessageHandler, StreamKit through the same handler and its client. Every candidate's final text (or
    /// arguments) is checked before timing. Ratios are to the SDK measured in the same round; medians over rounds.
    /// </summary>
    public static class SideBySide
    {
        private sealed class CannedHandler : HttpMessageHandler
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

        private sealed record Candidate(string Name, Func<Task<string>> Run);

        public static async Task<int> RunAsync(int rounds, int chunks)
        {
            Console.WriteLine("StreamKit vs OpenAI .NET SDK 2.15.0, " + Environment.ProcessorCount + " cores, " + RuntimeInfo() + "; medians of " + rounds + " rounds");
            var text = Workloads.ChatText(chunks);
            var tool = Workloads.ChatToolCall(chunks / 50);
            bool ok = await Workload("chat text (" + chunks + " chunks)", text.Body, text.Text, false, rounds, chunks + 3);
            ok &= await Workload("chat tool call (" + (chunks / 50) + " fragments)", tool.Body, tool.Arguments, true, rounds, chunks / 50 + 2);
            return ok ? 0 : 1;
        }

        private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

        private static async Task<bool> Workload(string name, byte[] body, string expected, bool toolCall, int rounds, int items)
        {
            var http = new HttpClient(new CannedHandler(body));
            var sdk = new ChatClient("gpt-4o", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(http), Endpoint = new Uri("http://127.0.0.1/v1") });
            var streamKit = new ChatCompletionsClient(http, new LlmEndpoint(new Uri("http://127.0.0.1/v1")));
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
                    int n = 0;
                    await foreach (var chunk in stream) n++;
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
            foreach (var c in candidates)
            {
                string got = await c.Run();
                if (got != expected)
                {
                    Console.WriteLine("  " + c.Name + ": WRONG RESULT (" + got.Length + " chars, expected " + expected.Length + ")");
                    return false;
                }
            }
            var times = candidates.ToDictionary(c => c.Name, _ => new List<double>());
            var bytes = candidates.ToDictionary(c => c.Name, _ => new List<double>());
            for (int round = 0; round < rounds; round++)
            {
                foreach (var c in candidates)
                {
                    GC.Collect();
                    long allocated = GC.GetAllocatedBytesForCurrentThread();
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    var clock = Stopwatch.StartNew();
                    await c.Run();
                    times[c.Name].Add(clock.Elapsed.TotalMilliseconds);
                    bytes[c.Name].Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)items);
                    _ = allocated;
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
