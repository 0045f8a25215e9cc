using System;
using System.Diagnostics;
using System.Linq;
using OpenTelemetry;
using OpenTelemetry.Metrics;

/// <summary>Prints finished spans with their tags (the OpenTelemetry console exporter package is not needed).</summary>
internal sealed class ConsoleSpanExporter : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch)
        {
            Console.WriteLine("--- span: " + span.DisplayName + " (" + span.Kind + ", " + span.Duration.TotalMilliseconds.ToString("0.0") + " ms, status " + span.Status + ")");
            foreach (var tag in span.TagObjects)
            {
                string value = tag.Value is string[] list ? "[" + string.Join(", ", list) + "]" : tag.Value?.ToString() ?? "";
                Console.WriteLine("    " + tag.Key + " = " + value);
            }
        }
        return ExportResult.Success;
    }
}

/// <summary>Prints each metric point: name, unit, attributes, and the sum and count of histograms.</summary>
internal sealed class ConsoleMetricExporter : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                string tags = string.Join(", ", Enumerate(point.Tags).Where(t => t.Key is "gen_ai.token.type" or "error.type" or "gen_ai.response.model").Select(t => t.Key + "=" + t.Value));
                string value = metric.MetricType is MetricType.Histogram
                    ? "count " + point.GetHistogramCount() + ", sum " + point.GetHistogramSum().ToString("0.######")
                    : point.GetSumLong().ToString();
                Console.WriteLine("--- metric: " + metric.Name + " (" + metric.Unit + ") " + value + (tags.Length > 0 ? " {" + tags + "}" : ""));
            }
        }
        return ExportResult.Success;
    }

    private static System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, object?>> Enumerate(ReadOnlyTagCollection tags)
    {
        var list = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, object?>>();
        foreach (var t in tags) list.Add(t);
        return list;
    }
}
