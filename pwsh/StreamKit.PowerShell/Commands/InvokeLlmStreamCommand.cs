using System;
using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Streams a chat completion or a Responses API answer, writing typed deltas to the pipeline as they arrive.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LlmStream", DefaultParameterSetName = DeltaSet)]
    [OutputType(typeof(LlmDelta), ParameterSetName = new[] { DeltaSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { TextSet })]
    [OutputType(typeof(LlmResult), ParameterSetName = new[] { FinalSet })]
    public sealed class InvokeLlmStreamCommand : PSCmdlet
    {
        private const string DeltaSet = "Delta";
        private const string TextSet = "Text";
        private const string FinalSet = "Final";
        private const string LastResultVariable = "global:StreamKitLastResult";
        private static readonly HttpClient Http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        private CancellationTokenSource? _cts;

        /// <summary>The user's prompt; from the pipeline, each string is one request.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        /// <summary>Whole messages (hashtables or objects with role and content; tool calls and tool results for a tool loop; results of earlier calls).</summary>
        [Parameter]
        public object[]? Message { get; set; }

        /// <summary>A system prompt (chat: a first system message; Responses: instructions).</summary>
        [Parameter]
        public string? SystemPrompt { get; set; }

        /// <summary>The model; default $env:STREAMKIT_MODEL.</summary>
        [Parameter]
        public string? Model { get; set; }

        /// <summary>The API root; default $env:STREAMKIT_BASE_URI, $env:OPENAI_BASE_URL, else https://api.openai.com/v1.</summary>
        [Parameter]
        public Uri? BaseUri { get; set; }

        /// <summary>The API key; default $env:STREAMKIT_API_KEY, else $env:OPENAI_API_KEY. Never shown or recorded.</summary>
        [Parameter]
        public SecureString? ApiKey { get; set; }

        /// <summary>Chat (default) or Responses.</summary>
        [Parameter]
        [ValidateSet("Chat", "Responses")]
        public string Api { get; set; } = "Chat";

        /// <summary>Tool definitions: @{ name; description; parameters } or the API's own shape.</summary>
        [Parameter]
        public object[]? Tool { get; set; }

        /// <summary>The most tokens to generate.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxTokens { get; set; }

        /// <summary>Sampling temperature.</summary>
        [Parameter]
        [ValidateRange(0.0, 2.0)]
        public double? Temperature { get; set; }

        /// <summary>Extra headers (router and gateway headers).</summary>
        [Parameter]
        public Hashtable? Header { get; set; }

        /// <summary>Extra body members passed through untouched: a hashtable or a JSON object text.</summary>
        [Parameter]
        public object? ExtraBody { get; set; }

        /// <summary>Seconds for the whole request, retries included (default: none).</summary>
        [Parameter]
        [ValidateRange(0.001, 31536000.0)]
        public double? TimeoutSec { get; set; }

        /// <summary>Seconds to wait for the response headers, per attempt (default 100).</summary>
        [Parameter]
        [ValidateRange(0.001, 31536000.0)]
        public double? ResponseTimeoutSec { get; set; }

        /// <summary>Seconds to wait for the first content (default 120).</summary>
        [Parameter]
        [ValidateRange(0.001, 31536000.0)]
        public double? FirstContentTimeoutSec { get; set; }

        /// <summary>Seconds of silence allowed between reads; keep-alive comments count as activity (default 90).</summary>
        [Parameter]
        [ValidateRange(0.001, 31536000.0)]
        public double? IdleTimeoutSec { get; set; }

        /// <summary>Retries before any content (default 2; 0 turns them off).</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int? MaxRetry { get; set; }

        /// <summary>Seconds of the first backoff wait, doubled each retry (default 1).</summary>
        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double? RetryDelaySec { get; set; }

        /// <summary>The longest wait between attempts, whatever Retry-After asks (default 60).</summary>
        [Parameter]
        [ValidateRange(0.0, 3600.0)]
        public double? MaxRetryDelaySec { get; set; }

        /// <summary>The most text the answer may accumulate, in characters (default 64 Mi).</summary>
        [Parameter]
        [ValidateRange(1L, long.MaxValue)]
        public long? MaxTextChars { get; set; }

        /// <summary>The most tool calls or output items (default 4096).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxItems { get; set; }

        /// <summary>The most body bytes (default 1 GiB).</summary>
        [Parameter]
        [ValidateRange(1L, long.MaxValue)]
        public long? MaxStreamBytes { get; set; }

        /// <summary>The largest SSE event, in bytes (default 16 MiB).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxEventBytes { get; set; }

        /// <summary>Records the SSE body as received to this file (never the key), for replay in tests.</summary>
        [Parameter]
        public string? RecordPath { get; set; }

        /// <summary>Writes plain text pieces instead of delta objects.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TextSet)]
        public SwitchParameter AsText { get; set; }

        /// <summary>Writes only the final message (an LlmResult).</summary>
        [Parameter(Mandatory = true, ParameterSetName = FinalSet)]
        public SwitchParameter Final { get; set; }

        /// <summary>Writes the typed chunks (chat) or events (Responses) themselves instead of deltas.</summary>
        [Parameter(ParameterSetName = DeltaSet)]
        public SwitchParameter Raw { get; set; }

        /// <summary>
        /// Shows the text live on the console and writes the final message at the end. By default this happens only when
        /// the command ends a pipeline at an interactive console; -Live forces it, -Live:$false turns it off.
        /// </summary>
        [Parameter(ParameterSetName = DeltaSet)]
        public SwitchParameter Live { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            using var invocation = BuildInvocation();
            WriteVerbose(invocation.Describe());
            _cts = new CancellationTokenSource();
            var progress = new ProgressRecord(0x5354524D, "Invoke-LlmStream", "Sending the request");
            var clock = Stopwatch.StartNew();
            try
            {
                LlmStream? stream = Open(invocation, progress, clock);
                if (stream is null)
                {
                    // Stopped (or failed on a parameter) before any stream: the last result says so rather than showing an older one.
                    if (_cts.IsCancellationRequested) SessionState.PSVariable.Set(LastResultVariable, LlmResult.FromValue(null, "cancelled", null, "Stopped before the stream started."));
                    return;
                }
                Pump(stream, progress, clock);
            }
            finally
            {
                Interlocked.Exchange(ref _cts, null)?.Dispose();
            }
        }

        /// <inheritdoc/>
        protected override void StopProcessing()
        {
            try
            {
                Volatile.Read(ref _cts)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request had already finished.
            }
        }

        private LlmInvocation BuildInvocation()
        {
            var invocation = new LlmInvocation
            {
                Api = Api == "Responses" ? LlmApi.Responses : LlmApi.Chat,
                Model = Model,
                BaseUri = BaseUri,
                ApiKey = ApiKey is null ? null : new System.Net.NetworkCredential("", ApiKey).Password,
                Prompt = Prompt,
                SystemPrompt = SystemPrompt,
                MaxTokens = MaxTokens,
                Temperature = Temperature,
                Headers = Header,
                ExtraBody = PlainValues.From(ExtraBody),
                RecordPath = RecordPath is null ? null : GetUnresolvedProviderPathFromPSPath(RecordPath),
            };
            foreach (var m in Message ?? Array.Empty<object>()) invocation.Messages.Add(PlainValues.From(m));
            foreach (var t in Tool ?? Array.Empty<object>()) invocation.Tools.Add(PlainValues.From(t));
            var o = invocation.Options;
            o.MalformedEvents = MalformedEventHandling.Skip;
            if (TimeoutSec is double total) o.Timeouts.Total = TimeSpan.FromSeconds(total);
            if (ResponseTimeoutSec is double response) o.Timeouts.Response = TimeSpan.FromSeconds(response);
            if (FirstContentTimeoutSec is double first) o.Timeouts.FirstContent = TimeSpan.FromSeconds(first);
            if (IdleTimeoutSec is double idle) o.Timeouts.Idle = TimeSpan.FromSeconds(idle);
            if (MaxRetry is int retries) o.Retry.MaxRetries = retries;
            if (RetryDelaySec is double delay) o.Retry.BaseDelay = TimeSpan.FromSeconds(delay);
            if (MaxRetryDelaySec is double maxDelay) o.Retry.MaxDelay = TimeSpan.FromSeconds(maxDelay);
            if (MaxTextChars is long text) o.Limits.MaxTextChars = text;
            if (MaxItems is int items) o.Limits.MaxItems = items;
            if (MaxStreamBytes is long bytes) o.Limits.MaxStreamBytes = bytes;
            if (MaxEventBytes is int eventBytes) o.Limits.MaxEventBytes = eventBytes;
            return invocation;
        }

        /// <summary>Sends the request, showing progress while waiting; null when stopped.</summary>
        private LlmStream? Open(LlmInvocation invocation, ProgressRecord progress, Stopwatch clock)
        {
            Task<LlmStream> open;
            try
            {
                open = invocation.OpenAsync(Http, _cts!.Token);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidRequest", null));
                return null;
            }
            // Wait on the handle, not Task.Wait: a faulted task must rethrow its own exception (GetResult below), not an AggregateException.
            while (!((IAsyncResult)open).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(250)))
            {
                if (Stopping) continue;
                progress.StatusDescription = "Waiting for the response (" + clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s)";
                WriteProgress(progress);
            }
            try
            {
                return open.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cts!.IsCancellationRequested)
            {
                return null;
            }
            catch (ArgumentException ex)
            {
                SessionState.PSVariable.Set(LastResultVariable, LlmResult.FromValue(null, "invalid_request", null, ex.Message));
                ThrowTerminatingError(ErrorRecords.InvalidArgument(ex, "InvalidRequest", null));
                return null;
            }
            catch (LlmStreamException ex)
            {
                CompleteProgress(progress);
                var partial = LlmResult.FromValue(null, ex.OutcomeName, null, ex.Message);
                SessionState.PSVariable.Set(LastResultVariable, partial);
                ThrowTerminatingError(ErrorRecords.ForOutcome(ex, partial));
                return null;
            }
        }

        private void Pump(LlmStream stream, ProgressRecord progress, Stopwatch clock)
        {
            bool live = ParameterSetName == DeltaSet && !Raw && (MyInvocation.BoundParameters.ContainsKey(nameof(Live)) ? Live.ToBool() : WatchedAtConsole());
            var liveText = live ? new LiveText(TimeSpan.FromMilliseconds(50), () => clock.Elapsed) : null;
            bool content = false;
            bool published = false;
            // -Final needs no items: the stream is read by its reduce-only path.
            using (var pump = new StreamPump(stream, _cts!.Token, items: ParameterSetName != FinalSet))
            try
            {
                while (true)
                {
                    var step = pump.Next(TimeSpan.FromMilliseconds(250));
                    foreach (var skipped in pump.TakeSkipped()) WriteError(ErrorRecords.MalformedChunk(skipped));
                    if (step == PumpStep.End) break;
                    if (step == PumpStep.Waiting)
                    {
                        if (!content && stream.Statistics.TimeToFirstDelta is not null)
                        {
                            content = true;
                            CompleteProgress(progress);
                        }
                        if (!content && !Stopping)
                        {
                            progress.StatusDescription = "Waiting for the first token (" + clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s)";
                            WriteProgress(progress);
                        }
                        continue;
                    }
                    var item = pump.Current!;
                    if (ParameterSetName == DeltaSet && Raw) WriteObject(item);
                    foreach (var delta in DeltaMapper.Map(item))
                    {
                        if (!content && delta.Kind is LlmDeltaKind.Text or LlmDeltaKind.Reasoning or LlmDeltaKind.Refusal or LlmDeltaKind.ToolCall)
                        {
                            content = true;
                            CompleteProgress(progress);
                        }
                        if (liveText is not null)
                        {
                            if (liveText.Add(delta) is { } text) Host.UI.Write(text);
                        }
                        else if (ParameterSetName == TextSet)
                        {
                            if (delta.Kind == LlmDeltaKind.Text && delta.Text is { } t) WriteObject(t);
                        }
                        else if (ParameterSetName == DeltaSet && !Raw)
                        {
                            WriteObject(delta);
                        }
                    }
                }
                CompleteProgress(progress);
                if (liveText?.Flush() is { } rest) Host.UI.Write(rest);
                if (liveText is not null) Host.UI.WriteLine();
                var streamResult = stream.Result!;
                var result = LlmResult.From(streamResult);
                SessionState.PSVariable.Set(LastResultVariable, result);
                published = true;
                if (streamResult.Outcome == StreamOutcome.Cancelled && (Stopping || _cts.IsCancellationRequested)) return;
                WriteVerbose("Outcome: " + result.Outcome + "; " + streamResult.Statistics.Items + " items, " + streamResult.Statistics.Deltas + " deltas in "
                    + streamResult.Statistics.Elapsed.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms");
                if (streamResult.Error is { } error) ThrowTerminatingError(ErrorRecords.ForOutcome(error, result));
                if (ParameterSetName == FinalSet || live) WriteObject(result);
            }
            finally
            {
                if (!published)
                {
                    // Stopped (Ctrl+C) while writing: the partial message stays reachable all the same.
                    var partial = LlmResult.FromValue(stream.Snapshot(), stream.Result?.OutcomeName ?? "cancelled", stream.Statistics, stream.Result?.Error?.Message);
                    SessionState.PSVariable.Set(LastResultVariable, partial);
                }
            }
        }

        private void CompleteProgress(ProgressRecord progress)
        {
            if (progress.RecordType == ProgressRecordType.Completed) return;
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        /// <summary>A person is watching: this command ends the pipeline, at an interactive console whose output is not redirected.</summary>
        private bool WatchedAtConsole() =>
            MyInvocation.PipelinePosition == MyInvocation.PipelineLength
            && Host.Name == "ConsoleHost"
            && Environment.UserInteractive
            && !Console.IsOutputRedirected;
    }
}
