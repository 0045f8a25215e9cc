using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using StreamKit.Generators.Building;
using StreamKit.Generators.Model;
using Xunit;

namespace StreamKit.Generators.Tests
{
    /// <summary>The model (the cache cut-off): equal by value, Roslyn-free, and faithful to the schema.</summary>
    public class ModelTests
    {
        private static StreamSpec Build(string schema, string path = "/s/test.schema.json")
        {
            var result = ModelBuilder.Build(new SchemaFile(path, schema, "Gen.Test", null), TestContext.Current.CancellationToken);
            Assert.NotNull(result.Spec);
            return result.Spec!;
        }

        private static TypeSpec Type(StreamSpec spec, string name) => spec.Types.Single(t => t.Name == name);

        private static PropertySpec Prop(StreamSpec spec, string type, string json) => Type(spec, type).Properties.Single(p => p.JsonName == json);

        [Fact]
        public void The_same_schema_twice_gives_equal_models_with_equal_hashes()
        {
            string chat = GeneratorHarness.Schema("openai/chat.completion.chunk.schema.json");
            var a = Build(chat);
            var b = Build(chat);
            Assert.NotSame(a, b);
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }

        [Fact]
        public void The_model_graph_holds_no_Roslyn_objects()
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            void Walk(object? o)
            {
                if (o is null || o is string || o.GetType().IsPrimitive || o.GetType().IsEnum || !seen.Add(o)) return;
                Assert.False(o.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false, o.GetType().FullName);
                if (o is IEnumerable items) foreach (var i in items) Walk(i);
                foreach (var p in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (p.GetIndexParameters().Length == 0) Walk(p.GetValue(o));
                }
            }
            Walk(Build(GeneratorHarness.Schema("openai/chat.completion.chunk.schema.json")));
            Assert.True(seen.Count > 100);
        }

        [Fact]
        public void The_three_nullable_spellings_mean_the_same_and_required_optional_nullable_stay_distinct()
        {
            var spec = Build("""
            {"$defs":{"T":{"type":"object","required":["a","b","c","req"],"properties":{
              "a":{"type":"string","nullable":true},
              "b":{"type":["string","null"]},
              "c":{"anyOf":[{"type":"string"},{"type":"null"}]},
              "req":{"type":"integer"},
              "opt":{"type":"integer"},
              "optNull":{"type":["integer","null"]}}}}}
            """);
            foreach (var name in new[] { "a", "b", "c" })
            {
                var p = Prop(spec, "T", name);
                Assert.Equal((RefKind.String, true, true), (p.Type.Kind, p.Required, p.Nullable));
            }
            Assert.Equal((true, false), (Prop(spec, "T", "req").Required, Prop(spec, "T", "req").Nullable));
            Assert.Equal((false, false), (Prop(spec, "T", "opt").Required, Prop(spec, "T", "opt").Nullable));
            Assert.Equal((false, true), (Prop(spec, "T", "optNull").Required, Prop(spec, "T", "optNull").Nullable));
        }

        [Fact]
        public void Unions_derive_their_mapping_from_constants_with_several_tags_and_nested_unions_flattened()
        {
            var spec = Build("""
            {"$defs":{
              "Event":{"anyOf":[{"$ref":"#/$defs/A"},{"$ref":"#/$defs/Inner"}],"discriminator":{"propertyName":"type"}},
              "Inner":{"oneOf":[{"$ref":"#/$defs/B"},{"$ref":"#/$defs/C"}]},
              "A":{"type":"object","properties":{"type":{"const":"a.done"},"x":{"type":"integer"}}},
              "B":{"type":"object","properties":{"type":{"enum":["b","b_2025"]}}},
              "C":{"type":"object","properties":{"type":{"type":"string","enum":["c"],"x-stainless-const":true}}}}}
            """);
            var union = Type(spec, "Event").Union!;
            Assert.Equal(new[] { ("a.done", "A"), ("b", "B"), ("b_2025", "B"), ("c", "C") }, union.Cases.Select(c => (c.Tag, c.TypeName)));
            Assert.Contains("Event", Type(spec, "B").Implements);
            Assert.Contains("Inner", Type(spec, "B").Implements);
        }

        [Fact]
        public void AllOf_is_flattened_and_its_required_list_spans_the_parts()
        {
            var spec = Build("""
            {"$defs":{"Base":{"type":"object","properties":{"model":{"type":"string"}}},
              "R":{"allOf":[{"$ref":"#/$defs/Base"},{"type":"object","properties":{"id":{"type":"string"}},"required":["id","model"]}]}}}
            """);
            Assert.True(Prop(spec, "R", "model").Required);
            Assert.True(Prop(spec, "R", "id").Required);
        }

        [Fact]
        public void Recursion_const_open_enums_maps_and_token_kind_alternates_are_modelled()
        {
            var spec = Build("""
            {"$defs":{"Filter":{"type":"object","properties":{
              "type":{"const":"and"},
              "filters":{"type":"array","items":{"$ref":"#/$defs/Filter"}},
              "status":{"type":"string","enum":["ok","bad"]},
              "meta":{"type":"object","additionalProperties":{"type":"string"}},
              "value":{"anyOf":[{"type":"string"},{"type":"array","items":{"type":"integer"}},{"type":"null"}]},
              "created_at":{"type":"number","format":"unixtime"}}}}}
            """);
            Assert.Equal(new TypeRef(RefKind.Object, "Filter"), Prop(spec, "Filter", "filters").Type.Element);
            Assert.Equal("and", Prop(spec, "Filter", "type").ConstValue);
            Assert.Equal(new[] { "ok", "bad" }, Type(spec, "FilterStatus").EnumValues);
            Assert.Equal(RefKind.Map, Prop(spec, "Filter", "meta").Type.Kind);
            var value = Prop(spec, "Filter", "value");
            Assert.Equal((RefKind.String, "ValueAsArray", RefKind.Array), (value.Type.Kind, value.Alternates.Single().ClrName, value.Alternates.Single().Type.Kind));
            Assert.Equal(RefKind.Number, Prop(spec, "Filter", "created_at").Type.Kind);
        }

        [Fact]
        public void The_chat_reducer_has_the_documented_folds()
        {
            var spec = Build(GeneratorHarness.Schema("openai/chat.completion.chunk.schema.json"));
            var reducer = spec.Reducers.Single();
            Assert.Equal(("ChatCompletionReducer", "ChatCompletionChunk", "ChatCompletion"), (reducer.Name, reducer.SourceType, reducer.TargetType));
            var message = reducer.Accumulators.Single(a => a.TargetType == "ChatCompletionMessage");
            Assert.Equal(SlotKind.Text, message.Slots.Single(s => s.TargetClrName == "Content").Kind);
            Assert.Equal(SlotKind.Keyed, message.Slots.Single(s => s.TargetClrName == "ToolCalls").Kind);
            Assert.Equal("ReasoningContent", message.Slots.Single(s => s.TargetClrName == "Content").ThinkTagsInto);
            var root = reducer.Accumulators.Single(a => a.Name == reducer.RootAccumulator);
            Assert.Equal(FoldOp.MergeByKey, root.Folds.Single(f => f.SourceClrName == "Choices").Op);
            Assert.DoesNotContain(root.Folds, f => f.SourceClrName == "Obfuscation");
        }
    }
}
