using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace StreamKit.Generators.Tests
{
    /// <summary>One test per diagnostic ID: each is reported, with its severity, at the right place.</summary>
    public class DiagnosticTests
    {
        private static Diagnostic Only(string schema, string id)
        {
            var (result, _, _) = GeneratorHarness.Run(schema);
            var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
            Assert.True(matching.Count >= 1, "expected " + id + ", got: " + string.Join("; ", result.Diagnostics));
            var d = matching[0];
            Assert.Equal("/schemas/test.schema.json", d.Location.GetLineSpan().Path);
            Assert.False(string.IsNullOrEmpty(d.Descriptor.HelpLinkUri));
            return d;
        }

        private const string Obj = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";

        [Fact]
        public void SKG1001_invalid_json_points_at_the_offending_character()
        {
            var d = Only("{\n  \"$defs\": {,}\n}", "SKG1001");
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(1, d.Location.GetLineSpan().StartLinePosition.Line);
        }

        [Fact]
        public void SKG1002_unresolved_ref()
        {
            var d = Only("{\"$defs\":{\"A\":{\"type\":\"object\",\"properties\":{\"b\":{\"$ref\":\"#/$defs/Missing\"}}}}}", "SKG1002");
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains("#/$defs/Missing", d.GetMessage());
        }

        [Fact]
        public void SKG1003_nothing_to_generate() =>
            Assert.Equal(DiagnosticSeverity.Warning, Only("{\"title\":\"empty\"}", "SKG1003").Severity);

        [Fact]
        public void SKG1004_a_language_version_below_11_is_an_error_and_nothing_is_generated()
        {
            var (result, _, _) = GeneratorHarness.Run("{\"$defs\":{\"A\":" + Obj + "}}", language: LanguageVersion.CSharp10);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "SKG1004");
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains("10.0", d.GetMessage());
            Assert.Empty(result.GeneratedSources);
            var (ok, _, _) = GeneratorHarness.Run("{\"$defs\":{\"A\":" + Obj + "}}", language: LanguageVersion.CSharp11);
            Assert.DoesNotContain(ok.Diagnostics, x => x.Id == "SKG1004");
            Assert.NotEmpty(ok.GeneratedSources);
        }

        [Fact]
        public void SKG1005_a_schema_without_a_namespace_says_which_default_was_used()
        {
            var (result, _, _) = GeneratorHarness.Run("{\"$defs\":{\"A\":" + Obj + "}}", ns: null);
            var d = Assert.Single(result.Diagnostics, x => x.Id == "SKG1005");
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("StreamKit.Generated", d.GetMessage());
            Assert.Contains("StreamKitNamespace", d.GetMessage());
            Assert.Equal("/schemas/test.schema.json", d.Location.GetLineSpan().Path);
            var (named, _, _) = GeneratorHarness.Run("{\"x-streamkit\":{\"namespace\":\"Own\"},\"$defs\":{\"A\":" + Obj + "}}", ns: null);
            Assert.DoesNotContain(named.Diagnostics, x => x.Id == "SKG1005");
        }

        [Fact]
        public void A_json_file_is_a_schema_when_it_carries_StreamKit_metadata_and_ignored_otherwise()
        {
            var (withMetadata, _, _) = GeneratorHarness.Run("{\"$defs\":{\"A\":" + Obj + "}}", path: "/schemas/events.json", ns: "Gen.Events");
            Assert.NotEmpty(withMetadata.GeneratedSources);
            var (without, _, _) = GeneratorHarness.Run("{\"$defs\":{\"A\":" + Obj + "}}", path: "/schemas/settings.json", ns: null);
            Assert.Empty(without.GeneratedSources);
            Assert.Empty(without.Diagnostics);
        }

        [Fact]
        public void SKG2001_union_of_objects_without_discriminator() =>
            Assert.Equal(DiagnosticSeverity.Warning, Only("{\"$defs\":{\"U\":{\"anyOf\":[" + Obj + "," + Obj + "]}}}", "SKG2001").Severity);

        [Fact]
        public void SKG2002_union_variant_without_tag()
        {
            var d = Only("{\"$defs\":{\"U\":{\"oneOf\":[{\"$ref\":\"#/$defs/A\"},{\"$ref\":\"#/$defs/B\"}]},\"A\":{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"a\"}}},\"B\":" + Obj + "}}", "SKG2002");
            Assert.Contains("'B'", d.GetMessage());
        }

        [Fact]
        public void SKG2003_ambiguous_tag()
        {
            var d = Only("{\"$defs\":{\"U\":{\"oneOf\":[{\"$ref\":\"#/$defs/A\"},{\"$ref\":\"#/$defs/B\"}]},\"A\":{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"message\"}}},\"B\":{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"message\"}}}}}", "SKG2003");
            Assert.Contains("'message'", d.GetMessage());
        }

        [Fact]
        public void SKG2004_unsupported_keyword() =>
            Assert.Contains("'not'", Only("{\"$defs\":{\"A\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"not\":{\"const\":\"x\"}}}}}}", "SKG2004").GetMessage());

        [Theory]
        [InlineData("{\"type\":\"integer\",\"x-streamkit-rare\":true}", "required value")]
        [InlineData("{\"const\":\"x\",\"x-streamkit-rare\":true}", "constant")]
        [InlineData("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"array\",\"items\":{\"type\":\"string\"}}],\"x-streamkit-rare\":true}", "alternates")]
        public void SKG2005_rare_mark_that_cannot_apply(string member, string why)
        {
            var d = Only("{\"$defs\":{\"A\":{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":" + member + ",\"b\":{\"type\":\"string\",\"x-streamkit-rare\":true}}}}}", "SKG2005");
            Assert.Contains("'a'", d.GetMessage());
            Assert.Contains(why, d.GetMessage());
            // The plain nullable member beside it is rare: one warning only.
            var (result, _, _) = GeneratorHarness.Run("{\"$defs\":{\"A\":{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":" + member + ",\"b\":{\"type\":\"string\",\"x-streamkit-rare\":true}}}}}");
            Assert.Single(result.Diagnostics, x => x.Id == "SKG2005");
        }

        [Fact]
        public void SKG3001_name_collision_is_renamed()
        {
            var d = Only("{\"$defs\":{\"A\":{\"type\":\"object\",\"properties\":{\"foo_bar\":{\"type\":\"string\"},\"foo-bar\":{\"type\":\"string\"}}}}}", "SKG3001");
            Assert.Contains("FooBar2", d.GetMessage());
        }

        private static string Reducer(string sourceProps, string targetProps, string extra = "") =>
            "{\"x-streamkit-reducer\":{\"name\":\"R\",\"from\":\"#/$defs/S\",\"into\":\"#/$defs/T\"},\"$defs\":{" +
            "\"S\":{\"type\":\"object\",\"properties\":{" + sourceProps + "}}," +
            "\"T\":{\"type\":\"object\",\"properties\":{" + targetProps + "}}" + extra + "}}";

        [Fact]
        public void SKG4001_unknown_reduce_op() =>
            Assert.Equal(DiagnosticSeverity.Error, Only(Reducer("\"a\":{\"type\":\"string\",\"x-streamkit-reduce\":\"sum\"}", "\"a\":{\"type\":\"string\"}"), "SKG4001").Severity);

        [Fact]
        public void SKG4002_op_that_does_not_fit_the_type() =>
            Assert.Contains("append", Only(Reducer("\"n\":{\"type\":\"integer\",\"x-streamkit-reduce\":\"append\"}", "\"n\":{\"type\":\"integer\"}"), "SKG4002").GetMessage());

        [Fact]
        public void SKG4003_target_property_missing() =>
            Assert.Contains("'nowhere'", Only(Reducer("\"a\":{\"type\":\"string\",\"x-streamkit-reduce\":{\"op\":\"append\",\"into\":\"nowhere\"}}", "\"a\":{\"type\":\"string\"}"), "SKG4003").GetMessage());

        [Fact]
        public void SKG4004_types_that_cannot_convert() =>
            Assert.Equal(DiagnosticSeverity.Error, Only(Reducer("\"a\":{\"type\":\"boolean\",\"x-streamkit-reduce\":\"last\"}", "\"a\":{\"type\":\"string\"}"), "SKG4004").Severity);

        [Fact]
        public void SKG4005_invalid_reducer_declaration() =>
            Assert.Equal(DiagnosticSeverity.Error, Only("{\"x-streamkit-reducer\":{\"name\":\"R\",\"from\":\"#/$defs/S\"},\"$defs\":{\"S\":" + Obj + "}}", "SKG4005").Severity);

        [Fact]
        public void SKG4006_merge_by_key_without_integer_key() =>
            Assert.Contains("'index'", Only(Reducer(
                "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}},\"x-streamkit-reduce\":\"merge-by-key\"}",
                "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}"), "SKG4006").GetMessage());

        [Fact]
        public void SKG4007_event_path_that_exists_nowhere_in_the_target()
        {
            var d = Only("{\"x-streamkit-reducer\":{\"name\":\"R\",\"kind\":\"events\",\"from\":\"#/$defs/E\",\"into\":\"#/$defs/T\"},\"$defs\":{" +
                "\"E\":{\"oneOf\":[{\"$ref\":\"#/$defs/D\"},{\"$ref\":\"#/$defs/F\"}]}," +
                "\"F\":{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"f\"}}}," +
                "\"D\":{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"d\"},\"i\":{\"type\":\"integer\"},\"delta\":{\"type\":\"string\"}}," +
                "\"x-streamkit-event\":[{\"op\":\"append\",\"path\":\"items[i].nope\",\"value\":\"delta\"}]}," +
                "\"T\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}}}}}}", "SKG4007");
            Assert.Contains("'nope'", d.GetMessage());
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        }

        [Fact]
        public void Every_descriptor_is_tested_and_documented()
        {
            string doc = System.IO.File.ReadAllText(System.IO.Path.Combine(GeneratorHarness.RepoRoot, "generators", "DIAGNOSTICS.md"));
            var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name.Split('_')[0]).Where(n => n.StartsWith("SKG")).ToHashSet();
            foreach (var d in StreamKitGenerator.Descriptors.All)
            {
                Assert.Contains(d.Id, tested);
                Assert.Contains("## " + d.Id, doc);
            }
        }
    }
}
