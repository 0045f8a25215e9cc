using StreamKit.Generators.Helpers;

namespace StreamKit.Generators.Model
{
    /// <summary>
    /// An event reducer (<c>"kind": "events"</c>): each case of a discriminated union of events applies path
    /// operations to a snapshot of the target type (the Responses API's <c>response.*</c> events into a <c>Response</c>).
    /// </summary>
    internal sealed record EventReducerSpec(
        string Name,
        string UnionName,
        string TargetType,
        string? SequenceJsonName,
        ImmutableEquatableArray<string> Paths,
        ImmutableEquatableArray<EventCaseSpec> Cases);

    /// <summary>The operations of one event type, and where its sequence number is.</summary>
    internal sealed record EventCaseSpec(string EventType, string? SequenceClrName, ImmutableEquatableArray<EventOpSpec> Ops);

    internal enum EventOpKind { Snapshot, Set, Append, Error }

    /// <summary>
    /// One operation: its path (an index into <see cref="EventReducerSpec.Paths"/>), the event members that fill the
    /// path's indices, and the value (a member access on the event, or a constant).
    /// </summary>
    internal sealed record EventOpSpec(
        EventOpKind Kind,
        int Path,
        ImmutableEquatableArray<string> IndexExpressions,
        string? ValueExpression,
        TypeRef? ValueType,
        string? ConstValue,
        string? Terminal);
}
