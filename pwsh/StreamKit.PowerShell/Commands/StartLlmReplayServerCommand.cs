using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace StreamKit.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Starts a local OpenAI-compatible endpoint on 127.0.0.1 that serves recorded .sse files, for offline scripts and Pester tests.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "LlmReplayServer")]
    [OutputType(typeof(LlmReplayServer))]
    public sealed class StartLlmReplayServerCommand : PSCmdlet
    {
        /// <summary>Recordings served by request order: the n-th request gets the n-th file, later ones the last (or all again with -Cycle).</summary>
        [Parameter(Position = 0)]
        public string[]? Path { get; set; }

        /// <summary>Rules: a regular expression matched against "METHOD /path", a newline and the request body → the file to serve. The first match wins.</summary>
        [Parameter]
        public IDictionary? Rule { get; set; }

        /// <summary>Pause between events, in milliseconds.</summary>
        [Parameter]
        [ValidateRange(0, 60000)]
        public int DelayMs { get; set; }

        /// <summary>Bytes per write instead of one event per write.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int WriteSize { get; set; }

        /// <summary>After the last recording, serve them again from the first.</summary>
        [Parameter]
        public SwitchParameter Cycle { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            var files = new List<string>();
            foreach (var pattern in Path ?? Array.Empty<string>())
            {
                try
                {
                    files.AddRange(GetResolvedProviderPathFromPSPath(pattern, out _));
                }
                catch (ItemNotFoundException ex)
                {
                    ThrowTerminatingError(ErrorRecords.InvalidArgument(new ArgumentException("No such recording: " + pattern, ex), "InvalidRecording", pattern));
                }
            }
            IDictionary? rules = null;
            if (Rule is not null)
            {
                rules = new System.Collections.Specialized.OrderedDictionary();
                foreach (DictionaryEntry kv in Rule) rules[kv.Key] = GetUnresolvedProviderPathFromPSPath(Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)!);
            }
            try
            {
                var server = LlmReplayServer.Start(files, rules, DelayMs, WriteSize, Cycle.IsPresent);
                ReplayServers.Add(server);
                WriteVerbose("Serving " + server.Files.Length + " recordings at " + server.BaseUri);
                WriteObject(server);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidRecording", Path));
            }
        }
    }
}
