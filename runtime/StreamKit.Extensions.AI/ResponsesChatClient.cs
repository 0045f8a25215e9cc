using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using StreamKit.Responses;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace StreamKit.Extensions.AI
{
    /// <summary>An <see cref="IChatClient"/> over StreamKit's <see cref="ResponsesClient"/>.</summary>
    internal sealed class ResponsesChatClient : StreamKitChatClient
    {
        private readonly ResponsesClient _client;

        public ResponsesChatClient(ResponsesClient client, string? defaultModel)
            : base(client, (client ?? throw new ArgumentNullException(nameof(client))).Endpoint.BaseUrl, defaultModel)
        {
            _client = client;
        }

        protected override async Task<LlmStream> OpenAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
            await _client.StreamAsync(ToRequest(messages, options), cancellationToken).ConfigureAwait(false);

        protected override ChatResponse ToChatResponse(object value) => ToResponse((Response)value);

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var stream = await OpenAsync(messages, options, cancellationToken).ConfigureAwait(false);
            string? responseId = null;
            string? model = null;
            bool calledTools = false;
            // Text that arrived whole (in an item's done event, without deltas) is handed over then.
            var streamed = new HashSet<(long Item, long Part)>();
            await foreach (var item in stream.ReadItemsAsync(throwOnFailure: false, cancellationToken).ConfigureAwait(false))
            {
                var contents = new List<AIContent>();
                ChatFinishReason? finish = null;
                switch (item)
                {
                    case ResponseCreatedEvent created:
                        responseId = created.Response?.Id ?? responseId;
                        model = created.Response?.Model ?? model;
                        break;
                    case ResponseTextDeltaEvent t when !string.IsNullOrEmpty(t.Delta):
                        streamed.Add((t.OutputIndex, t.ContentIndex));
                        contents.Add(new TextContent(t.Delta) { RawRepresentation = item });
                        break;
                    case ResponseOutputItemDoneEvent done when done.Item is OutputMessage message:
                        var parts = message.Content ?? new List<IOutputMessageContent>();
                        for (int j = 0; j < parts.Count; j++)
                        {
                            if (parts[j] is OutputTextContent whole && !string.IsNullOrEmpty(whole.Text) && !streamed.Contains((done.OutputIndex, j)))
                                contents.Add(new TextContent(whole.Text) { RawRepresentation = item });
                        }
                        break;
                    case ResponseRefusalDeltaEvent r when !string.IsNullOrEmpty(r.Delta):
                        contents.Add(new TextContent(r.Delta) { RawRepresentation = item });
                        break;
                    case ResponseReasoningTextDeltaEvent r when !string.IsNullOrEmpty(r.Delta):
                        contents.Add(new TextReasoningContent(r.Delta) { RawRepresentation = item });
                        break;
                    case ResponseReasoningSummaryTextDeltaEvent s when !string.IsNullOrEmpty(s.Delta):
                        contents.Add(new TextReasoningContent(s.Delta) { RawRepresentation = item });
                        break;
                    case ResponseOutputItemDoneEvent done when done.Item is FunctionToolCall call:
                        calledTools = true;
                        contents.Add(new FunctionCallContent(call.CallId ?? "", call.Name ?? "", JsonBodies.ParseArguments(call.Arguments)) { RawRepresentation = call });
                        break;
                    case ResponseCompletedEvent completed:
                        AddTerminal(contents, completed.Response, ref responseId, ref model);
                        finish = calledTools ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop;
                        break;
                    case ResponseIncompleteEvent incomplete:
                        AddTerminal(contents, incomplete.Response, ref responseId, ref model);
                        finish = incomplete.Response?.IncompleteDetails?.Reason?.Value == "content_filter" ? ChatFinishReason.ContentFilter : ChatFinishReason.Length;
                        break;
                }
                if (contents.Count == 0 && finish is null) continue;
                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = responseId, MessageId = responseId, ModelId = model, FinishReason = finish, RawRepresentation = item,
                };
            }
            var result = stream.Result!;
            ThrowIfFailed(result, cancellationToken);
        }

        private static void AddTerminal(List<AIContent> contents, Response? response, ref string? responseId, ref string? model)
        {
            responseId = response?.Id ?? responseId;
            model = response?.Model ?? model;
            if (response?.Usage is { } u)
                contents.Add(new UsageContent(new UsageDetails { InputTokenCount = u.InputTokens, OutputTokenCount = u.OutputTokens, TotalTokenCount = u.TotalTokens }));
        }

        internal ResponseRequest ToRequest(IEnumerable<MeaiChatMessage> messages, ChatOptions? options)
        {
            string model = ModelOf(options);
            var request = new ResponseRequest(model, "") { Instructions = options?.Instructions };
            var list = messages.ToList();
            request.ExtraBody["input"] = JsonBodies.Build(w =>
            {
                w.WriteStartArray();
                foreach (var m in list)
                {
                    string? text = JsonBodies.TextOf(m);
                    if (text is not null && !m.Contents.OfType<FunctionResultContent>().Any())
                    {
                        w.WriteStartObject();
                        w.WriteString("role", JsonBodies.RoleOf(m.Role));
                        w.WriteString("content", text);
                        w.WriteEndObject();
                    }
                    foreach (var c in m.Contents)
                    {
                        if (c is FunctionCallContent call)
                        {
                            w.WriteStartObject();
                            w.WriteString("type", "function_call");
                            w.WriteString("call_id", call.CallId);
                            w.WriteString("name", call.Name);
                            w.WriteString("arguments", JsonBodies.ArgumentsText(call.Arguments));
                            w.WriteEndObject();
                        }
                        else if (c is FunctionResultContent result)
                        {
                            w.WriteStartObject();
                            w.WriteString("type", "function_call_output");
                            w.WriteString("call_id", result.CallId);
                            w.WriteString("output", JsonBodies.ResultText(result.Result));
                            w.WriteEndObject();
                        }
                    }
                }
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
                        w.WriteString("name", f.Name);
                        if (!string.IsNullOrEmpty(f.Description)) w.WriteString("description", f.Description);
                        w.WritePropertyName("parameters");
                        f.JsonSchema.WriteTo(w);
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
                        w.WriteString("name", name);
                        w.WriteEndObject();
                    });
                    break;
            }
            if (options?.ResponseFormat is ChatResponseFormatJson json)
            {
                request.ExtraBody["text"] = JsonBodies.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("format");
                    if (json.Schema is { } schema)
                    {
                        w.WriteString("type", "json_schema");
                        w.WriteString("name", json.SchemaName ?? "response");
                        w.WritePropertyName("schema");
                        schema.WriteTo(w);
                        w.WriteBoolean("strict", true);
                    }
                    else
                    {
                        w.WriteString("type", "json_object");
                    }
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
            JsonBodies.Common(request.ExtraBody, options, responses: true);
            return request;
        }

        internal static ChatResponse ToResponse(Response response)
        {
            var contents = new List<AIContent>();
            bool calls = false;
            foreach (var item in response.Output ?? new List<IOutputItem>())
            {
                switch (item)
                {
                    case ReasoningItem r:
                        foreach (var s in r.Summary ?? new List<SummaryTextContent>()) if (s?.Text is { Length: > 0 } st) contents.Add(new TextReasoningContent(st));
                        foreach (var c in r.Content ?? new List<ReasoningTextContent>()) if (c?.Text is { Length: > 0 } ct) contents.Add(new TextReasoningContent(ct));
                        break;
                    case OutputMessage m:
                        foreach (var part in m.Content ?? new List<IOutputMessageContent>())
                        {
                            if (part is OutputTextContent t && t.Text is { } text) contents.Add(new TextContent(text));
                            else if (part is RefusalContent rc && rc.Refusal is { } refusal) contents.Add(new TextContent(refusal));
                        }
                        break;
                    case FunctionToolCall f:
                        calls = true;
                        contents.Add(new FunctionCallContent(f.CallId ?? "", f.Name ?? "", JsonBodies.ParseArguments(f.Arguments)));
                        break;
                }
            }
            string? status = response.Status?.Value;
            return new ChatResponse(new MeaiChatMessage(ChatRole.Assistant, contents) { MessageId = response.Id })
            {
                ResponseId = response.Id,
                ModelId = response.Model,
                FinishReason = status == "incomplete" ? ChatFinishReason.Length : status == "completed" ? (calls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop) : null,
                Usage = response.Usage is { } u ? new UsageDetails { InputTokenCount = u.InputTokens, OutputTokenCount = u.OutputTokens, TotalTokenCount = u.TotalTokens } : null,
                RawRepresentation = response,
            };
        }
    }
}
