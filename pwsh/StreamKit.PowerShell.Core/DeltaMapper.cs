using System.Collections.Generic;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.PowerShell
{
    /// <summary>Turns typed chunks and events into the <see cref="LlmDelta"/> objects the module writes to the pipeline.</summary>
    public static class DeltaMapper
    {
        /// <summary>The deltas one chunk (chat) or event (Responses) carries, in order; none for items without content.</summary>
        public static IEnumerable<LlmDelta> Map(object item) => item switch
        {
            ChatCompletionChunk chunk => FromChunk(chunk),
            IResponseStreamEvent e => FromEvent(e),
            _ => System.Array.Empty<LlmDelta>(),
        };

        private static IEnumerable<LlmDelta> FromChunk(ChatCompletionChunk chunk)
        {
            foreach (var choice in chunk.Choices ?? new List<ChatCompletionChunkChoice>())
            {
                if (choice is null) continue;
                long index = choice.Index;
                if (choice.Delta is { } d)
                {
                    string? reasoning = d.ReasoningContent ?? d.Reasoning;
                    if (!string.IsNullOrEmpty(reasoning)) yield return Text(LlmDeltaKind.Reasoning, LlmApi.Chat, index, reasoning, chunk);
                    foreach (var part in d.ContentParts ?? new List<ChatCompletionContentPart>())
                    {
                        if (part is null) continue;
                        if (part.Type == "thinking")
                        {
                            foreach (var inner in part.Thinking ?? new List<ChatCompletionContentPart>())
                                if (!string.IsNullOrEmpty(inner?.Text)) yield return Text(LlmDeltaKind.Reasoning, LlmApi.Chat, index, inner!.Text!, chunk);
                        }
                        else if (!string.IsNullOrEmpty(part.Text))
                        {
                            yield return Text(LlmDeltaKind.Text, LlmApi.Chat, index, part.Text!, chunk);
                        }
                    }
                    if (!string.IsNullOrEmpty(d.Content)) yield return Text(LlmDeltaKind.Text, LlmApi.Chat, index, d.Content!, chunk);
                    if (!string.IsNullOrEmpty(d.Refusal)) yield return Text(LlmDeltaKind.Refusal, LlmApi.Chat, index, d.Refusal!, chunk);
                    var calls = d.ToolCalls ?? new List<ChatCompletionToolCallDelta>();
                    for (int i = 0; i < calls.Count; i++)
                    {
                        var call = calls[i];
                        if (call is null) continue;
                        string? name = call.Function?.Name is { Length: > 0 } n ? n : null;
                        string? id = call.Id is { Length: > 0 } x ? x : null;
                        string? args = call.Function?.Arguments;
                        if (name is null && id is null && string.IsNullOrEmpty(args)) continue;
                        yield return new LlmDelta
                        {
                            Kind = LlmDeltaKind.ToolCall, Api = LlmApi.Chat, Choice = index, ToolCallIndex = call.Index ?? i,
                            ToolCallId = id, ToolName = name, Arguments = args, Raw = chunk,
                        };
                    }
                    if (d.FunctionCall is { } fc && (fc.Name is { Length: > 0 } || !string.IsNullOrEmpty(fc.Arguments)))
                    {
                        yield return new LlmDelta
                        {
                            Kind = LlmDeltaKind.ToolCall, Api = LlmApi.Chat, Choice = index, ToolCallIndex = 0,
                            ToolName = fc.Name is { Length: > 0 } fn ? fn : null, Arguments = fc.Arguments, Raw = chunk,
                        };
                    }
                }
                if (choice.FinishReason is { } finish)
                    yield return new LlmDelta { Kind = LlmDeltaKind.Finish, Api = LlmApi.Chat, Choice = index, FinishReason = finish.Value, Raw = chunk };
            }
            var usage = chunk.Usage ?? chunk.XGroq?.Usage;
            if (usage is not null)
            {
                yield return new LlmDelta
                {
                    Kind = LlmDeltaKind.Usage, Api = LlmApi.Chat, InputTokens = usage.PromptTokens, OutputTokens = usage.CompletionTokens,
                    TotalTokens = usage.TotalTokens, Raw = chunk,
                };
            }
        }

        private static IEnumerable<LlmDelta> FromEvent(IResponseStreamEvent e)
        {
            switch (e)
            {
                case ResponseTextDeltaEvent t when !string.IsNullOrEmpty(t.Delta):
                    yield return Text(LlmDeltaKind.Text, LlmApi.Responses, t.OutputIndex, t.Delta!, e);
                    break;
                case ResponseRefusalDeltaEvent r when !string.IsNullOrEmpty(r.Delta):
                    yield return Text(LlmDeltaKind.Refusal, LlmApi.Responses, r.OutputIndex, r.Delta!, e);
                    break;
                case ResponseReasoningTextDeltaEvent r when !string.IsNullOrEmpty(r.Delta):
                    yield return Text(LlmDeltaKind.Reasoning, LlmApi.Responses, r.OutputIndex, r.Delta!, e);
                    break;
                case ResponseReasoningSummaryTextDeltaEvent s when !string.IsNullOrEmpty(s.Delta):
                    yield return Text(LlmDeltaKind.Reasoning, LlmApi.Responses, s.OutputIndex, s.Delta!, e);
                    break;
                case ResponseOutputItemAddedEvent added when added.Item is FunctionToolCall call:
                    yield return new LlmDelta
                    {
                        Kind = LlmDeltaKind.ToolCall, Api = LlmApi.Responses, Choice = added.OutputIndex, ToolCallIndex = added.OutputIndex,
                        ToolCallId = call.CallId, ToolName = call.Name, Arguments = string.IsNullOrEmpty(call.Arguments) ? null : call.Arguments, Raw = e,
                    };
                    break;
                case ResponseFunctionCallArgumentsDeltaEvent f when !string.IsNullOrEmpty(f.Delta):
                    yield return new LlmDelta { Kind = LlmDeltaKind.ToolCall, Api = LlmApi.Responses, Choice = f.OutputIndex, ToolCallIndex = f.OutputIndex, Arguments = f.Delta, Raw = e };
                    break;
                case ResponseCustomToolCallInputDeltaEvent c when !string.IsNullOrEmpty(c.Delta):
                    yield return new LlmDelta { Kind = LlmDeltaKind.ToolCall, Api = LlmApi.Responses, Choice = c.OutputIndex, ToolCallIndex = c.OutputIndex, Arguments = c.Delta, Raw = e };
                    break;
                case ResponseCompletedEvent done:
                    foreach (var d in Terminal(done.Response, "completed", e)) yield return d;
                    break;
                case ResponseIncompleteEvent incomplete:
                    foreach (var d in Terminal(incomplete.Response, "incomplete", e)) yield return d;
                    break;
                case ResponseFailedEvent failed:
                    foreach (var d in Terminal(failed.Response, "failed", e)) yield return d;
                    break;
            }
        }

        private static IEnumerable<LlmDelta> Terminal(Response? response, string status, object raw)
        {
            if (response?.Usage is { } u)
                yield return new LlmDelta { Kind = LlmDeltaKind.Usage, Api = LlmApi.Responses, InputTokens = u.InputTokens, OutputTokens = u.OutputTokens, TotalTokens = u.TotalTokens, Raw = raw };
            yield return new LlmDelta { Kind = LlmDeltaKind.Finish, Api = LlmApi.Responses, FinishReason = response?.Status?.Value ?? status, Raw = raw };
        }

        private static LlmDelta Text(LlmDeltaKind kind, LlmApi api, long? choice, string text, object raw) =>
            new LlmDelta { Kind = kind, Api = api, Choice = choice ?? 0, Text = text, Raw = raw };
    }
}
