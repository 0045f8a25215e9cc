using System;
using System.Management.Automation;
using System.Net;

namespace StreamKit.PowerShell
{
    /// <summary>Stable ErrorIds and categories for every way a stream ends badly, with the partial message as the target.</summary>
    internal static class ErrorRecords
    {
        /// <summary>A whole-request failure: <c>StreamKit.{Outcome}</c>, its category, the partial result as TargetObject, the provider's message in ErrorDetails.</summary>
        public static ErrorRecord ForOutcome(LlmStreamException error, object? partial)
        {
            var category = error switch
            {
                LlmHttpException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => ErrorCategory.PermissionDenied,
                LlmHttpException { StatusCode: HttpStatusCode.NotFound } => ErrorCategory.ObjectNotFound,
                LlmHttpException { StatusCode: (HttpStatusCode)429 } => ErrorCategory.LimitsExceeded,
                LlmHttpException => ErrorCategory.ConnectionError,
                StreamTimeoutException => ErrorCategory.OperationTimeout,
                StreamLimitExceededException => ErrorCategory.LimitsExceeded,
                MalformedStreamException => ErrorCategory.InvalidData,
                ProviderStreamException => ErrorCategory.InvalidResult,
                StreamCancelledException => ErrorCategory.OperationStopped,
                _ => ErrorCategory.ReadError,
            };
            var record = new ErrorRecord(error, "StreamKit." + Pascal(error.OutcomeName), category, partial);
            string? detail = error switch
            {
                LlmHttpException h when h.Error is { } e => e.Message,
                ProviderStreamException p => p.Error.Message,
                _ => null,
            };
            record.ErrorDetails = new ErrorDetails(error.Message + (detail is null || error.Message.Contains(detail) ? "" : " (" + detail + ")"))
            {
                RecommendedAction = error switch
                {
                    StreamTimeoutException t => "Raise -" + TimerParameter(t.Timer) + ", or check that the endpoint is alive.",
                    StreamLimitExceededException => "Raise the limit if the answer is legitimately that large.",
                    LlmHttpException { StatusCode: HttpStatusCode.Unauthorized } => "Check -ApiKey or $env:STREAMKIT_API_KEY.",
                    _ => "The partial message is the error's TargetObject and in $StreamKitLastResult.",
                },
            };
            return record;
        }

        /// <summary>A per-event problem, written as a non-terminating error: <c>StreamKit.MalformedChunk</c>, InvalidData.</summary>
        public static ErrorRecord MalformedChunk(MalformedStreamException error) =>
            new ErrorRecord(error, "StreamKit.MalformedChunk", ErrorCategory.InvalidData, error.EventIndex);

        /// <summary>A parameter or input the cmdlet cannot use.</summary>
        public static ErrorRecord InvalidArgument(Exception error, string id, object? target) =>
            new ErrorRecord(error, "StreamKit." + id, ErrorCategory.InvalidArgument, target);

        private static string TimerParameter(StreamTimer timer) => timer switch
        {
            StreamTimer.Response => "ResponseTimeoutSec",
            StreamTimer.FirstContent => "FirstContentTimeoutSec",
            StreamTimer.Idle => "IdleTimeoutSec",
            _ => "TimeoutSec",
        };

        private static string Pascal(string snake)
        {
            var parts = snake.Split('_');
            for (int i = 0; i < parts.Length; i++) if (parts[i].Length > 0) parts[i] = char.ToUpperInvariant(parts[i][0]) + parts[i].Substring(1);
            return string.Concat(parts);
        }
    }
}
