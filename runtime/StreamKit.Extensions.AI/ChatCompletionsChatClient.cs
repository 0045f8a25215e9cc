using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using StreamKit.Chat;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace StreamKit.Extensions.AI
{
    /// <summary>An <see cref="IChatClient"/> over StreamKit's <see cref="ChatCompletionsClient"/>.</summary>
    internal sealed class ChatCompletionsChatClient : StreamKitChatClient
    {
        private readonly ChatCompletionsClient _client;

        public ChatCompletionsChatClient(ChatCompletionsClient client, string? defaultModel)
            : base(client, (client ?? throw new ArgumentNullException(nameof(client))).Endpoint.BaseUrl, defaultModel)
        {
            _client = client;
        }

        protected override async Task<LlmStream> OpenAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
            await _client.StreamAsync(ToRequest(messages, options), cancellationToken).ConfigureAwait(false);

        protected override ChatResponse ToChatResponse(object value) => ToResponse((ChatCompletion)value);

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var stream = await OpenAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var calls = new SortedDictionary<(long Choice, long Index), (string? Id, string? Name, System.Text.StringBuilder Args)>();
            // ChatResponseUpdate has no choice index: like the non-streaming response, updates follow the first choice (n > 1 is not mixed in).
            long? primary = null;
            await foreach (var chunk in stream.ReadItemsAsync(throwOnFailure: false, cancellationToken).ConfigureAwait(false))
            {
                var c = (ChatCompletionChunk)chunk;
                var contents = new List<AIContent>();
                ChatFinishReason? finish = null;
                foreach (var choice in c.Choices ?? new List<ChatCompletionChunkChoice>())
                {
                    if (choice is null) continue;
                    primary ??= choice.Index;
                    if (choice.Index != primary) continue;
                    if (choice.Delta is { } d)
                    {
                        if ((d.ReasoningContent ?? d.Reasoning) is { Length: > 0 } reasoning) contents.Add(new TextReasoningContent(reasoning) { RawRepresentation = c });
                        if (d.Content is { Length: > 0 } text) contents.Add(new TextContent(text) { RawRepresentation = c });
                        if (d.Refusal is { Length: > 0 } refusal) contents.Add(new TextContent(refusal) { RawRepresentation = c });
                        var deltas = d.ToolCalls ?? new List<ChatCompletionToolCallDelta>();
                        for (int i = 0; i < deltas.Count; i++)
                        {
                            var call = deltas[i];
                            if (call is null) continue;
                            var key = (choice.Index, call.Index ?? i);
                            if (!calls.TryGetValue(key, out var entry)) entry = (null, null, new System.Text.StringBuilder());
                            calls[key] = (entry.Id ?? (call.Id is { Length: > 0 } id ? id : null), entry.Name ?? (call.Function?.Name is { Length: > 0 } n ? n : null), entry.Args.Append(call.Function?.Arguments));
                        }
                    }
                    if (choice?.FinishReason is { } reason) finish = Finish(reason.Value);
                }
                // Tool calls are handed over whole, once the choice finished (their arguments are then complete).
                if (finish is not null && calls.Count > 0)
                {
                    foreach (var call in calls.Values) contents.Add(new FunctionCallContent(call.Id ?? "", call.Name ?? "", JsonBodies.ParseArguments(call.Args.ToString())));
                    calls.Clear();
                }
                if ((c.Usage ?? c.XGroq?.Usage) is { } usage) contents.Add(new UsageContent(Usage(usage)));
                if (contents.Count == 0 && finish is null) continue;
                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = c.Id, MessageId = c.Id, ModelId = c.Model, FinishReason = finish, RawRepresentation = c,
                    CreatedAt = c.Created is long created && created > 0 ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
                };
            }
            var result = stream.Result!;
            if (calls.Count > 0 && result.IsSuccess)
            {
                // A stream that ended with [DONE] but no finish reason: the calls are as complete as they will get.
                yield return new ChatResponseUpdate(ChatRole.Assistant, calls.Values.Select(call => (AIContent)new FunctionCallContent(call.Id ?? "", call.Name ?? "", JsonBodies.ParseArguments(call.Args.ToString()))).ToList());
            }
            ThrowIfFailed(result, cancellationToken);
        }

        internal ChatCompletionRequest ToRequest(IEnumerable<MeaiChatMessage> messages, ChatOptions? options)
        {
            string model = ModelOf(options);
            var list = messages.ToList();
            var request = new ChatCompletionRequest(model, Array.Empty<IChatCompletionRequestMessage>());
            request.ExtraBody["messages"] = JsonBodies.Build(w =>
            {
                w.WriteStartArray();
                if (options?.Instructions is { Length: > 0 } instructions)
                {
                    w.WriteStartObject();
                    w.WriteString("role", "system");
                    w.WriteString("content", instructions);
                    w.WriteEndObject();
                }
                foreach (var m in list) WriteMessage(w, m);
                w.WriteEndArray();
            });
            var functions = JsonBodies.Functions(options);
            if (functions.Count > 0)
            {
                request.ExtraBody["tools"] = JsonBodies.Build(w =>
                {
                    w.WriteStartArray();
                    foreach (var f in functions)
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "function");
                        w.WriteStartObject("function");
                        w.WriteString("name", f.Name);
                        if (!string.IsNullOrEmpty(f.Description)) w.WriteString("description", f.Description);
                        w.WritePropertyName("parameters");
                        f.JsonSchema.WriteTo(w);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            }
            switch (options?.ToolMode)
            {
                case NoneChatToolMode:
                    request.ExtraBody["tool_choice"] = JsonBodies.Build(w => w.WriteStringValue("none"));
                    break;
                case AutoChatToolMode when functions.Count > 0:
                    request.ExtraBody["tool_choice"] = JsonBodies.Build(w => w.WriteStringValue("auto"));
                    break;
                case RequiredChatToolMode required:
                    request.ExtraBody["tool_choice"] = JsonBodies.Build(w =>
                    {
                        if (required.RequiredFunctionName is not { } name)
                        {
                            w.WriteStringValue("required");
                            return;
                        }
                        w.WriteStartObject();
                        w.WriteString("type", "function");
                        w.WriteStartObject("function");
                        w.WriteString("name", name);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                    break;
            }
            switch (options?.ResponseFormat)
            {
                case ChatResponseFormatJson json when json.Schema is { } schema:
                    request.ExtraBody["response_format"] = JsonBodies.Build(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "json_schema");
                        w.WriteStartObject("json_schema");
                        w.WriteString("name", json.SchemaName ?? "response");
                        if (json.SchemaDescription is { } d) w.WriteString("description", d);
                        w.WritePropertyName("schema");
                        schema.WriteTo(w);
                        w.WriteBoolean("strict", true);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                    break;
                case ChatResponseFormatJson:
                    request.ExtraBody["response_format"] = JsonBodies.Build(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "json_object");
                        w.WriteEndObject();
                    });
                    break;
            }
            JsonBodies.Common(request.ExtraBody, options, responses: false);
            return request;
        }

        private static void WriteMessage(Utf8JsonWriter w, MeaiChatMessage m)
        {
            var results = m.Contents.OfType<FunctionResultContent>().ToList();
            if (results.Count > 0)
            {
                foreach (var r in results)
                {
                    w.WriteStartObject();
                    w.WriteString("role", "tool");
                    w.WriteString("tool_call_id", r.CallId);
                    w.WriteString("content", JsonBodies.ResultText(r.Result));
                    w.WriteEndObject();
                }
                return;
            }
            w.WriteStartObject();
            w.WriteString("role", JsonBodies.RoleOf(m.Role));
            var calls = m.Contents.OfType<FunctionCallContent>().ToList();
            var parts = m.Contents.Where(c => c is DataContent or UriContent).ToList();
            if (parts.Count > 0)
            {
                w.WriteStartArray("content");
                foreach (var c in m.Contents)
                {
                    switch (c)
                    {
                        case TextContent t:
                            w.WriteStartObject();
                            w.WriteString("type", "text");
                            w.WriteString("text", t.Text);
                            w.WriteEndObject();
                            break;
                        case DataContent d when d.HasTopLevelMediaType("image"):
                            w.WriteStartObject();
                            w.WriteString("type", "image_url");
                            w.WriteStartObject("image_url");
                            w.WriteString("url", d.Uri);
                            w.WriteEndObject();
                            w.WriteEndObject();
                            break;
                        case UriContent u:
                            w.WriteStartObject();
                            w.WriteString("type", "image_url");
                            w.WriteStartObject("image_url");
                            w.WriteString("url", u.Uri.ToString());
                            w.WriteEndObject();
                            w.WriteEndObject();
                            break;
                    }
                }
                w.WriteEndArray();
            }
            else if (JsonBodies.TextOf(m) is { } text) w.WriteString("content", text);
            else w.WriteNull("content");
            if (calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    w.WriteStartObject();
                    w.WriteString("id", call.CallId);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WriteString("arguments", JsonBodies.ArgumentsText(call.Arguments));
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        internal static ChatResponse ToResponse(ChatCompletion completion)
        {
            var choice = completion.Choices?.OrderBy(c => c.Index).FirstOrDefault();
            var contents = new List<AIContent>();
            var m = choice?.Message;
            if (m?.ReasoningContent is { Length: > 0 } reasoning) contents.Add(new TextReasoningContent(reasoning));
            if (m?.Content is { Length: > 0 } text) contents.Add(new TextContent(text));
            if (m?.Refusal is { Length: > 0 } refusal) contents.Add(new TextContent(refusal));
            foreach (var call in m?.ToolCalls ?? new List<ChatCompletionToolCall>())
                contents.Add(new FunctionCallContent(call.Id ?? "", call.Function?.Name ?? "", JsonBodies.ParseArguments(call.Function?.Arguments)));
            return new ChatResponse(new MeaiChatMessage(ChatRole.Assistant, contents) { MessageId = completion.Id })
            {
                ResponseId = completion.Id,
                ModelId = completion.Model,
                FinishReason = choice?.FinishReason is { } f ? Finish(f.Value) : null,
                Usage = completion.Usage is { } u ? Usage(u) : null,
                CreatedAt = completion.Created is long created && created > 0 ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
                RawRepresentation = completion,
            };
        }

        private static UsageDetails Usage(CompletionUsage u) => new UsageDetails
        {
            InputTokenCount = u.PromptTokens, OutputTokenCount = u.CompletionTokens, TotalTokenCount = u.TotalTokens,
        };

        internal static ChatFinishReason Finish(string reason) => reason switch
        {
            "stop" => ChatFinishReason.Stop,
            "length" => ChatFinishReason.Length,
            "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
            "content_filter" => ChatFinishReason.ContentFilter,
            _ => new ChatFinishReason(reason),
        };
    }
}
