using System;
using System.Management.Automation;

namespace StreamKit.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Merges chunks, events or deltas from the pipeline into the final message, as the stream's reducer folds them.</para>
    /// </summary>
    [Cmdlet(VerbsData.Merge, "LlmChunk")]
    [OutputType(typeof(LlmResult))]
    public sealed class MergeLlmChunkCommand : PSCmdlet
    {
        private readonly ChunkMerger _merger = new ChunkMerger();

        /// <summary>A chunk, an event, a delta (from Invoke-LlmStream), an SSE event record, or the JSON of a chunk or event.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var items = PlainValues.From(InputObject) is System.Collections.IList list && InputObject is not string ? list : new[] { PlainValues.From(InputObject) };
            foreach (var item in items)
            {
                try
                {
                    _merger.Add(item);
                }
                catch (ArgumentException ex)
                {
                    WriteError(ErrorRecords.InvalidArgument(ex, "UnmergeableItem", item));
                }
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing() => WriteObject(_merger.Result());
    }
}
