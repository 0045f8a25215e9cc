using System;
using System.IO;
using System.Linq;
using System.Reflection;
using StreamKit.Tests.Support;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>Where the built module folder is (artifacts/module/StreamKit), and a MetadataLoadContext over its assembly.</summary>
    public static class ModuleFolder
    {
        public static string Root => Path.Combine(TestPaths.RepoRoot, "artifacts", "module", "StreamKit");

        public static string Path_(string relative) => Path.Combine(Root, relative);

        /// <summary>A MetadataLoadContext that can read the cmdlet assembly: its dependencies, the reference SMA, and this runtime.</summary>
        public static MetadataLoadContext OpenMetadata()
        {
            string sma = Path.Combine(PowerShellStandardRoot(), "lib", "netstandard2.0", "System.Management.Automation.dll");
            var paths = Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll")
                .Concat(Directory.GetFiles(Path.Combine(Root, "dependencies"), "*.dll"))
                .Append(Path.Combine(Root, "StreamKit.PowerShell.dll"))
                .Append(sma);
            return new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        }

        private static string PowerShellStandardRoot()
        {
            string? root = typeof(ModuleFolder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "PowerShellStandard")?.Value;
            if (string.IsNullOrEmpty(root) || !Directory.Exists(root)) throw new InvalidOperationException("PowerShellStandard.Library was not restored (" + root + ")");
            return root!;
        }
    }
}
