using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;

namespace StreamKit.PowerShell
{
    /// <summary>Turns what a script passes (messages, tools) into each API's request shape.</summary>
    public static class RequestShapes
    {
        /// <summary>Chat Completions <c>messages</c>: the system prompt, then the messages, then the prompt as a user message.</summary>
        /// <exception cref="ArgumentException">A message has no role.</exception>
        public static List<object> ChatMessages(IEnumerable<object?> messages, string? systemPrompt, string? prompt)
        {
            var list = new List<object>();
            if (!string.IsNullOrEmpty(systemPrompt)) list.Add(new OrderedDictionary { ["role"] = "system", ["content"] = systemPrompt });
            foreach (var m in messages) list.Add(Normalize(m));
            if (prompt is not null) list.Add(new OrderedDictionary { ["role"] = "user", ["content"] = prompt });
            return list;
        }

        /// <summary>
        /// Responses <c>input</c> items: messages as <c>{role, content}</c>; an assistant message's tool calls as
        /// <c>function_call</c> items; <c>tool</c> messages as <c>function_call_output</c>; items that already have a
        /// <c>type</c> as they are; then the prompt.
        /// </summary>
        public static List<object> ResponsesInput(IEnumerable<object?> messages, string? prompt)
        {
            var items = new List<object>();
            foreach (var raw in messages)
            {
                var m = Normalize(raw);
                if (m.Contains("type") && !m.Contains("role"))
                {
                    items.Add(m);
                    continue;
                }
                string role = Text(m["role"]) ?? "user";
                if (role == "tool")
                {
                    items.Add(new OrderedDictionary { ["type"] = "function_call_output", ["call_id"] = Text(m["tool_call_id"]), ["output"] = Text(m["content"]) ?? "" });
                    continue;
                }
                if (m["content"] is { } content && !(content is string s && s.Length == 0))
                    items.Add(new OrderedDictionary { ["role"] = role, ["content"] = content });
                if (m["tool_calls"] is IEnumerable calls && m["tool_calls"] is not string)
                {
                    foreach (var c in calls)
                    {
                        var call = Normalize(c);
                        var function = call["function"] as IDictionary;
                        items.Add(new OrderedDictionary
                        {
                            ["type"] = "function_call",
                            ["call_id"] = Text(call["id"]),
                            ["name"] = Text(function?["name"] ?? call["name"]),
                            ["arguments"] = Text(function?["arguments"] ?? call["arguments"]) ?? "{}",
                        });
                    }
                }
            }
            if (prompt is not null) items.Add(new OrderedDictionary { ["role"] = "user", ["content"] = prompt });
            return items;
        }

        /// <summary>
        /// Tool definitions in the API's shape. A flat <c>@{ name; description; parameters }</c> becomes
        /// <c>{type: function, function: {...}}</c> for chat and <c>{type: function, name, ...}</c> for Responses; a chat-shaped
        /// one is flattened for Responses; anything else passes through.
        /// </summary>
        public static List<object> Tools(IEnumerable<object?> tools, LlmApi api)
        {
            var list = new List<object>();
            foreach (var raw in tools)
            {
                var t = Normalize(raw, requireRole: false);
                bool chatShaped = t["function"] is IDictionary;
                bool flat = !chatShaped && t.Contains("name") && (!t.Contains("type") || Text(t["type"]) == "function");
                if (api == LlmApi.Chat && flat)
                {
                    var function = new OrderedDictionary();
                    foreach (DictionaryEntry kv in t) if (Text(kv.Key) != "type") function[kv.Key] = kv.Value;
                    list.Add(new OrderedDictionary { ["type"] = "function", ["function"] = function });
                }
                else if (api == LlmApi.Responses && chatShaped)
                {
                    var flatTool = new OrderedDictionary { ["type"] = "function" };
                    foreach (DictionaryEntry kv in (IDictionary)t["function"]!) flatTool[kv.Key] = kv.Value;
                    list.Add(flatTool);
                }
                else if (api == LlmApi.Responses && flat && !t.Contains("type"))
                {
                    var withType = new OrderedDictionary { ["type"] = "function" };
                    foreach (DictionaryEntry kv in t) withType[kv.Key] = kv.Value;
                    list.Add(withType);
                }
                else
                {
                    list.Add(t);
                }
            }
            return list;
        }

        /// <summary>A message as an ordered dictionary: a string is a user message, an <see cref="LlmResult"/> its assistant message.</summary>
        /// <exception cref="ArgumentException">Not a dictionary, string or result; or (for messages) no <c>role</c>.</exception>
        private static OrderedDictionary Normalize(object? value, bool requireRole = true)
        {
            switch (value)
            {
                case string s:
                    return new OrderedDictionary { ["role"] = "user", ["content"] = s };
                case LlmResult r:
                    return Copy(r.ToMessage());
                case IDictionary d:
                    var copy = Copy(d);
                    if (requireRole && !copy.Contains("role") && !copy.Contains("type"))
                        throw new ArgumentException("A message needs a 'role' (system, developer, user, assistant or tool): " + PlainJson.ToText(d));
                    return copy;
                default:
                    throw new ArgumentException("Expected a hashtable (or an object with role and content), a string or a result, not " + (value?.GetType().Name ?? "null") + ".");
            }
        }

        private static OrderedDictionary Copy(IDictionary d)
        {
            var copy = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry kv in d) copy[Text(kv.Key)!] = kv.Value;
            return copy;
        }

        private static string? Text(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
