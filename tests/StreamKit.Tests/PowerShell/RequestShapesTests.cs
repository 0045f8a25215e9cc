using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;
using StreamKit.PowerShell;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>What a script passes (hashtables, results, strings) becomes each API's request shape, tool loops included.</summary>
    public sealed class RequestShapesTests
    {
        private static JsonElement Json(object value) => PlainJson.ToElement(value);

        private static readonly Hashtable ToolCallMessage = new Hashtable
        {
            ["role"] = "assistant",
            ["content"] = "",
            ["tool_calls"] = new object[] { new Hashtable { ["id"] = "call_1", ["type"] = "function", ["function"] = new Hashtable { ["name"] = "get_weather", ["arguments"] = "{\"city\":\"Paris\"}" } } },
        };

        private static readonly Hashtable ToolResult = new Hashtable { ["role"] = "tool", ["tool_call_id"] = "call_1", ["content"] = "18 C" };

        [Fact]
        public void Chat_messages_are_system_then_messages_then_the_prompt()
        {
            var json = Json(RequestShapes.ChatMessages(new object?[] { "earlier question", ToolCallMessage, ToolResult }, "Be brief.", "And now?"));
            Assert.Equal(5, json.GetArrayLength());
            Assert.Equal(("system", "Be brief."), (json[0].GetProperty("role").GetString(), json[0].GetProperty("content").GetString()));
            Assert.Equal("user", json[1].GetProperty("role").GetString());
            Assert.Equal("get_weather", json[2].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("call_1", json[3].GetProperty("tool_call_id").GetString());
            Assert.Equal("And now?", json[4].GetProperty("content").GetString());
        }

        [Fact]
        public void Responses_input_turns_tool_calls_and_results_into_function_call_items()
        {
            var json = Json(RequestShapes.ResponsesInput(new object?[] { "weather?", ToolCallMessage, ToolResult }, null));
            Assert.Equal(3, json.GetArrayLength());
            Assert.Equal("user", json[0].GetProperty("role").GetString());
            Assert.Equal(("function_call", "call_1", "get_weather", "{\"city\":\"Paris\"}"),
                (json[1].GetProperty("type").GetString(), json[1].GetProperty("call_id").GetString(), json[1].GetProperty("name").GetString(), json[1].GetProperty("arguments").GetString()));
            Assert.Equal(("function_call_output", "call_1", "18 C"),
                (json[2].GetProperty("type").GetString(), json[2].GetProperty("call_id").GetString(), json[2].GetProperty("output").GetString()));
        }

        [Fact]
        public void A_result_becomes_its_assistant_message_in_either_api()
        {
            var result = new LlmResult { Content = "Checking.", ToolCalls = new[] { new LlmToolCall { Id = "call_9", Name = "lookup", Arguments = "{}" } } };
            var chat = Json(RequestShapes.ChatMessages(new object?[] { result }, null, null));
            Assert.Equal("assistant", chat[0].GetProperty("role").GetString());
            Assert.Equal("call_9", chat[0].GetProperty("tool_calls")[0].GetProperty("id").GetString());
            var responses = Json(RequestShapes.ResponsesInput(new object?[] { result }, null));
            Assert.Equal("Checking.", responses[0].GetProperty("content").GetString());
            Assert.Equal("lookup", responses[1].GetProperty("name").GetString());
        }

        [Fact]
        public void Flat_tools_take_each_apis_shape_and_shaped_ones_convert()
        {
            var flat = new Hashtable { ["name"] = "get_weather", ["description"] = "Weather", ["parameters"] = new Hashtable { ["type"] = "object" } };
            var chat = Json(RequestShapes.Tools(new object?[] { flat }, LlmApi.Chat));
            Assert.Equal("function", chat[0].GetProperty("type").GetString());
            Assert.Equal("get_weather", chat[0].GetProperty("function").GetProperty("name").GetString());
            var responses = Json(RequestShapes.Tools(new object?[] { flat }, LlmApi.Responses));
            Assert.Equal(("function", "get_weather"), (responses[0].GetProperty("type").GetString(), responses[0].GetProperty("name").GetString()));
            var fromChat = Json(RequestShapes.Tools(new object?[] { new Hashtable { ["type"] = "function", ["function"] = flat } }, LlmApi.Responses));
            Assert.Equal("get_weather", fromChat[0].GetProperty("name").GetString());
            var builtIn = Json(RequestShapes.Tools(new object?[] { new Hashtable { ["type"] = "web_search" } }, LlmApi.Responses));
            Assert.Equal("web_search", builtIn[0].GetProperty("type").GetString());
        }

        [Fact]
        public void A_message_without_role_is_rejected_with_what_it_was()
        {
            var ex = Assert.Throws<ArgumentException>(() => RequestShapes.ChatMessages(new object?[] { new Hashtable { ["content"] = "hi" } }, null, null));
            Assert.Contains("role", ex.Message);
            Assert.Throws<ArgumentException>(() => RequestShapes.ChatMessages(new object?[] { 42 }, null, null));
        }

        [Fact]
        public void Plain_values_write_as_json_without_reflection()
        {
            var value = new Hashtable { ["n"] = 3, ["d"] = 1.5, ["b"] = true, ["list"] = new ArrayList { "a", 2L }, ["nil"] = null, ["kind"] = LlmApi.Responses };
            var json = Json(value);
            Assert.Equal(3, json.GetProperty("n").GetInt32());
            Assert.Equal(1.5, json.GetProperty("d").GetDouble());
            Assert.True(json.GetProperty("b").GetBoolean());
            Assert.Equal(2, json.GetProperty("list")[1].GetInt32());
            Assert.Equal(JsonValueKind.Null, json.GetProperty("nil").ValueKind);
            Assert.Equal("Responses", json.GetProperty("kind").GetString());
            var cycle = new Hashtable();
            cycle["self"] = cycle;
            Assert.Throws<ArgumentException>(() => PlainJson.ToElement(cycle));
        }
    }
}
