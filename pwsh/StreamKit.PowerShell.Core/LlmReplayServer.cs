using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using StreamKit.Replay;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// A local OpenAI-compatible endpoint on 127.0.0.1 serving recorded <c>.sse</c> files, for offline scripts and Pester
    /// tests: point <c>-BaseUri</c> at <see cref="BaseUri"/>. Requests get the files by order (the n-th request the n-th
    /// file; later ones the last, or the files again with cycling), or by a rule: a regular expression matched against
    /// <c>"METHOD /path"</c> plus a newline and the request body, mapped to a file; the first matching rule wins.
    /// </summary>
    public sealed class LlmReplayServer : IDisposable
    {
        private readonly SseReplayServer _server;

        private LlmReplayServer(SseReplayServer server, string[] files)
        {
            _server = server;
            Files = files;
        }

        /// <summary>The API root to pass as <c>-BaseUri</c>, such as <c>http://127.0.0.1:41234/v1</c>.</summary>
        public Uri BaseUri => _server.BaseUrl;

        /// <summary>The files served, rules' files included.</summary>
        public string[] Files { get; }

        /// <summary>Requests received so far.</summary>
        public int RequestCount => _server.Requests.Count;

        /// <summary>The requests received so far (method, path, headers with credentials redacted, body).</summary>
        public IReadOnlyList<RecordedRequest> Requests => _server.Requests.ToList();

        /// <summary>Whether it is still serving.</summary>
        public bool IsRunning { get; private set; } = true;

        /// <summary>Starts serving.</summary>
        /// <param name="paths">Files served by request order (may be empty when rules cover every request).</param>
        /// <param name="rules">Pattern → file; null for none.</param>
        /// <param name="delayMs">Pause between events, in milliseconds.</param>
        /// <param name="writeSize">Bytes per write instead of one event per write (0).</param>
        /// <param name="cycle">Serve the files again in turn after the last.</param>
        /// <exception cref="ArgumentException">No files, a file that does not exist, or a bad pattern.</exception>
        public static LlmReplayServer Start(IReadOnlyList<string> paths, IDictionary? rules = null, int delayMs = 0, int writeSize = 0, bool cycle = false)
        {
            if (delayMs < 0) throw new ArgumentException("The delay cannot be negative.", nameof(delayMs));
            if (writeSize < 0) throw new ArgumentException("The write size cannot be negative.", nameof(writeSize));
            var files = new List<string>(paths);
            var patterns = new List<(Regex Pattern, int Index)>();
            if (rules is not null)
            {
                foreach (DictionaryEntry rule in rules)
                {
                    string pattern = Convert.ToString(rule.Key, CultureInfo.InvariantCulture) ?? "";
                    string file = Convert.ToString(rule.Value, CultureInfo.InvariantCulture) ?? "";
                    Regex regex;
                    try
                    {
                        regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new ArgumentException("Bad rule pattern '" + pattern + "': " + ex.Message, nameof(rules), ex);
                    }
                    patterns.Add((regex, files.Count));
                    files.Add(file);
                }
            }
            if (files.Count == 0) throw new ArgumentException("Give at least one recording (-Path) or rule (-Rule).");
            var bodies = new List<byte[]>();
            foreach (var f in files)
            {
                if (!File.Exists(f)) throw new ArgumentException("No such recording: " + f);
                bodies.Add(File.ReadAllBytes(f));
            }
            int ordered = paths.Count;
            Func<RecordedRequest, int, int> select = (request, ordinal) =>
            {
                string text = request.Method + " " + request.PathAndQuery + "\n" + request.Body;
                foreach (var (pattern, index) in patterns) if (pattern.IsMatch(text)) return index;
                if (ordered == 0) return -1;
                return cycle ? ordinal % ordered : Math.Min(ordinal, ordered - 1);
            };
            var server = SseReplayServer.Start(bodies, select, new SseReplayOptions { Delay = TimeSpan.FromMilliseconds(delayMs), WriteSize = writeSize, RedactCredentials = true });
            return new LlmReplayServer(server, files.Select(Path.GetFullPath).ToArray());
        }

        /// <summary>Stops serving (idempotent).</summary>
        public void Stop()
        {
            if (!IsRunning) return;
            IsRunning = false;
            _server.Dispose();
        }

        /// <inheritdoc/>
        public void Dispose() => Stop();

        /// <inheritdoc/>
        public override string ToString() => BaseUri + " (" + Files.Length + " recordings, " + RequestCount + " requests)";
    }
}
