using StreamKit.Generators.Helpers;

namespace StreamKit.Generators.Model
{
    /// <summary>Everything emitted for one schema file. The cache cut-off of the pipeline.</summary>
    internal sealed record StreamSpec(
        string Namespace,
        string HintPrefix,
        string Accessibility,
        ImmutableEquatableArray<TypeSpec> Types,
        ImmutableEquatableArray<ReducerSpec> Reducers,
        ImmutableEquatableArray<EventReducerSpec> EventReducers);

    /// <summary>A schema file as strings only: path, text and the per-file options.</summary>
    internal sealed record SchemaFile(string Path, string Text, string? Namespace, string? Accessibility);

    /// <summary>The model of one file plus the diagnostics found building it.</summary>
    internal sealed record ModelResult(StreamSpec? Spec, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>A place in a schema file, kept as plain values so no Roslyn tree is rooted.</summary>
    internal sealed record LocationInfo(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

    /// <summary>A diagnostic to report: its stable ID, message arguments and where.</summary>
    internal sealed record DiagnosticInfo(string Id, ImmutableEquatableArray<string> Args, LocationInfo? Location);
}
