using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>
    /// The module's dependencies/ folder is complete and self-consistent: its engine runs from a load context of its own
    /// (as the module's initializer sets up), with its own System.Text.Json, converting a recorded stream.
    /// </summary>
    public sealed class ModuleLoadContextTests
    {
        private sealed class DependencyContext : AssemblyLoadContext
        {
            private readonly string _directory;

            public DependencyContext(string directory)
                : base("StreamKit.Test", isCollectible: true) => _directory = directory;

            protected override Assembly? Load(AssemblyName name)
            {
                string path = Path.Combine(_directory, name.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }

        [Fact]
        public void The_engine_runs_from_the_dependency_folder_in_a_context_of_its_own()
        {
            string dependencies = ModuleFolder.Path_("dependencies");
            var context = new DependencyContext(dependencies);
            try
            {
                var core = context.LoadFromAssemblyName(new AssemblyName("StreamKit.PowerShell.Core"));
                Assert.Same(context, AssemblyLoadContext.GetLoadContext(core));
                var converterType = core.GetType("StreamKit.PowerShell.SseConverter", throwOnError: true)!;
                var converter = Activator.CreateInstance(converterType, new object?[] { null, false, null })!;
                var add = converterType.GetMethod("Add", new[] { typeof(byte[]) })!;
                var items = ((IEnumerable)add.Invoke(converter, new object[] { TestPaths.FixtureBytes("chat/parallel-tool-calls-interleaved.sse") })!).Cast<object>().ToList();
                Assert.NotEmpty(items);
                Assert.All(items, i => Assert.Equal("StreamKit.Chat.ChatCompletionChunk", i.GetType().FullName));
                var runtime = items[0].GetType().Assembly;
                Assert.Same(context, AssemblyLoadContext.GetLoadContext(runtime));
                var json = context.Assemblies.Single(a => a.GetName().Name == "System.Text.Json");
                Assert.Equal(Path.Combine(dependencies, "System.Text.Json.dll"), json.Location);
                Assert.NotSame(typeof(System.Text.Json.JsonDocument).Assembly, json);
            }
            finally
            {
                context.Unload();
            }
        }
    }
}
