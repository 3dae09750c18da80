using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>The BenchmarkDotNet configuration: one job (ShortRun with --quick), median and FLOP columns, FANN filter.</summary>
public static class BenchConfig
{
    public static IConfig Create(bool quick)
    {
        Job job = quick ? Job.ShortRun.WithId("Quick") : Job.Default.WithId("Full");
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddColumn(StatisticColumn.Median, WorkColumn.Gflops, WorkColumn.PercentOfPeak, WorkColumn.EpochTime)
            .WithSummaryStyle(SummaryStyle.Default.WithZeroMetricValuesInContent())
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .AddFilter(new SimpleFilter(b => FannNative.IsAvailable || !b.Descriptor.WorkloadMethod.Name.StartsWith("Fann", StringComparison.Ordinal)));
    }
}
