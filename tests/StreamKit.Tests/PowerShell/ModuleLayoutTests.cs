using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>The module folder the build lays out is what Import-Module takes, and its manifest says what it should.</summary>
    public sealed class ModuleLayoutTests
    {
        private static Dictionary<string, object?> Manifest() => Psd1Reader.Parse(File.ReadAllText(ModuleFolder.Path_("StreamKit.psd1")));

        [Fact]
        public void The_folder_has_the_manifest_root_module_formats_help_and_isolated_dependencies()
        {
            var m = Manifest();
            Assert.True(File.Exists(ModuleFolder.Path_((string)m["RootModule"]!)));
            foreach (var format in (List<object?>)m["FormatsToProcess"]!) Assert.True(File.Exists(ModuleFolder.Path_((string)format!)), "missing " + format);
            Assert.True(File.Exists(ModuleFolder.Path_("en-US/about_StreamKit.help.txt")));
            Assert.True(File.Exists(ModuleFolder.Path_("en-US/StreamKit.PowerShell.dll-Help.xml")));
            var dependencies = Directory.GetFiles(ModuleFolder.Path_("dependencies")).Select(Path.GetFileName).ToList();
            Assert.Contains("StreamKit.dll", dependencies);
            Assert.Contains("StreamKit.PowerShell.Core.dll", dependencies);
            Assert.Contains("StreamKit.Replay.dll", dependencies);
            Assert.Contains("System.Text.Json.dll", dependencies);
            Assert.Contains("Polly.Core.dll", dependencies);
            // The root holds only the cmdlet assembly: PowerShell probes it, and nothing there may shadow the host's assemblies.
            Assert.Equal(new[] { "StreamKit.PowerShell.dll" }, Directory.GetFiles(ModuleFolder.Root, "*.dll").Select(Path.GetFileName));
            Assert.Empty(Directory.GetFiles(ModuleFolder.Root, "System.Management.Automation.dll", SearchOption.AllDirectories));
        }

        [Fact]
        public void The_manifest_declares_version_editions_exports_and_package_data()
        {
            var m = Manifest();
            string version = typeof(StreamKit.PowerShell.LlmResult).Assembly.GetName().Version!.ToString(3);
            Assert.Equal(version, m["ModuleVersion"]);
            Assert.Equal(new object?[] { "Core" }, (List<object?>)m["CompatiblePSEditions"]!);
            Assert.Equal("7.4", m["PowerShellVersion"]);
            Assert.Empty((List<object?>)m["FunctionsToExport"]!);
            Assert.Empty((List<object?>)m["AliasesToExport"]!);
            var psData = (Dictionary<string, object?>)((Dictionary<string, object?>)m["PrivateData"]!)["PSData"]!;
            Assert.Contains("LLM", ((List<object?>)psData["Tags"]!).Cast<string>());
            Assert.StartsWith("https://", (string)psData["ProjectUri"]!);
            Assert.StartsWith("https://", (string)psData["LicenseUri"]!);
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", (string)m["GUID"]!);
        }

        [Fact]
        public void Every_format_view_selects_a_type_the_module_outputs()
        {
            var doc = XDocument.Load(ModuleFolder.Path_("StreamKit.Format.ps1xml"));
            var selected = doc.Descendants("TypeName").Select(e => e.Value).ToList();
            Assert.NotEmpty(selected);
            var core = typeof(StreamKit.PowerShell.LlmResult).Assembly;
            Assert.All(selected, name => Assert.NotNull(core.GetType(name)));
            Assert.Contains("StreamKit.PowerShell.LlmDelta", selected);
            Assert.Contains("StreamKit.PowerShell.LlmResult", selected);
        }

        [Fact]
        public void Help_covers_every_cmdlet_with_a_synopsis_every_parameter_and_examples()
        {
            var doc = XDocument.Load(ModuleFolder.Path_("en-US/StreamKit.PowerShell.dll-Help.xml"));
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
            var entries = doc.Descendants(command + "command").ToDictionary(c => c.Element(command + "details")!.Element(command + "name")!.Value.Trim());
            using var mlc = ModuleFolder.OpenMetadata();
            var assembly = mlc.LoadFromAssemblyPath(Path.Combine(ModuleFolder.Root, "StreamKit.PowerShell.dll"));
            foreach (var type in assembly.GetExportedTypes())
            {
                var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "CmdletAttribute");
                if (cmdlet is null) continue;
                string name = cmdlet.ConstructorArguments[0].Value + "-" + cmdlet.ConstructorArguments[1].Value;
                Assert.True(entries.ContainsKey(name), "no help for " + name);
                var entry = entries[name];
                Assert.False(string.IsNullOrWhiteSpace(entry.Element(command + "details")!.Element(maml + "description")?.Value), name + " has no synopsis");
                Assert.NotEmpty(entry.Descendants(command + "example"));
                var documented = entry.Element(command + "parameters")?.Elements(command + "parameter").Select(p => p.Element(maml + "name")!.Value.Trim()).ToHashSet() ?? new HashSet<string>();
                foreach (var p in type.GetProperties().Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute")))
                    Assert.True(documented.Contains(p.Name), name + " -" + p.Name + " is not documented");
            }
        }
    }
}
