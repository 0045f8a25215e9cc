using System;
using System.IO;

namespace StreamKit.Cli.Commands
{
    /// <summary>Reading a recorded stream file and checking that its API is one the CLI handles.</summary>
    internal static class Inputs
    {
        public static bool TryReadStream(string path, string? api, TextWriter stderr, out byte[] bytes, out StreamApi kind, out int exitCode)
        {
            bytes = Array.Empty<byte>();
            kind = StreamApi.Chat;
            exitCode = ExitCodes.Usage;
            if (!File.Exists(path))
            {
                stderr.WriteLine("streamkit: no such file: " + path);
                return false;
            }
            bytes = File.ReadAllBytes(path);
            try
            {
                kind = ApiDetector.Parse(api) ?? ApiDetector.Detect(bytes);
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine("streamkit: " + ex.Message);
                return false;
            }
            exitCode = ExitCodes.Completed;
            return true;
        }
    }
}
