using System.Collections.Generic;

namespace StreamKit.PowerShell
{
    /// <summary>The replay servers this session started, so that removing the module stops them.</summary>
    internal static class ReplayServers
    {
        private static readonly List<LlmReplayServer> Running = new List<LlmReplayServer>();

        public static void Add(LlmReplayServer server)
        {
            lock (Running) Running.Add(server);
        }

        public static void Remove(LlmReplayServer server)
        {
            lock (Running) Running.Remove(server);
        }

        public static void StopAll()
        {
            lock (Running)
            {
                foreach (var s in Running) s.Stop();
                Running.Clear();
            }
        }
    }
}
