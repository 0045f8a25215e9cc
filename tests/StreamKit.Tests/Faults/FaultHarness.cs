using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Tests.Support;

namespace StreamKit.Tests.Faults
{
    /// <summary>What one faulty request ended as, how long it took and what was kept.</summary>
    public sealed record FaultRun(StreamOutcome Outcome, LlmStreamException? Error, string PartialText, TimeSpan Elapsed, StreamStatistics? Statistics, string Diagnostics);

    /// <summary>Builds SSE for either API and runs one request against a <see cref="FaultServer"/> script.</summary>
    public static class FaultHarness
    {
        public const string ApiKey = "sk-test-SECRET-7f3a9c0e41";

        /// <summary>Short timers so that every fault ends in seconds; retries wait 50 ms.</summary>
        public static LlmClientOptions Options(Action<LlmClientOptions>? change = null)
        {
            var o = new LlmClientOptions();
            o.Timeouts.Response = TimeSpan.FromSeconds(2);
            o.Timeouts.FirstContent = TimeSpan.FromSeconds(3);
            o.Timeouts.Idle = TimeSpan.FromSeconds(1);
            o.Timeouts.Total = TimeSpan.FromSeconds(20);
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(3);
            change?.Invoke(o);
            return o;
        }

        /// <summary>One content event: a chunk with text (chat) or an output_text delta (Responses).</summary>
        public static string Content(string api, int i, string text) => api == "chat"
            ? "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Quote(text) + "},\"finish_reason\":null}]}\n\n"
            : "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":" + (i + 2) + ",\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"delta\":" + Quote(text) + "}\n\n";

        /// <summary>What comes before content: nothing for chat; created + item + part for Responses.</summary>
        public static string Start(string api) => api == "chat"
            ? ""
            : "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r1\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n"
              + "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"m1\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}]}}\n\n";

        /// <summary>The end of a complete stream.</summary>
        public static string End(string api) => api == "chat"
            ? "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
            : "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":99,\"response\":{\"id\":\"r1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}\n\n";

        /// <summary>A whole stream carrying <paramref name="words"/>.</summary>
        public static string Whole(string api, params string[] words)
        {
            var sb = new StringBuilder(Start(api));
            for (int i = 0; i < words.Length; i++) sb.Append(Content(api, i, words[i]));
            return sb.Append(End(api)).ToString();
        }

        public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

        /// <summary>Sends one request of <paramref name="api"/> to <paramref name="baseUrl"/> and reads it to the end, never throwing for how it ended.</summary>
        public static async Task<FaultRun> RunAsync(string api, Uri baseUrl, LlmClientOptions options, CancellationToken ct = default, HttpClient? http = null)
        {
            var clock = Stopwatch.StartNew();
            var client = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            try
            {
                var endpoint = new LlmEndpoint(baseUrl, ApiKey);
                LlmStream stream;
                try
                {
                    stream = api == "chat"
                        ? await new ChatCompletionsClient(client, endpoint, options).StreamAsync(new ChatCompletionRequest("m", new[] { ChatMessage.User("hi") }), ct)
                        : await new ResponsesClient(client, endpoint, options).StreamAsync(new ResponseRequest("m", "hi"), ct);
                }
                catch (LlmStreamException ex)
                {
                    return new FaultRun(ex.Outcome, ex, "", clock.Elapsed, null, ex.ToString());
                }
                using (stream)
                {
                    var result = await stream.ReduceAsync(null, ct);
                    string json = stream.SnapshotJson();
                    return new FaultRun(result.Outcome, result.Error, TextOf(result.Value), clock.Elapsed, result.Statistics, (result.Error?.ToString() ?? "") + "\n" + json);
                }
            }
            finally
            {
                if (http is null) client.Dispose();
            }
        }

        /// <summary>The first choice's content, or the concatenated output text.</summary>
        public static string TextOf(object? value) => value switch
        {
            ChatCompletion c => c.Choices is [var first, ..] ? first.Message?.Content ?? "" : "",
            Response r => string.Concat(System.Linq.Enumerable.SelectMany(r.Output ?? new System.Collections.Generic.List<IOutputItem>(),
                item => item is OutputMessage m ? System.Linq.Enumerable.Select(System.Linq.Enumerable.OfType<OutputTextContent>(m.Content ?? new System.Collections.Generic.List<IOutputMessageContent>()), t => t.Text ?? "") : Array.Empty<string>())),
            _ => "",
        };

        /// <summary>Records one row of the fault table when STREAMKIT_FAULT_REPORT names a file.</summary>
        public static void Report(string api, string fault, FaultRun run, TimeSpan bound)
        {
            string line = api + "\t" + fault + "\t" + StreamNames.Of(run.Outcome)
                + (run.Error is StreamTimeoutException t ? " (" + t.TimerName + ")" : run.Error is StreamLimitExceededException l ? " (" + l.LimitName + ")" : "")
                + "\t" + run.Elapsed.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms\t" + bound.TotalSeconds + " s\t" + Quote(run.PartialText.Length <= 24 ? run.PartialText : run.PartialText.Substring(0, 24) + "…") + " (" + run.PartialText.Length + " chars)";
            Xunit.TestContext.Current.TestOutputHelper?.WriteLine(line);
            string? file = Environment.GetEnvironmentVariable("STREAMKIT_FAULT_REPORT");
            if (!string.IsNullOrEmpty(file))
            {
                lock (typeof(FaultHarness)) File.AppendAllText(file!, line + "\n");
            }
        }
    }
}
