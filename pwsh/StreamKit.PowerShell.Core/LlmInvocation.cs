using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// Everything one <c>Invoke-LlmStream</c> call says, as plain .NET values, and the request it sends. Defaults come
    /// from the environment: <c>STREAMKIT_BASE_URI</c> (else <c>OPENAI_BASE_URL</c>, else https://api.openai.com/v1),
    /// <c>STREAMKIT_MODEL</c>, and the key from <c>STREAMKIT_API_KEY</c> (else <c>OPENAI_API_KEY</c>).
    /// </summary>
    public sealed class LlmInvocation : IDisposable
    {
        private FileStream? _recording;

        /// <summary>The API (default Chat).</summary>
        public LlmApi Api { get; set; } = LlmApi.Chat;

        /// <summary>The model; null takes <c>STREAMKIT_MODEL</c>.</summary>
        public string? Model { get; set; }

        /// <summary>The API root; null takes the environment's.</summary>
        public Uri? BaseUri { get; set; }

        /// <summary>The key; null takes the environment's; empty sends none. Never written anywhere.</summary>
        public string? ApiKey { get; set; }

        /// <summary>The user's prompt (appended as the last user message).</summary>
        public string? Prompt { get; set; }

        /// <summary>A system prompt (chat: a first <c>system</c> message; Responses: <c>instructions</c>).</summary>
        public string? SystemPrompt { get; set; }

        /// <summary>
        /// Whole messages: dictionaries with <c>role</c> and <c>content</c> (and <c>tool_calls</c>, <c>tool_call_id</c> for a
        /// tool loop), strings (user messages), or <see cref="LlmResult"/> objects (their assistant message).
        /// </summary>
        public IList<object?> Messages { get; } = new List<object?>();

        /// <summary>Tool definitions: <c>@{ name; description; parameters }</c> or the API's own shape.</summary>
        public IList<object?> Tools { get; } = new List<object?>();

        /// <summary>The most tokens to generate (chat <c>max_tokens</c>, Responses <c>max_output_tokens</c>).</summary>
        public int? MaxTokens { get; set; }

        /// <summary>Sampling temperature.</summary>
        public double? Temperature { get; set; }

        /// <summary>Extra headers (name → value).</summary>
        public IDictionary? Headers { get; set; }

        /// <summary>Extra body members, passed through untouched: a dictionary or a JSON object text.</summary>
        public object? ExtraBody { get; set; }

        /// <summary>Timers, retries and limits.</summary>
        public LlmClientOptions Options { get; set; } = new LlmClientOptions();

        /// <summary>Where to record the SSE body as received (the key is never written), or null.</summary>
        public string? RecordPath { get; set; }

        /// <summary>Where the key came from, for messages: a parameter, an environment variable, or none.</summary>
        public string KeySource { get; private set; } = "none";

        /// <summary>The environment variable a default came from, read through this function (tests replace it).</summary>
        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

        /// <summary>The API root in force.</summary>
        public Uri ResolveBaseUri() =>
            BaseUri ?? (FirstEnv("STREAMKIT_BASE_URI", "OPENAI_BASE_URL") is { } env && Uri.TryCreate(env, UriKind.Absolute, out var u) ? u : new Uri("https://api.openai.com/v1"));

        /// <summary>The model in force.</summary>
        /// <exception cref="ArgumentException">None was given and <c>STREAMKIT_MODEL</c> is not set.</exception>
        public string ResolveModel() =>
            Model is { Length: > 0 } m ? m
            : FirstEnv("STREAMKIT_MODEL") ?? throw new ArgumentException("A model is required: pass -Model or set $env:STREAMKIT_MODEL.");

        private string? ResolveKey()
        {
            if (ApiKey is not null)
            {
                KeySource = ApiKey.Length == 0 ? "none" : "parameter";
                return ApiKey.Length == 0 ? null : ApiKey;
            }
            foreach (var name in new[] { "STREAMKIT_API_KEY", "OPENAI_API_KEY" })
            {
                if (Environment(name) is { Length: > 0 } key)
                {
                    KeySource = "$env:" + name;
                    return key;
                }
            }
            KeySource = "none";
            return null;
        }

        private string? FirstEnv(params string[] names)
        {
            foreach (var n in names) if (Environment(n) is { Length: > 0 } v) return v;
            return null;
        }

        /// <summary>A one-line description for <c>-Verbose</c>: method, URL, model, counts and where the key came from; never the key.</summary>
        public string Describe()
        {
            string? key = ResolveKey();
            var root = ResolveBaseUri().AbsoluteUri.TrimEnd('/');
            return "POST " + root + (Api == LlmApi.Chat ? "/chat/completions" : "/responses") + " model " + (Model ?? FirstEnv("STREAMKIT_MODEL") ?? "(none)")
                + ", " + Messages.Count + " messages" + (Prompt is null ? "" : " + prompt") + ", " + Tools.Count + " tools, key: "
                + (key is null ? "none" : "from " + KeySource + " (" + key.Length + " chars, not shown)");
        }

        /// <summary>Sends the request and returns the stream once it has started.</summary>
        /// <exception cref="ArgumentException">A parameter is invalid (no model, no input, bad extra body).</exception>
        /// <exception cref="LlmStreamException">The request failed before the stream started (HTTP error, timeout, ...).</exception>
        public async Task<LlmStream> OpenAsync(HttpClient http, CancellationToken cancellationToken)
        {
            var endpoint = new LlmEndpoint(ResolveBaseUri(), ResolveKey());
            if (Headers is not null)
            {
                foreach (DictionaryEntry h in Headers) endpoint.Headers[Convert.ToString(h.Key, CultureInfo.InvariantCulture)!] = Convert.ToString(h.Value, CultureInfo.InvariantCulture) ?? "";
            }
            var options = Options;
            if (RecordPath is { Length: > 0 } path)
            {
                _recording = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
                options = Clone(Options);
                options.Recorder = _recording;
            }
            var extra = ExtraMembers();
            string model = ResolveModel();
            if (Api == LlmApi.Responses)
            {
                var request = new ResponseRequest(model, Prompt ?? "") { Instructions = SystemPrompt };
                if (Messages.Count > 0) request.ExtraBody["input"] = PlainJson.ToElement(RequestShapes.ResponsesInput(Messages, Prompt));
                else if (Prompt is null) throw new ArgumentException("A prompt or messages are required.");
                if (Tools.Count > 0) request.ExtraBody["tools"] = PlainJson.ToElement(RequestShapes.Tools(Tools, LlmApi.Responses));
                if (MaxTokens is int max) request.ExtraBody["max_output_tokens"] = PlainJson.ToElement(max);
                if (Temperature is double t) request.ExtraBody["temperature"] = PlainJson.ToElement(t);
                foreach (var kv in extra) request.ExtraBody[kv.Key] = kv.Value;
                return await new ResponsesClient(http, endpoint, options).StreamAsync(request, cancellationToken).ConfigureAwait(false);
            }
            var messages = RequestShapes.ChatMessages(Messages, SystemPrompt, Prompt);
            if (messages.Count == 0) throw new ArgumentException("A prompt or messages are required.");
            var chat = new ChatCompletionRequest(model, Array.Empty<IChatCompletionRequestMessage>());
            chat.ExtraBody["messages"] = PlainJson.ToElement(messages);
            if (Tools.Count > 0) chat.ExtraBody["tools"] = PlainJson.ToElement(RequestShapes.Tools(Tools, LlmApi.Chat));
            if (MaxTokens is int maxTokens) chat.ExtraBody["max_tokens"] = PlainJson.ToElement(maxTokens);
            if (Temperature is double temperature) chat.ExtraBody["temperature"] = PlainJson.ToElement(temperature);
            foreach (var kv in extra) chat.ExtraBody[kv.Key] = kv.Value;
            return await new ChatCompletionsClient(http, endpoint, options).StreamAsync(chat, cancellationToken).ConfigureAwait(false);
        }

        private Dictionary<string, JsonElement> ExtraMembers()
        {
            var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            switch (ExtraBody)
            {
                case null:
                    break;
                case string text:
                    JsonElement root;
                    try
                    {
                        using var doc = JsonDocument.Parse(text);
                        root = doc.RootElement.Clone();
                    }
                    catch (JsonException ex)
                    {
                        throw new ArgumentException("-ExtraBody must be a hashtable or a JSON object: " + ex.Message);
                    }
                    if (root.ValueKind != JsonValueKind.Object) throw new ArgumentException("-ExtraBody must be a hashtable or a JSON object.");
                    foreach (var p in root.EnumerateObject()) extra[p.Name] = p.Value.Clone();
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry kv in map) extra[Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!] = PlainJson.ToElement(kv.Value);
                    break;
                default:
                    throw new ArgumentException("-ExtraBody must be a hashtable or a JSON object.");
            }
            return extra;
        }

        private static LlmClientOptions Clone(LlmClientOptions o) => new LlmClientOptions
        {
            Timeouts = o.Timeouts, Retry = o.Retry, Limits = o.Limits, UserAgent = o.UserAgent, MalformedEvents = o.MalformedEvents,
        };

        /// <summary>Closes the recording, if any.</summary>
        public void Dispose()
        {
            _recording?.Dispose();
            _recording = null;
        }
    }
}
