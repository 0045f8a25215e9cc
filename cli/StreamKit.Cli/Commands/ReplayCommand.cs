using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Replay;

namespace StreamKit.Cli.Commands
{
    /// <summary>
    /// <c>streamkit replay FILE.sse</c>: serves the file from a loopback HTTP endpoint and streams it through the
    /// real client path (HTTP, SSE, parsing, reduction), printing deltas as they arrive, then the final message and timings.
    /// </summary>
    public static class ReplayCommand
    {
        /// <summary>Runs the replay; returns the exit code of the stream's outcome.</summary>
        public static async Task<int> RunAsync(string path, string? api, bool json, int delayMs, int writeSize, LlmClientOptions options,
            TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        {
            if (!Inputs.TryReadStream(path, api, stderr, out var bytes, out var kind, out int exit)) return exit;
            using var server = SseReplayServer.Start(bytes, new SseReplayOptions
            {
                Delay = TimeSpan.FromMilliseconds(Math.Max(0, delayMs)),
                WriteSize = Math.Max(0, writeSize),
            });
            if (!json) stderr.WriteLine("streamkit: replaying " + Path.GetFileName(path) + " (" + bytes.Length + " bytes) from " + server.BaseUrl);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var endpoint = new LlmEndpoint(server.BaseUrl);
            string prompt = "replay " + Path.GetFileName(path);
            return await StreamSession.RunAsync(kind, ct => StreamSession.SendAsync(kind, http, endpoint, options, "replay", prompt, null, null, ct),
                json, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
    }
}
