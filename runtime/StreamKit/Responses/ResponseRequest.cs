using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace StreamKit.Responses
{
    /// <summary>Input items for <see cref="ResponseRequest.InputItems"/>, as the typed model generated from OpenAI's spec.</summary>
    public static class ResponseInput
    {
        /// <summary>A <c>user</c> message.</summary>
        public static IInputItem User(string text) => new EasyInputMessage { Role = EasyInputMessageRole.User, Content = text };

        /// <summary>A <c>developer</c> message.</summary>
        public static IInputItem Developer(string text) => new EasyInputMessage { Role = EasyInputMessageRole.Developer, Content = text };

        /// <summary>An <c>assistant</c> message with text.</summary>
        public static IInputItem Assistant(string text) => new EasyInputMessage { Role = EasyInputMessageRole.Assistant, Content = text };

        /// <summary>The result of a function call (<c>function_call_output</c>), for the call <paramref name="callId"/>.</summary>
        public static IInputItem FunctionOutput(string callId, string output) => new FunctionCallOutputItemParam { CallId = callId, Output = output };

        /// <summary>
        /// The output items of a response to send back in the next turn (without <c>previous_response_id</c>): function
        /// calls and the other items that are also input items; messages as assistant text.
        /// </summary>
        public static IEnumerable<IInputItem> From(Response response)
        {
            if (response is null) throw new ArgumentNullException(nameof(response));
            foreach (var item in response.Output ?? new List<IOutputItem>())
            {
                if (item is OutputMessage message)
                {
                    string? text = null;
                    foreach (var part in message.Content ?? new List<IOutputMessageContent>()) if (part is OutputTextContent t) text += t.Text;
                    if (text is not null) yield return Assistant(text);
                }
                else if (item is IInputItem input)
                {
                    yield return input;
                }
            }
        }
    }

    /// <summary>
    /// A streaming <c>POST {base}/responses</c>: a text input or typed <see cref="InputItems"/> (messages, function calls and
    /// their outputs: <see cref="ResponseInput"/>), typed <see cref="Tools"/> (<see cref="FunctionTool"/>, ...),
    /// <see cref="Instructions"/>, <see cref="PreviousResponseId"/>, <see cref="MaxOutputTokens"/>; anything else the API
    /// takes (<c>reasoning</c>, <c>background</c>, <c>tool_choice</c>, a router's options) goes in <see cref="ExtraBody"/>.
    /// StreamKit sets <c>stream: true</c>.
    /// </summary>
    public sealed class ResponseRequest
    {
        /// <summary>Creates a request for <paramref name="model"/> with a text input.</summary>
        /// <exception cref="ArgumentException"><paramref name="model"/> is null or empty.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
        public ResponseRequest(string model, string input)
        {
            if (string.IsNullOrEmpty(model)) throw new ArgumentException("A model is required.", nameof(model));
            Model = model;
            Input = input ?? throw new ArgumentNullException(nameof(input));
        }

        /// <summary>Creates a request for <paramref name="model"/> with input items (see <see cref="ResponseInput"/>).</summary>
        /// <exception cref="ArgumentException"><paramref name="model"/> is null or empty.</exception>
        public ResponseRequest(string model, IEnumerable<IInputItem> input)
            : this(model, "")
        {
            foreach (var item in input ?? throw new ArgumentNullException(nameof(input))) InputItems.Add(item);
        }

        /// <summary>The model name.</summary>
        public string Model { get; }

        /// <summary>The text input (sent as <c>input</c> when <see cref="InputItems"/> is empty).</summary>
        public string Input { get; }

        /// <summary>Input items, sent as the <c>input</c> array when not empty.</summary>
        public IList<IInputItem> InputItems { get; } = new List<IInputItem>();

        /// <summary>Tools the model may call.</summary>
        public IList<ITool> Tools { get; } = new List<ITool>();

        /// <summary>System-level instructions (<c>instructions</c>), or null.</summary>
        public string? Instructions { get; set; }

        /// <summary>Continue from a stored response (<c>previous_response_id</c>), or null.</summary>
        public string? PreviousResponseId { get; set; }

        /// <summary>The most tokens to generate (<c>max_output_tokens</c>), or null.</summary>
        public long? MaxOutputTokens { get; set; }

        /// <summary>Extra top-level body members, written as given; a member named here replaces StreamKit's own, except <c>stream</c>.</summary>
        public IDictionary<string, JsonElement> ExtraBody { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        internal byte[] ToJson()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("model", Model);
                if (!ExtraBody.ContainsKey("input"))
                {
                    if (InputItems.Count == 0)
                    {
                        w.WriteString("input", Input);
                    }
                    else
                    {
                        w.WriteStartArray("input");
                        foreach (var item in InputItems) InputItemJson.Write(w, item);
                        w.WriteEndArray();
                    }
                }
                if (Tools.Count > 0 && !ExtraBody.ContainsKey("tools"))
                {
                    w.WriteStartArray("tools");
                    foreach (var tool in Tools) ToolJson.Write(w, tool);
                    w.WriteEndArray();
                }
                if (Instructions is not null && !ExtraBody.ContainsKey("instructions")) w.WriteString("instructions", Instructions);
                if (PreviousResponseId is not null && !ExtraBody.ContainsKey("previous_response_id")) w.WriteString("previous_response_id", PreviousResponseId);
                if (MaxOutputTokens is long max && !ExtraBody.ContainsKey("max_output_tokens")) w.WriteNumber("max_output_tokens", max);
                w.WriteBoolean("stream", true);
                StreamKit.Http.ExtraBody.Write(w, ExtraBody);
                w.WriteEndObject();
            }
            return stream.ToArray();
        }
    }
}
