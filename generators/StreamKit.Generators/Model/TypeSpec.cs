using StreamKit.Generators.Helpers;

namespace StreamKit.Generators.Model
{
    internal enum TypeKind { Object, Enum, Union }

    /// <summary>One generated type. Immutable and equal by value, or incremental caching breaks.</summary>
    internal sealed record TypeSpec(
        TypeKind Kind,
        string Name,
        string? Doc,
        ImmutableEquatableArray<PropertySpec> Properties,
        ImmutableEquatableArray<string> EnumValues,
        UnionSpec? Union,
        ImmutableEquatableArray<string> Implements);

    /// <summary>A union discriminated by a string property (<c>type</c>), with its tag → case map.</summary>
    internal sealed record UnionSpec(string TagJsonName, ImmutableEquatableArray<UnionCase> Cases);

    /// <summary>One tag value and the generated class it selects.</summary>
    internal sealed record UnionCase(string Tag, string TypeName);

    /// <summary>
    /// A property of a generated object. <see cref="Required"/> (key must be present) and
    /// <see cref="Nullable"/> (JSON null allowed) are kept apart, as the spec does. <see cref="Rare"/> (<c>x-streamkit-rare</c>):
    /// stored in a side object created when one of the type's rare members is first set, so objects without them are smaller.
    /// </summary>
    internal sealed record PropertySpec(
        string JsonName,
        string ClrName,
        TypeRef Type,
        bool Required,
        bool Nullable,
        string? Doc,
        string? ConstValue,
        ImmutableEquatableArray<AlternateSpec> Alternates,
        bool Rare = false);

    /// <summary>
    /// Another JSON shape the same property may take (<c>content</c>: string or array of parts).
    /// It is exposed as its own C# property and chosen by JSON token kind.
    /// </summary>
    internal sealed record AlternateSpec(string ClrName, TypeRef Type);
}
