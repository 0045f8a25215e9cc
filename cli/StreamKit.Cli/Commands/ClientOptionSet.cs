using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace StreamKit.Cli.Commands
{
    /// <summary>The timer and retry options shared by the commands that send requests, and the <see cref="LlmClientOptions"/> they make.</summary>
    internal sealed class ClientOptionSet
    {
        private readonly Option<double?> _total = Seconds("--timeout", "Give up after this many seconds in all, retries included (default: no limit)");
        private readonly Option<double?> _response = Seconds("--response-timeout", "Seconds to wait for the response headers, per attempt (default 100)");
        private readonly Option<double?> _firstContent = Seconds("--first-content-timeout", "Seconds to wait for the first text, reasoning or tool-call fragment (default 120)");
        private readonly Option<double?> _idle = Seconds("--idle-timeout", "Seconds of silence allowed between reads; keep-alive comments count as activity (default 90)");
        private readonly Option<int?> _retries = new Option<int?>("--max-retries") { Description = "Retries before any content on connect failures, 408, 409, 429, 5xx (default 2; 0 turns them off)" };

        public ClientOptionSet() => Program.NonNegative(_retries);

        public void AddTo(Command command)
        {
            command.Options.Add(_total);
            command.Options.Add(_response);
            command.Options.Add(_firstContent);
            command.Options.Add(_idle);
            command.Options.Add(_retries);
        }

        public LlmClientOptions Build(ParseResult parse)
        {
            var options = new LlmClientOptions();
            if (parse.GetValue(_total) is double total) options.Timeouts.Total = TimeSpan.FromSeconds(total);
            if (parse.GetValue(_response) is double response) options.Timeouts.Response = TimeSpan.FromSeconds(response);
            if (parse.GetValue(_firstContent) is double first) options.Timeouts.FirstContent = TimeSpan.FromSeconds(first);
            if (parse.GetValue(_idle) is double idle) options.Timeouts.Idle = TimeSpan.FromSeconds(idle);
            if (parse.GetValue(_retries) is int retries) options.Retry.MaxRetries = retries;
            return options;
        }

        private static Option<double?> Seconds(string name, string description)
        {
            var option = new Option<double?>(name) { Description = description };
            option.Validators.Add(r =>
            {
                // Text that is not a number is reported by the parser itself; here, numbers out of range.
                if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
                    && (s <= 0 || double.IsNaN(s) || s > 86400 * 365))
                    r.AddError(name + " must be a positive number of seconds (at most a year)");
            });
            return option;
        }
    }
}
