using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamKit
{
    /// <summary>
    /// The names StreamKit's telemetry is published under, following the OpenTelemetry semantic conventions for
    /// generative AI client spans and metrics (semconv 1.38, <c>gen_ai.*</c>). Subscribe with
    /// <c>AddSource(LlmTelemetry.SourceName)</c> and <c>AddMeter(LlmTelemetry.MeterName)</c>; nothing is recorded (and
    /// nothing costs) until something listens. No OpenTelemetry package is needed by StreamKit itself.
    /// </summary>
    /// <remarks>
    /// <para>One span per request (<c>{gen_ai.operation.name} {gen_ai.request.model}</c>, kind Client) from sending to the
    /// end of the stream, with <c>gen_ai.operation.name</c>, <c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>,
    /// <c>gen_ai.response.id</c>, <c>gen_ai.response.finish_reasons</c>, <c>gen_ai.usage.input_tokens</c>,
    /// <c>gen_ai.usage.output_tokens</c>, <c>server.address</c>, <c>server.port</c>, <c>streamkit.outcome</c>, and
    /// <c>error.type</c> (the outcome, or the HTTP status) for every non-success outcome. Message content
    /// (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>) only with <see cref="LlmClientOptions.CaptureMessageContent"/>.</para>
    /// <para>Metrics: <c>gen_ai.client.operation.duration</c> (s), <c>gen_ai.client.token.usage</c> ({token}, by
    /// <c>gen_ai.token.type</c>), <c>gen_ai.client.operation.time_to_first_chunk</c> (s) and
    /// <c>gen_ai.client.operation.time_per_output_chunk</c> (s).</para>
    /// </remarks>
    public static class LlmTelemetry
    {
        /// <summary>The ActivitySource name: <c>StreamKit</c>.</summary>
        public const string SourceName = "StreamKit";

        /// <summary>The Meter name: <c>StreamKit</c>.</summary>
        public const string MeterName = "StreamKit";

        internal static readonly ActivitySource Source = new ActivitySource(SourceName, typeof(LlmTelemetry).Assembly.GetName().Version?.ToString(3));

        internal static readonly Meter Meter = new Meter(MeterName, typeof(LlmTelemetry).Assembly.GetName().Version?.ToString(3));

        internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
            "gen_ai.client.operation.duration", "s", "GenAI operation duration.");

        internal static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>(
            "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");

        internal static readonly Histogram<double> TimeToFirstChunk = Meter.CreateHistogram<double>(
            "gen_ai.client.operation.time_to_first_chunk", "s", "Time to receive the first chunk with content of a streaming response.");

        internal static readonly Histogram<double> TimePerOutputChunk = Meter.CreateHistogram<double>(
            "gen_ai.client.operation.time_per_output_chunk", "s", "Time between consecutive chunks with content, after the first.");
    }
}
