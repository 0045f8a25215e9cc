using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.PowerShell
{
    /// <summary>One tool call of a final message: its id, function name and whole JSON arguments.</summary>
    public sealed class LlmToolCall
    {
        /// <summary>The call id (<c>call_...</c>), to send back with the tool's result.</summary>
        public string? Id { get; set; }

        /// <summary>The function name.</summary>
        public string? Name { get; set; }

        /// <summary>The arguments as a JSON text (parse them with <c>ConvertFrom-Json</c>).</summary>
        public string? Arguments { get; set; }

        /// <inheritdoc/>
        public override string ToString() => Name + "(" + Arguments + ")";
    }

    /// <summary>
    /// The final (or partial) message of a stream, as the module outputs it: the first choice's text, reasoning,
    /// refusal and tool calls, the finish reason, token usage, the outcome and the statistics. <see cref="Value"/> is the
    /// whole reduced <c>ChatCompletion</c> or <c>Response</c>.
    /// </summary>
    public sealed class LlmResult
    {
        /// <summary><c>Chat</c> or <c>Responses</c>.</summary>
        public LlmApi Api { get; set; }

        /// <summary>How the stream ended: <c>completed</c>, <c>truncated</c>, <c>provider_error</c>, <c>malformed</c>, <c>http_error</c>, <c>timed_out</c>, <c>cancelled</c>, <c>limit_exceeded</c>.</summary>
        public string Outcome { get; set; } = "completed";

        /// <summary>True when <see cref="Outcome"/> is <c>completed</c>.</summary>
        public bool IsSuccess => Outcome == "completed";

        /// <summary>The response id.</summary>
        public string? Id { get; set; }

        /// <summary>The model that answered.</summary>
        public string? Model { get; set; }

        /// <summary>The answer's text (the first choice, or every output message's text joined).</summary>
        public string? Content { get; set; }

        /// <summary>Reasoning text, when the model sent any.</summary>
        public string? Reasoning { get; set; }

        /// <summary>A refusal, when the model refused.</summary>
        public string? Refusal { get; set; }

        /// <summary>Tool calls with whole arguments.</summary>
        public LlmToolCall[] ToolCalls { get; set; } = Array.Empty<LlmToolCall>();

        /// <summary>The finish reason (chat) or status (Responses).</summary>
        public string? FinishReason { get; set; }

        /// <summary>Prompt (input) tokens.</summary>
        public long? InputTokens { get; set; }

        /// <summary>Completion (output) tokens.</summary>
        public long? OutputTokens { get; set; }

        /// <summary>Total tokens.</summary>
        public long? TotalTokens { get; set; }

        /// <summary>The error message when the stream did not complete.</summary>
        public string? Error { get; set; }

        /// <summary>Counts and timings of the stream (null when the result was merged from objects).</summary>
        public StreamStatistics? Statistics { get; set; }

        /// <summary>The reduced <c>StreamKit.Chat.ChatCompletion</c> or <c>StreamKit.Responses.Response</c>.</summary>
        public object? Value { get; set; }

        /// <summary>The JSON of <see cref="Value"/> (the shape of a non-streaming response).</summary>
        public string? ToJson() => Value switch
        {
            ChatCompletion c => c.ToJson(indented: true),
            Response r => r.ToJson(indented: true),
            _ => null,
        };

        /// <summary>
        /// The assistant message to append to the conversation of a tool loop (<c>-Message</c>): role, content and tool
        /// calls, in the shape <c>Invoke-LlmStream</c> accepts for either API.
        /// </summary>
        public IDictionary ToMessage()
        {
            var message = new OrderedDictionary { ["role"] = "assistant", ["content"] = Content };
            if (ToolCalls.Length > 0)
            {
                message["tool_calls"] = ToolCalls.Select(t => (object)new OrderedDictionary
                {
                    ["id"] = t.Id, ["type"] = "function",
                    ["function"] = new OrderedDictionary { ["name"] = t.Name, ["arguments"] = t.Arguments ?? "{}" },
                }).ToArray();
            }
            return message;
        }

        /// <inheritdoc/>
        public override string ToString() => Content ?? (ToolCalls.Length > 0 ? string.Join(", ", ToolCalls.Select(t => t.ToString())) : Refusal ?? "");

        /// <summary>The view of a stream's result.</summary>
        public static LlmResult From(StreamResult result) =>
            FromValue(result.Value, result.OutcomeName, result.Statistics, result.Error?.Message);

        /// <summary>The view of a reduced value (a <c>ChatCompletion</c> or a <c>Response</c>).</summary>
        public static LlmResult FromValue(object? value, string outcome, StreamStatistics? statistics, string? error)
        {
            var r = new LlmResult { Outcome = outcome, Statistics = statistics, Error = error, Value = value };
            switch (value)
            {
                case ChatCompletion c:
                    r.Api = LlmApi.Chat;
                    r.Id = c.Id;
                    r.Model = c.Model;
                    var first = c.Choices?.OrderBy(x => x.Index).FirstOrDefault();
                    var m = first?.Message;
                    r.Content = m?.Content;
                    r.Reasoning = m?.ReasoningContent;
                    r.Refusal = m?.Refusal;
                    r.FinishReason = first?.FinishReason?.Value;
                    var calls = (m?.ToolCalls ?? new List<ChatCompletionToolCall>()).Select(t => new LlmToolCall { Id = t.Id, Name = t.Function?.Name, Arguments = t.Function?.Arguments }).ToList();
                    if (calls.Count == 0 && m?.FunctionCall is { } fc) calls.Add(new LlmToolCall { Name = fc.Name, Arguments = fc.Arguments });
                    r.ToolCalls = calls.ToArray();
                    r.InputTokens = c.Usage?.PromptTokens;
                    r.OutputTokens = c.Usage?.CompletionTokens;
                    r.TotalTokens = c.Usage?.TotalTokens;
                    break;
                case Response resp:
                    r.Api = LlmApi.Responses;
                    r.Id = resp.Id;
                    r.Model = resp.Model;
                    r.FinishReason = resp.Status?.Value;
                    var text = new List<string>();
                    var reasoning = new List<string>();
                    var refusals = new List<string>();
                    var tools = new List<LlmToolCall>();
                    foreach (var item in resp.Output ?? new List<IOutputItem>())
                    {
                        switch (item)
                        {
                            case OutputMessage om:
                                foreach (var part in om.Content ?? new List<IOutputMessageContent>())
                                {
                                    if (part is OutputTextContent t && t.Text is { } s) text.Add(s);
                                    else if (part is RefusalContent rc && rc.Refusal is { } rf) refusals.Add(rf);
                                }
                                break;
                            case ReasoningItem ri:
                                foreach (var s in ri.Summary ?? new List<SummaryTextContent>()) if (s?.Text is { } st) reasoning.Add(st);
                                foreach (var rt in ri.Content ?? new List<ReasoningTextContent>()) if (rt?.Text is { } x) reasoning.Add(x);
                                break;
                            case FunctionToolCall f:
                                tools.Add(new LlmToolCall { Id = f.CallId, Name = f.Name, Arguments = f.Arguments });
                                break;
                        }
                    }
                    r.Content = text.Count > 0 ? string.Concat(text) : null;
                    r.Reasoning = reasoning.Count > 0 ? string.Join("\n", reasoning) : null;
                    r.Refusal = refusals.Count > 0 ? string.Concat(refusals) : null;
                    r.ToolCalls = tools.ToArray();
                    r.InputTokens = resp.Usage?.InputTokens;
                    r.OutputTokens = resp.Usage?.OutputTokens;
                    r.TotalTokens = resp.Usage?.TotalTokens;
                    break;
            }
            return r;
        }
    }
}
