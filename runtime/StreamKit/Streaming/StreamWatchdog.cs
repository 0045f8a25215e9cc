using System;
using System.Diagnostics;
using System.Threading;

namespace StreamKit
{
    /// <summary>
    /// Enforces the first-content, idle and total timers of one request with one <see cref="Timer"/> that is only
    /// rescheduled when it fires: reads just record the time. When a timer runs out it cancels <see cref="Token"/> and
    /// aborts the body, so a read that ignores cancellation still ends.
    /// </summary>
    internal sealed class StreamWatchdog : IDisposable
    {
        private readonly Stopwatch _clock;
        private readonly TimeSpan? _firstContent;
        private readonly TimeSpan? _idle;
        private readonly TimeSpan? _total;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly Timer _timer;
        private readonly object _gate = new object();
        private long _lastActivityTicks;
        private bool _bodyStarted;
        private volatile bool _reading;
        private bool _contentSeen;
        private bool _disposed;
        private int _fired = -1;
        private Action? _abort;

        public StreamWatchdog(LlmTimeoutOptions timeouts, Stopwatch? clock = null)
        {
            _clock = clock ?? Stopwatch.StartNew();
            _firstContent = LlmTimeoutOptions.Effective(timeouts.FirstContent);
            _idle = LlmTimeoutOptions.Effective(timeouts.Idle);
            _total = LlmTimeoutOptions.Effective(timeouts.Total);
            _timer = new Timer(static s => ((StreamWatchdog)s!).Tick(), this, Timeout.Infinite, Timeout.Infinite);
            lock (_gate) Schedule(_clock.Elapsed);
        }

        /// <summary>The clock started when the request was sent.</summary>
        public Stopwatch Clock => _clock;

        /// <summary>Cancelled when a timer runs out.</summary>
        public CancellationToken Token => _cts.Token;

        /// <summary>The timer that ran out, or null.</summary>
        public StreamTimer? Fired => _fired < 0 ? null : (StreamTimer)Volatile.Read(ref _fired);

        /// <summary>The configured length of <paramref name="timer"/>.</summary>
        public TimeSpan LimitOf(StreamTimer timer) => timer switch
        {
            StreamTimer.FirstContent => _firstContent ?? Timeout.InfiniteTimeSpan,
            StreamTimer.Idle => _idle ?? Timeout.InfiniteTimeSpan,
            StreamTimer.Total => _total ?? Timeout.InfiniteTimeSpan,
            _ => Timeout.InfiniteTimeSpan,
        };

        /// <summary>Called once the body is open: the idle timer starts; <paramref name="abort"/> runs when a timer fires.</summary>
        public void BodyStarted(Action? abort)
        {
            lock (_gate)
            {
                _abort = abort;
                _bodyStarted = true;
                _lastActivityTicks = _clock.Elapsed.Ticks;
                Schedule(_clock.Elapsed);
            }
            if (Fired is not null) abort?.Invoke();
        }

        /// <summary>A read of the body starts: the idle timer runs from now until it ends (the caller's own time between reads never counts).</summary>
        public void ReadStarted()
        {
            Volatile.Write(ref _lastActivityTicks, _clock.Elapsed.Ticks);
            _reading = true;
        }

        /// <summary>The read ended (bytes arrived, any bytes: keep-alive comments count as liveness).</summary>
        public void ReadEnded()
        {
            _reading = false;
            Volatile.Write(ref _lastActivityTicks, _clock.Elapsed.Ticks);
        }

        /// <summary>The first content arrived: the first-content timer stops.</summary>
        public void Content() => _contentSeen = true;

        private void Tick()
        {
            Action? abort;
            lock (_gate)
            {
                if (_disposed || _fired >= 0) return;
                var now = _clock.Elapsed;
                StreamTimer? due = null;
                if (_total is TimeSpan total && now >= total) due = StreamTimer.Total;
                else if (_firstContent is TimeSpan first && !_contentSeen && now >= first) due = StreamTimer.FirstContent;
                else if (_idle is TimeSpan idle && _bodyStarted && _reading && now - TimeSpan.FromTicks(Volatile.Read(ref _lastActivityTicks)) >= idle) due = StreamTimer.Idle;
                if (due is null)
                {
                    Schedule(now);
                    return;
                }
                _fired = (int)due.Value;
                abort = _abort;
            }
            try
            {
                _cts.Cancel();
            }
            catch (AggregateException)
            {
                // A registered callback failed; the token is cancelled all the same.
            }
            catch (ObjectDisposedException)
            {
                // The stream ended while the timer fired.
                return;
            }
            abort?.Invoke();
        }

        /// <summary>Arms the timer for the nearest deadline still possible.</summary>
        private void Schedule(TimeSpan now)
        {
            if (_disposed) return;
            TimeSpan? next = null;
            if (_total is TimeSpan total) next = Min(next, total - now);
            if (_firstContent is TimeSpan first && !_contentSeen) next = Min(next, first - now);
            if (_idle is TimeSpan idle && _bodyStarted)
            {
                // Between reads the idle clock is stopped: look again one idle period later.
                next = Min(next, _reading ? idle - (now - TimeSpan.FromTicks(Volatile.Read(ref _lastActivityTicks))) : idle);
            }
            if (next is not TimeSpan wait) return;
            long ms = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
            _timer.Change(Math.Min(ms, int.MaxValue - 1), Timeout.Infinite);
        }

        private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is TimeSpan x && x < b ? x : b;

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                _abort = null;
            }
            _timer.Dispose();
            _cts.Dispose();
        }
    }
}
