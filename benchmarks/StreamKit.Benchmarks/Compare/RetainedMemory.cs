using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAI.Responses;
using StreamKit.Responses;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>
    /// What a Responses reduction holds at the end of the stream: managed memory still reachable (after a full GC) from the
    /// stream object and its result, against the final text's size (UTF-16, as .NET holds it). The SDK's figure is its final
    /// response object (from <c>response.completed</c>).
    /// </summary>
    public static class RetainedMemory
    {
        public static async Task RunAsync(HttpMessageHandler handler, string text)
        {
            var http = new HttpClient(handler);
            var baseUri = new Uri("http://127.0.0.1/v1");
            var request = new ResponseRequest("gpt-4.1", "hi");
            var streamKit = new StreamKit.Responses.ResponsesClient(http, new LlmEndpoint(baseUri));
            var sdk = new OpenAI.Responses.ResponsesClient(new ApiKeyCredential("sk-bench"), new ResponsesClientOptions { Transport = new HttpClientPipelineTransport(http), Endpoint = baseUri });
            long textBytes = text.Length * 2L;

            long reduceOnly = await Retained(async () =>
            {
                var stream = await streamKit.StreamAsync(request);
                var result = await stream.ReduceAsync();
                return (stream, result);
            });
            long typed = await Retained(async () =>
            {
                var stream = await streamKit.StreamAsync(request);
                await foreach (var e in stream) { }
                return (stream, stream.Result);
            });
            long sdkHeld = await Retained(async () =>
            {
                object? final = null;
                await foreach (var update in await sdk.CreateResponseStreamingAsync("gpt-4.1", "hi"))
                    if (update is StreamingResponseCompletedUpdate done) final = done.Response;
                return (final, null);
            });
            Console.WriteLine("responses reducer memory at the end (final text " + Mb(textBytes) + " as UTF-16):");
            Console.WriteLine("  StreamKit ReduceAsync         " + Mb(reduceOnly) + " (" + (reduceOnly / (double)textBytes).ToString("0.00") + "x the text)");
            Console.WriteLine("  StreamKit typed + reducer     " + Mb(typed) + " (" + (typed / (double)textBytes).ToString("0.00") + "x the text)");
            Console.WriteLine("  OpenAI SDK final response     " + Mb(sdkHeld) + " (" + (sdkHeld / (double)textBytes).ToString("0.00") + "x the text)");
        }

        private static async Task<long> Retained(Func<Task<(object?, object?)>> run)
        {
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var held = await run();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(held);
            return after - before;
        }

        private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.00") + " MB";
    }
}
