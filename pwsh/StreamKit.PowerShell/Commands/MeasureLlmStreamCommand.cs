using System;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Measures a stream: time to first delta, deltas per second, token usage and outcome, from a live call's result or a recording.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "LlmStream", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(LlmMeasurement))]
    public sealed class MeasureLlmStreamCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string ResultSet = "Result";
        private static readonly HttpClient Http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        private CancellationTokenSource? _cts;

        /// <summary>Recorded .sse files (wildcards allowed).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Alias("FullName")]
        public string[]? Path { get; set; }

        /// <summary>A result of Invoke-LlmStream -Final (or $StreamKitLastResult).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public LlmResult? InputObject { get; set; }

        /// <summary>Chat or Responses; detected from the recording when omitted.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateSet("Chat", "Responses")]
        public string? Api { get; set; }

        /// <summary>Serves each recording from a loopback endpoint and measures it through the HTTP client (real timings), instead of reading the file.</summary>
        [Parameter(ParameterSetName = PathSet)]
        public SwitchParameter Replay { get; set; }

        /// <summary>With -Replay: the pause between events, in milliseconds.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [ValidateRange(0, 60000)]
        public int DelayMs { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ResultSet)
            {
                try
                {
                    WriteObject(LlmMeasurement.From(InputObject!));
                }
                catch (ArgumentException ex)
                {
                    WriteError(ErrorRecords.InvalidArgument(ex, "NoStatistics", InputObject));
                }
                return;
            }
            foreach (var pattern in Path!)
            {
                foreach (var file in GetResolvedProviderPathFromPSPath(pattern, out _))
                {
                    var result = Replay ? MeasureReplay(file) : MeasureFile(file);
                    if (result is not null) WriteObject(LlmMeasurement.From(result));
                }
            }
        }

        /// <inheritdoc/>
        protected override void StopProcessing() => _cts?.Cancel();

        private LlmApi DetectApi(byte[] bytes)
        {
            if (Api is not null) return Api == "Responses" ? LlmApi.Responses : LlmApi.Chat;
            var converter = new SseConverter(null, asSseEvents: false);
            try
            {
                converter.Add(bytes.Length > 1 << 20 ? bytes.AsSpan(0, 1 << 20).ToArray() : bytes);
            }
            catch (Sse.SseFormatException)
            {
            }
            return converter.Api ?? LlmApi.Chat;
        }

        private LlmResult? MeasureFile(string file)
        {
            byte[] bytes = File.ReadAllBytes(file);
            using LlmStream stream = DetectApi(bytes) == LlmApi.Responses
                ? ResponseStream.FromStream(new MemoryStream(bytes))
                : ChatCompletionStream.FromStream(new MemoryStream(bytes));
            return Run(stream);
        }

        private LlmResult? MeasureReplay(string file)
        {
            var api = DetectApi(File.ReadAllBytes(file));
            using var server = LlmReplayServer.Start(new[] { file }, null, DelayMs);
            using var invocation = new LlmInvocation { Api = api, BaseUri = server.BaseUri, Model = "replay", ApiKey = "", Prompt = "measure " + System.IO.Path.GetFileName(file) };
            _cts = new CancellationTokenSource();
            try
            {
                using var stream = invocation.OpenAsync(Http, _cts.Token).GetAwaiter().GetResult();
                return Run(stream);
            }
            catch (LlmStreamException ex)
            {
                WriteError(ErrorRecords.ForOutcome(ex, file));
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            finally
            {
                _cts.Dispose();
                _cts = null;
            }
        }

        private LlmResult Run(LlmStream stream)
        {
            _cts ??= new CancellationTokenSource();
            var result = stream.ReduceAsync(null, _cts.Token).GetAwaiter().GetResult();
            return LlmResult.From(result);
        }
    }
}
