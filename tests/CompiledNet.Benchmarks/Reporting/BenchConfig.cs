using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>
/// The BenchmarkDotNet configuration: one job (ShortRun with --quick), median and FLOP columns, FANN filter. The CNN
/// epoch benchmarks, whose invocation trains a whole epoch (or with --quick a 2,048-image slice), get a job of their
/// own with one invocation per iteration: 1 warm-up and 3 iterations in a full run, ShortRun's 3 and 3 in a quick one.
/// </summary>
public static class BenchConfig
{
    public const string EpochJobId = "Epoch";

    public static IConfig Create(bool quick)
    {
        Job job = quick ? Job.ShortRun.WithId("Quick") : Job.Default.WithId("Full");
        Job epochJob = (quick ? Job.ShortRun : Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3))
            .WithInvocationCount(1).WithUnrollFactor(1).WithId(EpochJobId);
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job, epochJob)

            // The default two minutes are not enough to build the benchmark project when the shared machine is busy.
            .WithBuildTimeout(TimeSpan.FromMinutes(10))
            .AddFilter(new SimpleFilter(b => (b.Job.Id == EpochJobId) == (b.Descriptor.Type == typeof(CnnEpochBenchmarks))))
            .AddColumn(StatisticColumn.Median, WorkColumn.Gflops, WorkColumn.PercentOfPeak, WorkColumn.EpochTime)
            .WithSummaryStyle(SummaryStyle.Default.WithZeroMetricValuesInContent())
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .AddFilter(new SimpleFilter(b => FannNative.IsAvailable || !b.Descriptor.WorkloadMethod.Name.StartsWith("Fann", StringComparison.Ordinal)));
    }
}
