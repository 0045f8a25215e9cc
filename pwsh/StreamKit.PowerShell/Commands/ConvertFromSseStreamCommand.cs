using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Sse;

namespace StreamKit.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Converts Server-Sent Events text, bytes or files into typed chunks (chat) or events (Responses), offline.</para>
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "SseStream", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(ChatCompletionChunk), typeof(IResponseStreamEvent), typeof(SseEventRecord))]
    public sealed class ConvertFromSseStreamCommand : PSCmdlet
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";
        private SseConverter? _converter;

        /// <summary>SSE text (lines from Get-Content, or a whole body) or bytes.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>Recorded .sse files (wildcards allowed); each is converted on its own.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Alias("FullName")]
        public string[]? Path { get; set; }

        /// <summary>Chat or Responses; detected from the first event when omitted.</summary>
        [Parameter]
        [ValidateSet("Chat", "Responses")]
        public string? Api { get; set; }

        /// <summary>Writes the SSE events themselves (type, data, id, index, offset) instead of parsing their data.</summary>
        [Parameter]
        public SwitchParameter AsSseEvent { get; set; }

        private SseConverter NewConverter() =>
            new SseConverter(Api is null ? null : Api == "Responses" ? LlmApi.Responses : LlmApi.Chat, AsSseEvent.IsPresent);

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                foreach (var pattern in Path!)
                {
                    foreach (var file in GetResolvedProviderPathFromPSPath(pattern, out _))
                    {
                        var converter = NewConverter();
                        Emit(() => converter.Add(File.ReadAllBytes(file)), file);
                        Emit(converter.Complete, file);
                    }
                }
                return;
            }
            var input = PlainValues.From(InputObject);
            if (input is FileInfo piped)
            {
                // Get-ChildItem *.sse | ConvertFrom-SseStream: each file is converted on its own.
                var perFile = NewConverter();
                Emit(() => perFile.Add(File.ReadAllBytes(piped.FullName)), piped.FullName);
                Emit(perFile.Complete, piped.FullName);
                return;
            }
            _converter ??= NewConverter();
            switch (input)
            {
                case null:
                    return;
                case byte single:
                    // Get-Content -AsByteStream without -Raw sends one byte at a time.
                    Emit(() => _converter.Add(new[] { single }), InputObject);
                    break;
                case byte[] bytes:
                    Emit(() => _converter.Add(bytes), InputObject);
                    break;
                case string text:
                    Emit(() => _converter.Add(text), InputObject);
                    break;
                case System.Collections.IEnumerable list:
                    // A byte array that PowerShell enumerated into objects.
                    var buffer = new List<byte>();
                    foreach (var b in list) buffer.Add(Convert.ToByte(b, System.Globalization.CultureInfo.InvariantCulture));
                    Emit(() => _converter.Add(buffer.ToArray()), InputObject);
                    break;
                default:
                    Emit(() => _converter.Add(Convert.ToString(InputObject, System.Globalization.CultureInfo.InvariantCulture) ?? ""), InputObject);
                    break;
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_converter is { } converter) Emit(converter.Complete, null);
        }

        private void Emit(Func<IEnumerable<object>> produce, object? target)
        {
            IEnumerable<object> items;
            try
            {
                items = produce();
            }
            catch (SseFormatException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "StreamKit.LimitExceeded", ErrorCategory.LimitsExceeded, target));
                return;
            }
            foreach (var item in items)
            {
                if (item is MalformedStreamException malformed) WriteError(ErrorRecords.MalformedChunk(malformed));
                else WriteObject(item);
            }
        }
    }
}
