using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StreamKit.PowerShell
{
    /// <summary>What <see cref="StreamPump.Next"/> found.</summary>
    public enum PumpStep
    {
        /// <summary>An item arrived: read it from <see cref="StreamPump.Current"/>.</summary>
        Item,

        /// <summary>Nothing yet within the wait (show progress, then call again).</summary>
        Waiting,

        /// <summary>The stream ended: read <see cref="LlmStream.Result"/>.</summary>
        End,
    }

    /// <summary>
    /// Drives a stream from a thread that must stay in charge (PowerShell's pipeline thread): each <see cref="Next"/>
    /// blocks at most the given wait, so the caller can update progress and write output between items. The stream's
    /// engine runs with <c>ConfigureAwait(false)</c> throughout, so blocking here cannot deadlock. Never throws for how
    /// the stream ended: cancellation, timeouts and errors end in <see cref="PumpStep.End"/> with the outcome in the result.
    /// </summary>
    public sealed class StreamPump : IDisposable
    {
        private readonly IAsyncEnumerator<object>? _items;
        private readonly Task<StreamResult>? _reduce;
        private Task<bool>? _pending;
        private int _skippedSeen;

        /// <summary>Starts reading <paramref name="stream"/>; <paramref name="cancellationToken"/> cancels it (PowerShell's StopProcessing).</summary>
        /// <param name="stream">The stream to read.</param>
        /// <param name="cancellationToken">Cancels the stream.</param>
        /// <param name="items">False when only the final value is wanted (<c>-Final</c>): the stream is read by its reduce-only
        /// path (no item objects, several times faster) and <see cref="Next"/> returns only <see cref="PumpStep.Waiting"/> and <see cref="PumpStep.End"/>.</param>
        public StreamPump(LlmStream stream, CancellationToken cancellationToken, bool items = true)
        {
            Stream = stream ?? throw new ArgumentNullException(nameof(stream));
            if (items) _items = stream.ReadItemsAsync(throwOnFailure: false, cancellationToken).GetAsyncEnumerator(cancellationToken);
            else _reduce = stream.ReduceAsync(null, cancellationToken);
        }

        /// <summary>The stream being read.</summary>
        public LlmStream Stream { get; }

        /// <summary>The last item, after <see cref="PumpStep.Item"/>.</summary>
        public object? Current { get; private set; }

        /// <summary>Waits up to <paramref name="wait"/> for the next item.</summary>
        public PumpStep Next(TimeSpan wait)
        {
            if (_reduce is not null) return ((IAsyncResult)_reduce).AsyncWaitHandle.WaitOne(wait) ? PumpStep.End : PumpStep.Waiting;
            _pending ??= _items!.MoveNextAsync().AsTask();
            if (!((IAsyncResult)_pending).AsyncWaitHandle.WaitOne(wait)) return PumpStep.Waiting;
            bool more = _pending.GetAwaiter().GetResult();
            _pending = null;
            if (!more) return PumpStep.End;
            Current = _items!.Current;
            return PumpStep.Item;
        }

        /// <summary>Malformed events skipped since the last call (with <see cref="MalformedEventHandling.Skip"/>).</summary>
        public IReadOnlyList<MalformedStreamException> TakeSkipped()
        {
            var all = Stream.SkippedEvents;
            if (all.Count == _skippedSeen) return Array.Empty<MalformedStreamException>();
            var news = new List<MalformedStreamException>();
            for (int i = _skippedSeen; i < all.Count; i++) news.Add(all[i]);
            _skippedSeen = all.Count;
            return news;
        }

        /// <summary>Ends reading and releases the stream.</summary>
        public void Dispose()
        {
            try
            {
                if (_items is not null && (_pending is null || _pending.IsCompleted)) _items.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The enumeration already ended badly; the stream's result says how.
            }
            Stream.Dispose();
        }
    }
}
