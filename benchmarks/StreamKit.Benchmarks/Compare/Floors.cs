using System;
using System.Collections.Generic;
using System.IO;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>
    /// The floors the generated path is measured against: System.Net.ServerSentEvents' <see cref="SseParser"/> with
    /// System.Text.Json source-generated POCOs (what a careful hand-written consumer does), and the SSE parser alone with
    /// no JSON at all (the cost of framing; it cannot produce the text, so its result is not compared).
    /// </summary>
    public static class Floors
    {
        /// <summary>Parses every chunk into source-generated POCOs and concatenates the content (or the first tool call's arguments).</summary>
        public static async Task<string> ChatWithPocosAsync(Stream body, bool toolCall)
        {
            var text = new StringBuilder();
            var parser = SseParser.Create(body, static (type, data) => data.SequenceEqual("[DONE]"u8) ? null : JsonSerializer.Deserialize(data, FloorJson.Default.FloorChunk));
            await foreach (var item in parser.EnumerateAsync())
            {
                if (item.Data?.Choices is not { Count: > 0 } choices || choices[0].Delta is not { } delta) continue;
                if (toolCall) { if (delta.ToolCalls is { Count: > 0 } calls) text.Append(calls[0].Function?.Arguments); }
                else text.Append(delta.Content);
            }
            return text.ToString();
        }

        /// <summary>Parses every Responses event into a source-generated POCO and concatenates the text deltas.</summary>
        public static async Task<string> ResponsesWithPocosAsync(Stream body)
        {
            var text = new StringBuilder();
            var parser = SseParser.Create(body, static (type, data) => JsonSerializer.Deserialize(data, FloorJson.Default.FloorEvent));
            await foreach (var item in parser.EnumerateAsync())
                if (item.Data is { Type: "response.output_text.delta" } e) text.Append(e.Delta);
            return text.ToString();
        }

        /// <summary>
        /// Frames the stream into SSE items and reads every JSON token of each with <c>Utf8JsonReader</c>, keeping no value:
        /// the cost any validating reader pays, below which a fold from the bytes cannot go.
        /// </summary>
        public static async Task<long> SseAndTokensAsync(Stream body)
        {
            long tokens = 0;
            var parser = SseParser.Create(body, static (type, data) =>
            {
                if (data.Length > 0 && data[0] != (byte)'{') return 0;
                var reader = new System.Text.Json.Utf8JsonReader(data);
                long n = 0;
                while (reader.Read()) n++;
                return n;
            });
            await foreach (var item in parser.EnumerateAsync()) tokens += item.Data;
            return tokens;
        }

        /// <summary>Frames the stream into SSE items and counts their data bytes; no JSON.</summary>
        public static async Task<long> SseOnlyAsync(Stream body)
        {
            long bytes = 0;
            var parser = SseParser.Create(body, static (type, data) => data.Length);
            await foreach (var item in parser.EnumerateAsync()) bytes += item.Data;
            return bytes;
        }
    }

    public sealed class FloorChunk
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("model")] public string? Model { get; set; }
        [JsonPropertyName("created")] public long Created { get; set; }
        [JsonPropertyName("choices")] public List<FloorChoice>? Choices { get; set; }
        [JsonPropertyName("usage")] public FloorUsage? Usage { get; set; }
    }

    public sealed class FloorChoice
    {
        [JsonPropertyName("index")] public int Index { get; set; }
        [JsonPropertyName("delta")] public FloorDelta? Delta { get; set; }
        [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
    }

    public sealed class FloorDelta
    {
        [JsonPropertyName("role")] public string? Role { get; set; }
        [JsonPropertyName("content")] public string? Content { get; set; }
        [JsonPropertyName("tool_calls")] public List<FloorToolCall>? ToolCalls { get; set; }
    }

    public sealed class FloorToolCall
    {
        [JsonPropertyName("index")] public int Index { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("function")] public FloorFunction? Function { get; set; }
    }

    public sealed class FloorFunction
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("arguments")] public string? Arguments { get; set; }
    }

    public sealed class FloorUsage
    {
        [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; set; }
        [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
    }

    public sealed class FloorEvent
    {
        [JsonPropertyName("type")] public string? Type { get; set; }
        [JsonPropertyName("sequence_number")] public long SequenceNumber { get; set; }
        [JsonPropertyName("delta")] public string? Delta { get; set; }
        [JsonPropertyName("item_id")] public string? ItemId { get; set; }
    }

    [JsonSerializable(typeof(FloorChunk))]
    [JsonSerializable(typeof(FloorEvent))]
    internal sealed partial class FloorJson : JsonSerializerContext
    {
    }
}
