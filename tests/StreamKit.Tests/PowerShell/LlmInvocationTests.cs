using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.PowerShell;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>Invoke-LlmStream's engine against the replay endpoint: the request it sends, its defaults, the key, recording.</summary>
    public sealed class LlmInvocationTests : IDisposable
    {
        private const string Key = "sk-test-invocation-0123456789";
        private readonly HttpClient _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        public void Dispose() => _http.Dispose();

        private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
            name => values.FirstOrDefault(v => v.Name == name).Value;

        [Fact]
        public async Task The_chat_request_carries_messages_tools_limits_headers_and_extra_body()
        {
            using var server = LlmReplayServer.Start(new[] { TestPaths.Fixture("chat/cumulative-usage-every-chunk.sse") });
            using var invocation = new LlmInvocation
            {
                BaseUri = server.BaseUri, Model = "m", ApiKey = Key, Prompt = "And now?", SystemPrompt = "Be brief.", MaxTokens = 50, Temperature = 0.2,
                Headers = new Hashtable { ["X-Title"] = "ops" }, ExtraBody = new Hashtable { ["provider"] = new Hashtable { ["order"] = new[] { "a" } } },
                Environment = Env(),
            };
            invocation.Messages.Add(new Hashtable { ["role"] = "user", ["content"] = "earlier" });
            invocation.Tools.Add(new Hashtable { ["name"] = "lookup", ["parameters"] = new Hashtable { ["type"] = "object" } });
            using var stream = await invocation.OpenAsync(_http, TestContext.Current.CancellationToken);
            var result = await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            Assert.Equal(StreamOutcome.Completed, result.Outcome);
            var sent = Assert.Single(server.Requests);
            Assert.Equal(("POST", "/v1/chat/completions"), (sent.Method, sent.PathAndQuery));
            Assert.Equal("Bearer [redacted]", sent.Headers["Authorization"]);
            Assert.Equal("ops", sent.Headers["X-Title"]);
            using var body = JsonDocument.Parse(sent.Body);
            var root = body.RootElement;
            Assert.Equal(3, root.GetProperty("messages").GetArrayLength());
            Assert.Equal("lookup", root.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal(50, root.GetProperty("max_tokens").GetInt32());
            Assert.Equal(0.2, root.GetProperty("temperature").GetDouble());
            Assert.Equal("a", root.GetProperty("provider").GetProperty("order")[0].GetString());
            Assert.True(root.GetProperty("stream").GetBoolean());
        }

        [Fact]
        public async Task The_responses_request_sends_input_items_instructions_and_max_output_tokens()
        {
            using var server = LlmReplayServer.Start(new[] { TestPaths.Fixture("responses/tool-inputs-accumulate.sse") });
            using var invocation = new LlmInvocation { Api = LlmApi.Responses, BaseUri = server.BaseUri, Model = "m", ApiKey = "", SystemPrompt = "sys", MaxTokens = 9, Environment = Env() };
            invocation.Messages.Add("hello");
            invocation.Messages.Add(new Hashtable { ["role"] = "tool", ["tool_call_id"] = "c1", ["content"] = "42" });
            using var stream = await invocation.OpenAsync(_http, TestContext.Current.CancellationToken);
            await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
            var sent = Assert.Single(server.Requests);
            Assert.Equal("/v1/responses", sent.PathAndQuery);
            Assert.False(sent.Headers.ContainsKey("Authorization"));
            using var body = JsonDocument.Parse(sent.Body);
            Assert.Equal("function_call_output", body.RootElement.GetProperty("input")[1].GetProperty("type").GetString());
            Assert.Equal("sys", body.RootElement.GetProperty("instructions").GetString());
            Assert.Equal(9, body.RootElement.GetProperty("max_output_tokens").GetInt32());
        }

        [Fact]
        public void Defaults_come_from_the_environment_and_the_key_is_never_described()
        {
            var invocation = new LlmInvocation
            {
                Prompt = "x",
                Environment = Env(("STREAMKIT_BASE_URI", "http://127.0.0.1:9/v1"), ("STREAMKIT_MODEL", "env-model"), ("OPENAI_API_KEY", Key)),
            };
            Assert.Equal(new Uri("http://127.0.0.1:9/v1"), invocation.ResolveBaseUri());
            Assert.Equal("env-model", invocation.ResolveModel());
            string described = invocation.Describe();
            Assert.DoesNotContain(Key, described);
            Assert.Contains("$env:OPENAI_API_KEY", described);
            Assert.Contains("not shown", described);
            Assert.Equal(new Uri("https://api.openai.com/v1"), new LlmInvocation { Environment = Env() }.ResolveBaseUri());
            Assert.Throws<ArgumentException>(() => new LlmInvocation { Environment = Env() }.ResolveModel());
        }

        [Fact]
        public async Task Bad_extra_body_and_missing_input_are_argument_errors()
        {
            using var bad = new LlmInvocation { BaseUri = new Uri("http://127.0.0.1:9/v1"), Model = "m", Prompt = "x", ExtraBody = "[1,2]", Environment = Env() };
            await Assert.ThrowsAsync<ArgumentException>(() => bad.OpenAsync(_http, TestContext.Current.CancellationToken));
            using var empty = new LlmInvocation { BaseUri = new Uri("http://127.0.0.1:9/v1"), Model = "m", Environment = Env() };
            await Assert.ThrowsAsync<ArgumentException>(() => empty.OpenAsync(_http, TestContext.Current.CancellationToken));
        }

        [Fact]
        public async Task Recording_writes_the_body_as_received_and_redacts_an_echoed_key()
        {
            string dir = Path.Combine(Path.GetTempPath(), "streamkit-rec-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string echo = Path.Combine(dir, "echo.sse");
                // A body that echoes the key, split so the key may straddle two reads.
                File.WriteAllText(echo, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"key " + Key + " seen\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
                using var server = LlmReplayServer.Start(new[] { echo, TestPaths.Fixture("chat/parallel-tool-calls-interleaved.sse") }, writeSize: 7);
                foreach (var expected in new[] { (string?)null, TestPaths.Fixture("chat/parallel-tool-calls-interleaved.sse") })
                {
                    string record = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".sse");
                    using (var invocation = new LlmInvocation { BaseUri = server.BaseUri, Model = "m", ApiKey = Key, Prompt = "x", RecordPath = record, Environment = Env() })
                    {
                        using var stream = await invocation.OpenAsync(_http, TestContext.Current.CancellationToken);
                        await stream.ReduceAsync(null, TestContext.Current.CancellationToken);
                    }
                    string recorded = File.ReadAllText(record);
                    Assert.DoesNotContain(Key, recorded);
                    if (expected is null) Assert.Contains("key [redacted] seen", recorded);
                    else Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(record));
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
