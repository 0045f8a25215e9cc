using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.Cli.Commands
{
    /// <summary><c>streamkit chat --base-url URL --model M [--api-key-env NAME] PROMPT</c>: streams from a live endpoint.</summary>
    public static class ChatCommand
    {
        /// <summary>Options of one <c>chat</c> call.</summary>
        public sealed class Options
        {
            /// <summary>The API root, such as https://api.openai.com/v1.</summary>
            public string BaseUrl { get; set; } = "";

            /// <summary>The model.</summary>
            public string Model { get; set; } = "";

            /// <summary>The environment variable holding the key (default OPENAI_API_KEY); unset sends no key.</summary>
            public string ApiKeyEnv { get; set; } = "OPENAI_API_KEY";

            /// <summary>The user prompt.</summary>
            public string Prompt { get; set; } = "";

            /// <summary>An optional system message.</summary>
            public string? System { get; set; }

            /// <summary>A JSON object whose members are added to the request body untouched.</summary>
            public string? ExtraBody { get; set; }

            /// <summary>Extra headers as <c>Name: value</c>.</summary>
            public IReadOnlyList<string> Headers { get; set; } = Array.Empty<string>();

            /// <summary>Print the JSON envelope instead of live text.</summary>
            public bool Json { get; set; }

            /// <summary>chat (default) or responses.</summary>
            public string? Api { get; set; }

            /// <summary>Timers, retries and limits.</summary>
            public LlmClientOptions Client { get; set; } = new LlmClientOptions();
        }

        /// <summary>Runs the request; returns the exit code of the outcome.</summary>
        public static async Task<int> RunAsync(Options o, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        {
            StreamApi api;
            try
            {
                api = ApiDetector.Parse(o.Api) ?? StreamApi.Chat;
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine("streamkit: " + ex.Message);
                return ExitCodes.Usage;
            }
            if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                stderr.WriteLine("streamkit: --base-url must be an absolute http(s) URL");
                return ExitCodes.Usage;
            }
            string? key = Environment.GetEnvironmentVariable(o.ApiKeyEnv);
            if (string.IsNullOrEmpty(key)) stderr.WriteLine("streamkit: $" + o.ApiKeyEnv + " is not set; sending no API key");
            var endpoint = new LlmEndpoint(baseUrl, key);
            foreach (var h in o.Headers)
            {
                int colon = h.IndexOf(':');
                if (colon <= 0)
                {
                    stderr.WriteLine("streamkit: --header must look like 'Name: value', not '" + h + "'");
                    return ExitCodes.Usage;
                }
                endpoint.Headers[h.Substring(0, colon).Trim()] = h.Substring(colon + 1).Trim();
            }
            var extra = new Dictionary<string, JsonElement>();
            if (!string.IsNullOrEmpty(o.ExtraBody))
            {
                try
                {
                    using var doc = JsonDocument.Parse(o.ExtraBody!);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
                    foreach (var p in doc.RootElement.EnumerateObject()) extra[p.Name] = p.Value.Clone();
                }
                catch (JsonException ex)
                {
                    stderr.WriteLine("streamkit: --extra-body must be a JSON object: " + ex.Message);
                    return ExitCodes.Usage;
                }
            }
            using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            return await StreamSession.RunAsync(api, ct => StreamSession.SendAsync(api, http, endpoint, o.Client, o.Model, o.Prompt, o.System, extra, ct),
                o.Json, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
    }
}
