using System;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>A column computed from a benchmark's median time per operation and its workload.</summary>
public sealed class WorkColumn : IColumn
{
    private readonly Func<double, WorkAttribute, double, string?> _value;

    private WorkColumn(string id, string name, string legend, Func<double, WorkAttribute, double, string?> value)
    {
        Id = id;
        ColumnName = name;
        Legend = legend;
        _value = value;
    }

    /// <summary>GFLOP/s at the median: FLOPs per operation / median ns.</summary>
    public static readonly WorkColumn Gflops = new(
        "CnGflops",
        "GFLOP/s",
        "Nominal GFLOP/s at the median time: forward 2·in·out FLOPs per layer, a training sample 3× forward (W4 convolutions: 2·F·K·P forward, 2× that backward)",
        (flops, work, ns) => (flops / ns).ToString("F2", CultureInfo.InvariantCulture));

    /// <summary>The GFLOP/s as a share of one core's measured peak.</summary>
    public static readonly WorkColumn PercentOfPeak = new(
        "CnPeak",
        "% peak",
        "GFLOP/s as a percentage of one core's peak (GHz × the FLOP/cycle measured at the kernels' width)",
        (flops, work, ns) => (100 * flops / ns / MachinePeak.Current.PeakGflopsPerCore).ToString("F2", CultureInfo.InvariantCulture));

    /// <summary>For the W3 and W4 epoch rows: the median per-sample time scaled to a 60,000-sample epoch.</summary>
    public static readonly WorkColumn EpochTime = new(
        "CnEpoch",
        "Epoch 60k (s)",
        "W3 and W4 epoch rows: median time per sample × 60,000 (measured on a fixed subset, or on the whole epoch)",
        (flops, work, ns) => work.Epoch ? (ns * Workloads.FashionEpochSamples / 1e9).ToString("F2", CultureInfo.InvariantCulture) : "-");

    public string Id { get; }

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? median = MedianNanoseconds(summary, benchmarkCase);
        var work = WorkInfo.Of(benchmarkCase.Descriptor.Type, benchmarkCase.Descriptor.WorkloadMethod);
        return median is null || work is null ? "?" : _value(work.Value.Flops, work.Value.Work, median.Value) ?? "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    /// <summary>
    /// The median time of one operation in nanoseconds: BenchmarkDotNet divides by OperationsPerInvoke, and a
    /// benchmark with a Samples parameter is divided by it here.
    /// </summary>
    public static double? MedianNanoseconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Median / WorkInfo.SamplesPerInvocation(benchmarkCase);
}
