using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace StreamKit.Tests.PowerShell
{
    /// <summary>
    /// The cmdlet surface, read from the built module assembly with MetadataLoadContext (PowerShell is not installed
    /// here): names and approved verbs, parameter sets, pipeline bindings, mandatory flags, positions, aliases and
    /// OutputType, against the table below; and the manifest's exports equal the cmdlets found.
    /// </summary>
    public sealed class ModuleMetadataTests
    {
        /// <summary>PowerShell's approved verbs (Get-Verb), the ones a module may use.</summary>
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open", "Optimize",
            "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
            "Undo", "Unlock", "Watch", "Connect", "Disconnect", "Read", "Receive", "Send", "Write", "Backup", "Checkpoint", "Compare", "Compress",
            "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount",
            "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update", "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy",
            "Disable", "Enable", "Install", "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall",
            "Unregister", "Wait", "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect", "Use",
        };

        /// <summary>One expected parameter: name, type, then per set "Set:mandatory:position:pipeline" ("*" = all sets).</summary>
        private sealed record P(string Name, string Type, string Binding, params string[] Aliases);

        private sealed record C(string Name, string DefaultSet, string[] OutputTypes, P[] Parameters);

        private static readonly C[] Expected =
        {
            new C("Invoke-LlmStream", "Delta", new[] { "Delta=StreamKit.PowerShell.LlmDelta", "Text=System.String", "Final=StreamKit.PowerShell.LlmResult" }, new[]
            {
                new P("Prompt", "System.String", "*:0:0:value"),
                new P("Message", "System.Object[]", "*:0::"),
                new P("SystemPrompt", "System.String", "*:0::"),
                new P("Model", "System.String", "*:0::"),
                new P("BaseUri", "System.Uri", "*:0::"),
                new P("ApiKey", "System.Security.SecureString", "*:0::"),
                new P("Api", "System.String", "*:0::"),
                new P("Tool", "System.Object[]", "*:0::"),
                new P("MaxTokens", "System.Nullable`1[System.Int32]", "*:0::"),
                new P("Temperature", "System.Nullable`1[System.Double]", "*:0::"),
                new P("Header", "System.Collections.Hashtable", "*:0::"),
                new P("ExtraBody", "System.Object", "*:0::"),
                new P("TimeoutSec", "System.Nullable`1[System.Double]", "*:0::"),
                new P("ResponseTimeoutSec", "System.Nullable`1[System.Double]", "*:0::"),
                new P("FirstContentTimeoutSec", "System.Nullable`1[System.Double]", "*:0::"),
                new P("IdleTimeoutSec", "System.Nullable`1[System.Double]", "*:0::"),
                new P("MaxRetry", "System.Nullable`1[System.Int32]", "*:0::"),
                new P("RetryDelaySec", "System.Nullable`1[System.Double]", "*:0::"),
                new P("MaxRetryDelaySec", "System.Nullable`1[System.Double]", "*:0::"),
                new P("MaxTextChars", "System.Nullable`1[System.Int64]", "*:0::"),
                new P("MaxItems", "System.Nullable`1[System.Int32]", "*:0::"),
                new P("MaxStreamBytes", "System.Nullable`1[System.Int64]", "*:0::"),
                new P("MaxEventBytes", "System.Nullable`1[System.Int32]", "*:0::"),
                new P("RecordPath", "System.String", "*:0::"),
                new P("AsText", "System.Management.Automation.SwitchParameter", "Text:1::"),
                new P("Final", "System.Management.Automation.SwitchParameter", "Final:1::"),
                new P("Raw", "System.Management.Automation.SwitchParameter", "Delta:0::"),
                new P("Live", "System.Management.Automation.SwitchParameter", "Delta:0::"),
            }),
            new C("ConvertFrom-SseStream", "InputObject", new[] { "StreamKit.Chat.ChatCompletionChunk", "StreamKit.Responses.IResponseStreamEvent", "StreamKit.PowerShell.SseEventRecord" }, new[]
            {
                new P("InputObject", "System.Object", "InputObject:1:0:value"),
                new P("Path", "System.String[]", "Path:1:0:property", "FullName"),
                new P("Api", "System.String", "*:0::"),
                new P("AsSseEvent", "System.Management.Automation.SwitchParameter", "*:0::"),
            }),
            new C("Merge-LlmChunk", "", new[] { "StreamKit.PowerShell.LlmResult" }, new[]
            {
                new P("InputObject", "System.Object", "*:1:0:value"),
            }),
            new C("Measure-LlmStream", "Path", new[] { "StreamKit.PowerShell.LlmMeasurement" }, new[]
            {
                new P("Path", "System.String[]", "Path:1:0:property", "FullName"),
                new P("InputObject", "StreamKit.PowerShell.LlmResult", "Result:1::value"),
                new P("Api", "System.String", "Path:0::"),
                new P("Replay", "System.Management.Automation.SwitchParameter", "Path:0::"),
                new P("DelayMs", "System.Int32", "Path:0::"),
            }),
            new C("Start-LlmReplayServer", "", new[] { "StreamKit.PowerShell.LlmReplayServer" }, new[]
            {
                new P("Path", "System.String[]", "*:0:0:"),
                new P("Rule", "System.Collections.IDictionary", "*:0::"),
                new P("DelayMs", "System.Int32", "*:0::"),
                new P("WriteSize", "System.Int32", "*:0::"),
                new P("Cycle", "System.Management.Automation.SwitchParameter", "*:0::"),
            }),
            new C("Stop-LlmReplayServer", "", new[] { "System.Void" }, new[]
            {
                new P("Server", "StreamKit.PowerShell.LlmReplayServer", "*:1:0:value"),
            }),
        };

        private static Dictionary<string, Type> Cmdlets(MetadataLoadContext mlc)
        {
            var assembly = mlc.LoadFromAssemblyPath(Path.Combine(ModuleFolder.Root, "StreamKit.PowerShell.dll"));
            var found = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var type in assembly.GetExportedTypes())
            {
                var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
                if (cmdlet is null) continue;
                found[cmdlet.ConstructorArguments[0].Value + "-" + cmdlet.ConstructorArguments[1].Value] = type;
            }
            return found;
        }

        private static string TypeName(Type t) =>
            t.IsGenericType ? t.GetGenericTypeDefinition().FullName + "[" + string.Join(",", t.GetGenericArguments().Select(TypeName)) + "]" : t.FullName!;

        private static object? Named(CustomAttributeData a, string name) => a.NamedArguments.FirstOrDefault(n => n.MemberName == name).TypedValue.Value;

        [Fact]
        public void The_assembly_exports_exactly_the_expected_cmdlets_with_approved_verbs()
        {
            using var mlc = ModuleFolder.OpenMetadata();
            var cmdlets = Cmdlets(mlc);
            Assert.Equal(Expected.Select(c => c.Name).OrderBy(n => n), cmdlets.Keys.OrderBy(n => n));
            Assert.All(cmdlets.Keys, name => Assert.Contains(name.Split('-')[0], ApprovedVerbs));
            Assert.All(cmdlets.Values, t => Assert.Equal("System.Management.Automation.PSCmdlet", t.BaseType!.FullName));
        }

        public static TheoryData<string> CmdletNames() => new TheoryData<string>(Expected.Select(c => c.Name));

        [Theory, MemberData(nameof(CmdletNames))]
        public void Each_cmdlet_has_the_expected_parameters_sets_bindings_and_output_types(string name)
        {
            var expected = Expected.Single(c => c.Name == name);
            using var mlc = ModuleFolder.OpenMetadata();
            var type = Cmdlets(mlc)[name];
            var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");
            Assert.Equal(expected.DefaultSet, (string?)Named(cmdlet, "DefaultParameterSetName") ?? "");

            var outputs = new List<string>();
            foreach (var o in type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute"))
            {
                var sets = Named(o, "ParameterSetName") is IReadOnlyCollection<CustomAttributeTypedArgument> s ? s.Select(x => (string)x.Value!).ToList() : new List<string>();
                foreach (var t in (IReadOnlyCollection<CustomAttributeTypedArgument>)o.ConstructorArguments[0].Value!)
                    outputs.Add((sets.Count == 1 ? sets[0] + "=" : "") + ((Type)t.Value!).FullName);
            }
            Assert.Equal(expected.OutputTypes.OrderBy(x => x), outputs.OrderBy(x => x));

            var actual = type.GetProperties().Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute")).ToList();
            Assert.Equal(expected.Parameters.Select(p => p.Name).OrderBy(x => x), actual.Select(p => p.Name).OrderBy(x => x));
            foreach (var p in expected.Parameters)
            {
                var property = actual.Single(a => a.Name == p.Name);
                Assert.Equal(p.Type, TypeName(property.PropertyType));
                var bindings = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").Select(a =>
                {
                    string set = (string?)Named(a, "ParameterSetName") ?? "*";
                    bool mandatory = Named(a, "Mandatory") is true;
                    object? position = Named(a, "Position");
                    string pipeline = Named(a, "ValueFromPipeline") is true ? "value" : Named(a, "ValueFromPipelineByPropertyName") is true ? "property" : "";
                    return set + ":" + (mandatory ? 1 : 0) + ":" + (position is int pos && pos >= 0 ? pos.ToString() : "") + ":" + pipeline;
                });
                Assert.Equal(p.Binding, string.Join(";", bindings));
                var aliases = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "AliasAttribute")
                    .SelectMany(a => ((IReadOnlyCollection<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!));
                Assert.Equal(p.Aliases, aliases);
            }
        }

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlets_the_assembly_defines()
        {
            var manifest = Psd1Reader.Parse(File.ReadAllText(ModuleFolder.Path_("StreamKit.psd1")));
            using var mlc = ModuleFolder.OpenMetadata();
            var exported = ((List<object?>)manifest["CmdletsToExport"]!).Cast<string>().OrderBy(x => x);
            Assert.Equal(Cmdlets(mlc).Keys.OrderBy(x => x), exported);
        }

        [Fact]
        public void Cmdlet_parameters_never_use_System_Text_Json_types_which_would_cross_assembly_load_contexts()
        {
            using var mlc = ModuleFolder.OpenMetadata();
            foreach (var type in Cmdlets(mlc).Values)
            {
                foreach (var p in type.GetProperties())
                {
                    Assert.DoesNotContain("System.Text.Json", p.PropertyType.FullName ?? "");
                }
            }
            var assembly = mlc.LoadFromAssemblyPath(Path.Combine(ModuleFolder.Root, "StreamKit.PowerShell.dll"));
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name == "System.Text.Json");
        }
    }
}
