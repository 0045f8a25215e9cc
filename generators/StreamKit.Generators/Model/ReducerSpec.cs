using StreamKit.Generators.Helpers;

namespace StreamKit.Generators.Model
{
    /// <summary>A generated reducer that folds <see cref="SourceType"/> items into a <see cref="TargetType"/>.</summary>
    internal sealed record ReducerSpec(
        string Name,
        string SourceType,
        string TargetType,
        string RootAccumulator,
        ImmutableEquatableArray<AccumulatorSpec> Accumulators,
        ImmutableEquatableArray<PartTextSpec> PartTexts);

    /// <summary>Per-object state: one slot per fed target property, one fold per source property.</summary>
    internal sealed record AccumulatorSpec(
        string Name,
        string SourceType,
        string TargetType,
        ImmutableEquatableArray<SlotSpec> Slots,
        ImmutableEquatableArray<FoldSpec> Folds);

    internal enum SlotKind
    {
        /// <summary>A string built by appending (StringBuilder: O(total length)).</summary>
        Text,
        /// <summary>A list built by appending elements.</summary>
        List,
        /// <summary>A single value (first or last wins).</summary>
        Value,
        /// <summary>A nested object merged property by property.</summary>
        Nested,
        /// <summary>A list of objects merged by an integer key, ordered by key.</summary>
        Keyed,
    }

    /// <summary>Where folded data lands: one target property.</summary>
    internal sealed record SlotSpec(string Field, string TargetClrName, SlotKind Kind, TypeRef TargetType, string? Accumulator)
    {
        /// <summary>The target does not declare this member: it lands in the target's ExtensionData under <see cref="TargetClrName"/> (the JSON name).</summary>
        public bool IsExtension { get; init; }

        /// <summary>For a text slot: the target property that receives a leading <c>&lt;think&gt;...&lt;/think&gt;</c> block.</summary>
        public string? ThinkTagsInto { get; init; }
    }

    internal enum FoldOp { Append, First, Last, Merge, MergeByKey }

    internal enum Conversion { None, ToText, ToEnum, ToNumber }

    /// <summary>One source property and how it folds into its slot.</summary>
    internal sealed record FoldSpec(
        string SourceClrName,
        TypeRef SourceType,
        bool SourceNullable,
        FoldOp Op,
        string Slot,
        Conversion Conversion,
        string? UnlessPresentClrName,
        string? KeyClrName,
        AlternatePartsSpec? Parts);

    /// <summary>Routing for the array-of-parts alternate of a text property (Mistral's content parts).</summary>
    internal sealed record AlternatePartsSpec(
        string AlternateClrName,
        string PartType,
        string TagExpression,
        string DefaultSlot,
        ImmutableEquatableArray<PartRoute> Routes);

    internal sealed record PartRoute(string Tag, string Slot);

    /// <summary>How to get the text out of one content part type: its text, then its nested parts.</summary>
    internal sealed record PartTextSpec(string TypeName, string TagClrName, string TextClrName, ImmutableEquatableArray<string> NestedListClrNames);
}
