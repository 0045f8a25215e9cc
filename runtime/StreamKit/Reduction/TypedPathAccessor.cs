namespace StreamKit.Reduction
{
    /// <summary>What a <see cref="TypedPathAccessor"/> does at the end of its path.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public enum TypedPathOperation
    {
        /// <summary>Reads the string member (or string element) at the path into <c>value</c> (null when unset). A case of a union without the member keeps it among its undeclared members (<c>ExtensionData</c>), as reading its JSON would.</summary>
        GetText,

        /// <summary>Sets the string member or element at the path (an open enum member takes the string as its wire value; a missing list is created and grown).</summary>
        SetText,

        /// <summary>Sets the object, union or list at the path when <c>value</c> is of the member's type (a missing list is created and grown).</summary>
        SetValue,

        /// <summary>Appends the items of <c>value</c> (a list of the member's element type) to the list at the path, creating it when missing.</summary>
        AppendItems,

        /// <summary>Makes sure the list at the path exists.</summary>
        EnsureItems,

        /// <summary>
        /// As <see cref="SetValue"/>, with <c>value</c> the UTF-8 JSON (a <c>byte[]</c>) of a value of another type, read as the
        /// member's type: a part of an event into an item's list of a like-shaped type from another schema definition.
        /// </summary>
        SetJson,

        /// <summary>As <see cref="AppendItems"/>, with <c>value</c> the UTF-8 JSON (a <c>byte[]</c>) of the items, read as the member's list type.</summary>
        AppendJson,
    }

    /// <summary>
    /// Generated typed navigation for one <see cref="JsonPathTemplate"/>: follows the path's members and indices
    /// (<paramref name="i0"/> to <paramref name="i2"/>, in path order) through the typed object graph under
    /// <paramref name="root"/> (union members by their runtime case) and applies <paramref name="operation"/> at its end.
    /// </summary>
    /// <returns>
    /// False, having changed nothing, when the path does not lead there on this graph: an object on the way is missing (a
    /// delta before its item), a union holds a case without the member (an unknown item type), an index is past the end of
    /// a list on the way, or the value is not of the member's type. The state then continues on JSON nodes.
    /// </returns>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public delegate bool TypedPathAccessor(object root, TypedPathOperation operation, long i0, long i1, long i2, ref object? value);
}
