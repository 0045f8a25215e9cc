using System;
using System.IO;

namespace StreamKit.Cli.Commands
{
    /// <summary>Reading a recorded stream file and checking that its API is one the CLI handles.</summary>
    internal static class Inputs
    {
        public static bool TryReadStream(string path, string? api, TextWriter stderr, out byte[] bytes, out int exitCode)
        {
            bytes = Array.Empty<byte>();
            exitCode = ExitCodes.Usage;
            if (!File.Exists(path))
            {
                stderr.WriteLine("streamkit: no such file: " + path);
                return false;
            }
            bytes = File.ReadAllBytes(path);
            StreamApi kind;
            try
            {
                kind = ApiDetector.Parse(api) ?? ApiDetector.Detect(bytes);
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine("streamkit: " + ex.Message);
                return false;
            }
            return CheckSupported(kind, stderr, out exitCode);
        }

        public static bool CheckSupported(StreamApi kind, TextWriter stderr, out int exitCode)
        {
            exitCode = ExitCodes.Completed;
            if (kind == StreamApi.Chat) return true;
            stderr.WriteLine("streamkit: this is a Responses API stream; this version handles Chat Completions streams only (--api chat)");
            exitCode = ExitCodes.Usage;
            return false;
        }
    }
}
