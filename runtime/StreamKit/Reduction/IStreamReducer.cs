namespace StreamKit.Reduction
{
    /// <summary>
    /// Folds stream items (chunks or events) into one result, such as the final <c>chat.completion</c>.
    /// Generated from a schema's reduce annotations (schemas/README.md). One reducer per stream; not thread-safe.
    /// </summary>
    /// <typeparam name="TItem">The streamed item, for example <c>ChatCompletionChunk</c>.</typeparam>
    /// <typeparam name="TResult">The folded result, for example <c>ChatCompletion</c>.</typeparam>
    public interface IStreamReducer<in TItem, out TResult>
    {
        /// <summary>How many items have been applied.</summary>
        int Count { get; }

        /// <summary>Folds one item, in arrival order.</summary>
        void Apply(TItem item);

        /// <summary>The result so far: a new object at any moment, which later <see cref="Apply"/> calls do not change.</summary>
        TResult Snapshot();

        /// <summary>Forgets all applied items.</summary>
        void Reset();
    }
}
