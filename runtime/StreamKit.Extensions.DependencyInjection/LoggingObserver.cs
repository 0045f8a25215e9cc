using System;
using Microsoft.Extensions.Logging;

namespace StreamKit.Extensions.DependencyInjection
{
    /// <summary>Logs attempts, retries and outcomes through <see cref="ILogger"/>; never the key or message content.</summary>
    internal sealed partial class LoggingObserver : LlmStreamObserver
    {
        private readonly ILogger _logger;
        private readonly LlmStreamObserver? _inner;

        public LoggingObserver(ILogger logger, LlmStreamObserver? inner)
        {
            _logger = logger;
            _inner = inner;
        }

        public override void RequestStarting(string api, Uri url, string? model, int attempt)
        {
            Starting(_logger, api, url.Host + url.AbsolutePath, model, attempt);
            _inner?.RequestStarting(api, url, model, attempt);
        }

        public override void Retrying(string api, int attempt, TimeSpan delay, string reason)
        {
            Retry(_logger, api, attempt, reason, delay.TotalMilliseconds);
            _inner?.Retrying(api, attempt, delay, reason);
        }

        public override void RequestFailed(string api, LlmStreamException error)
        {
            Failed(_logger, api, error.OutcomeName, error.Message);
            _inner?.RequestFailed(api, error);
        }

        public override void StreamEnded(string api, StreamResult result)
        {
            var s = result.Statistics;
            if (result.IsSuccess) Completed(_logger, api, s.Items, s.Deltas, s.TimeToFirstDelta?.TotalMilliseconds, s.Elapsed.TotalMilliseconds);
            else Ended(_logger, api, result.OutcomeName, result.Error?.Message, s.Items, s.Elapsed.TotalMilliseconds);
            _inner?.StreamEnded(api, result);
        }

        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Api} request to {Endpoint} (model {Model}, attempt {Attempt})")]
        private static partial void Starting(ILogger logger, string api, string endpoint, string? model, int attempt);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Api} attempt {Attempt} failed with {Reason}; retrying in {DelayMs} ms")]
        private static partial void Retry(ILogger logger, string api, int attempt, string reason, double delayMs);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Api} request failed before the stream started: {Outcome}: {Error}")]
        private static partial void Failed(ILogger logger, string api, string outcome, string error);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Api} stream completed: {Items} items, {Deltas} deltas, first delta after {FirstDeltaMs} ms, {ElapsedMs} ms in all")]
        private static partial void Completed(ILogger logger, string api, int items, int deltas, double? firstDeltaMs, double elapsedMs);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Api} stream ended {Outcome}: {Error} ({Items} items, {ElapsedMs} ms)")]
        private static partial void Ended(ILogger logger, string api, string outcome, string? error, int items, double elapsedMs);
    }
}
