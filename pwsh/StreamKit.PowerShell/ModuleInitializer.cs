using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace StreamKit.PowerShell
{
    /// <summary>
    /// Loads the module's engine and its dependencies (StreamKit, System.Text.Json 10, Polly...) from
    /// <c>dependencies/</c> into an AssemblyLoadContext of their own, as PowerShell's guidance on module dependency
    /// conflicts describes, so the module loads next to whatever the host has (PowerShell 7.4 runs on .NET 8 with
    /// System.Text.Json 8; 7.6 on .NET 10). The cmdlet assembly never touches System.Text.Json itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

        private static readonly DependencyLoadContext Context = new DependencyLoadContext(DependencyDirectory);

        private static readonly object Gate = new object();
        private static bool _registered;

        /// <summary>Runs when this assembly loads, before any cmdlet type is used: from then on the engine resolves into the module's context.</summary>
        [ModuleInitializer]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "A PowerShell module must redirect its dependencies before PowerShell reflects over its cmdlets; OnImport runs too late for that.")]
        internal static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                AssemblyLoadContext.Default.Resolving += Resolve;
                _registered = true;
            }
        }

        /// <summary>Registers again after Remove-Module (Import-Module -Force reuses the loaded assembly, so its initializer does not run twice).</summary>
        public void OnImport() => Register();

        /// <inheritdoc/>
        public void OnRemove(PSModuleInfo module)
        {
            ReplayServers.StopAll();
            lock (Gate)
            {
                AssemblyLoadContext.Default.Resolving -= Resolve;
                _registered = false;
            }
        }

        /// <summary>
        /// The assemblies the cmdlet assembly itself references: only these are sent to the module's context. Their own
        /// dependencies (System.Text.Json, Polly) resolve inside it, so other modules never receive StreamKit's copies.
        /// </summary>
        private static readonly string[] Owned = { "StreamKit.PowerShell.Core", "StreamKit", "StreamKit.Replay" };

        private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
        {
            if (name.Name is null || Array.IndexOf(Owned, name.Name) < 0) return null;
            return File.Exists(Path.Combine(DependencyDirectory, name.Name + ".dll")) ? Context.LoadFromAssemblyName(name) : null;
        }

        /// <summary>Resolves what <c>dependencies/</c> holds from there; everything else from the host.</summary>
        private sealed class DependencyLoadContext : AssemblyLoadContext
        {
            private readonly string _directory;

            public DependencyLoadContext(string directory)
                : base("StreamKit", isCollectible: false)
            {
                _directory = directory;
            }

            protected override Assembly? Load(AssemblyName name)
            {
                if (name.Name is null) return null;
                string path = Path.Combine(_directory, name.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
