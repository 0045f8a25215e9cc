using System.Management.Automation;

namespace StreamKit.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops a replay endpoint started by Start-LlmReplayServer.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "LlmReplayServer")]
    [OutputType(typeof(void))]
    public sealed class StopLlmReplayServerCommand : PSCmdlet
    {
        /// <summary>The server to stop.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public LlmReplayServer? Server { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Server!.Stop();
            ReplayServers.Remove(Server);
        }
    }
}
