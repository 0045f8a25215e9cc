using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;
using StreamKit.Chat;
using StreamKit.Replay;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>
    /// Time from sending the request to the first content delta, over loopback HTTP (StreamKit's replay server), for a raw
    /// <see cref="HttpClient"/> reading up to the end of the first SSE event, StreamKit and the OpenAI SDK. Interleaved,
    /// medians over many requests; each client keeps its own connection pool. Only the time to the first delta is
    /// counted: ending a response early makes the client drain the rest, which this server's small final write can hold
    /// back by a delayed ACK (about 40 ms on Linux), for every client alike.
    /// </summary>
    public static class FirstDelta
    {
        /// <summary>A candidate: its run takes the start timestamp and returns the first delta and the milliseconds to it (disposal is not timed).</summary>
        private sealed record Candidate(string Name, Func<long, Task<(string Text, double Ms)>> Run);

        private static (string, double) At(long start, string text) => (text, Stopwatch.GetElapsedTime(start).TotalMilliseconds);

        public static async Task<bool> RunAsync(int requests)
        {
            var body = Workloads.ChatText(20).Body;
            using var server = SseReplayServer.Start(body, new SseReplayOptions { Cycle = true, MaxRequests = int.MaxValue });
            var baseUri = server.BaseUrl;
            var raw = new HttpClient();
            var streamKit = new ChatCompletionsClient(new HttpClient(), new LlmEndpoint(baseUri));
            var request = new ChatCompletionRequest("gpt-4o", new[] { StreamKit.Chat.ChatMessage.User("hi") });
            var sdk = new ChatClient("gpt-4o", new ApiKeyCredential("sk-bench"), new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(new HttpClient()), Endpoint = baseUri });
            var candidates = new List<Candidate>
            {
                new("raw HttpClient, first event", async start =>
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "chat/completions")) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                    using var response = await raw.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                    using var stream = await response.Content.ReadAsStreamAsync();
                    var buffer = new byte[4096];
                    int filled = 0;
                    while (true)
                    {
                        int n = await stream.ReadAsync(buffer.AsMemory(filled));
                        if (n == 0) return ("", 0);
                        filled += n;
                        int end = buffer.AsSpan(0, filled).IndexOf("\n\n"u8);
                        if (end >= 0) return At(start, Encoding.UTF8.GetString(buffer, 0, end));
                    }
                }),
                new("StreamKit first delta", async start =>
                {
                    using var stream = await streamKit.StreamAsync(request);
                    await foreach (var chunk in stream)
                        if (chunk.Choices is { Count: > 0 } c && c[0].Delta?.Content is { Length: > 0 } text) return At(start, text);
                    return ("", 0);
                }),
                new("OpenAI SDK first delta", async start =>
                {
                    await foreach (var update in sdk.CompleteChatStreamingAsync(new OpenAI.Chat.ChatMessage[] { new UserChatMessage("hi") }))
                        foreach (var part in update.ContentUpdate)
                            if (part.Text.Length > 0) return At(start, part.Text);
                    return ("", 0);
                }),
            };
            foreach (var c in candidates)
            {
                var (got, _) = await c.Run(Stopwatch.GetTimestamp());
                if (got.Length == 0)
                {
                    Console.WriteLine("  " + c.Name + ": NO FIRST DELTA");
                    return false;
                }
            }
            for (int i = 0; i < 30; i++) foreach (var c in candidates) await c.Run(Stopwatch.GetTimestamp());
            var times = candidates.ToDictionary(c => c.Name, _ => new List<double>());
            for (int i = 0; i < requests; i++)
            {
                foreach (var c in candidates)
                {
                    var (_, ms) = await c.Run(Stopwatch.GetTimestamp());
                    times[c.Name].Add(ms);
                }
            }
            double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
            double P90(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[(int)(s.Count * 0.9)]; }
            double rawMedian = Median(times[candidates[0].Name]);
            Console.WriteLine("time to first delta over loopback HTTP (" + requests + " requests each, interleaved):");
            foreach (var c in candidates)
            {
                double m = Median(times[c.Name]);
                Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "  {0,-28} median {1,7:0.000} ms  p90 {2,7:0.000} ms  {3:+0.000;-0.000;+0.000} ms vs raw",
                    c.Name, m, P90(times[c.Name]), m - rawMedian));
            }
            return true;
        }
    }
}
