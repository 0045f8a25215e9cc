// An IChatClient consumer streaming through StreamKit, with OpenTelemetry traces and metrics printed to the console.
// Runs offline: a recorded stream is served from 127.0.0.1 by StreamKit's replay server.
//   dotnet run --project samples/ChatClientTelemetry [-- path/to/recording.sse]
using System;
using System.IO;
using System.Net.Http;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StreamKit;
using StreamKit.Chat;
using StreamKit.Extensions.AI;
using StreamKit.Replay;

string recording = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "demo-reasoning-tool-call.sse");

using var tracing = Sdk.CreateTracerProviderBuilder()
    .AddSource(LlmTelemetry.SourceName)
    .AddProcessor(new SimpleActivityExportProcessor(new ConsoleSpanExporter()))
    .Build();
var metricsExporter = new ConsoleMetricExporter();
using var metrics = Sdk.CreateMeterProviderBuilder()
    .AddMeter(LlmTelemetry.MeterName)
    .AddReader(new BaseExportingMetricReader(metricsExporter) { TemporalityPreference = MetricReaderTemporalityPreference.Delta })
    .Build();

using var server = SseReplayServer.Start(File.ReadAllBytes(recording), new SseReplayOptions { Delay = TimeSpan.FromMilliseconds(5) });
using var http = new HttpClient();
IChatClient chat = new ChatCompletionsClient(http, new LlmEndpoint(server.BaseUrl)).AsIChatClient("demo-model");

Console.WriteLine("--- streaming through IChatClient ---");
bool reasoning = false;
await foreach (var update in chat.GetStreamingResponseAsync("What is the weather in Paris?"))
{
    foreach (var content in update.Contents)
    {
        if (content is TextReasoningContent && !reasoning) Console.Write("[reasoning] ");
        if (content is TextContent && reasoning) Console.Write("\n[answer] ");
        reasoning = content is TextReasoningContent || (reasoning && content is not TextContent);
        switch (content)
        {
            case TextReasoningContent r: Console.Write(r.Text); break;
            case TextContent t: Console.Write(t.Text); break;
            case FunctionCallContent f: Console.Write("\n[tool call] " + f.Name + " " + string.Join(", ", f.Arguments ?? new System.Collections.Generic.Dictionary<string, object?>())); break;
            case UsageContent u: Console.Write("\n[usage] " + u.Details.InputTokenCount + " in, " + u.Details.OutputTokenCount + " out"); break;
        }
    }
    if (update.FinishReason is { } finish) Console.Write("\n[finish] " + finish);
}
Console.WriteLine();
metrics.ForceFlush();
tracing.ForceFlush();
