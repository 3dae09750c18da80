using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CompiledNet.Generated;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>After the run: one table of every result with its median, ratio to CompiledNet, GFLOP/s and allocations.</summary>
public static class ResultsPrinter
{
    public static void Print(IEnumerable<Summary> summaries, TextWriter log)
    {
        log.WriteLine();
        log.WriteLine("=== CompiledNet benchmark summary (per operation: one training sample or one inference) ===");
        log.WriteLine(MachinePeak.Current.Describe());
        log.WriteLine("Ratio = median / median of CompiledNet in the same category (below 1: faster than CompiledNet).");
        log.WriteLine("GFLOP/s counts 2·in·out FLOPs per layer forward and 3× that per training sample; W4's convolutions 2·F·K·P forward");
        log.WriteLine("and twice that backward (once for the first, which hands no gradient back); W4's ConvLayers row counts only the convolutions.");
        log.WriteLine();
        summaries = summaries.ToList();
        int width = summaries.SelectMany(s => s.BenchmarksCases).Select(Contender).Append("Contender").Max(n => n.Length);
        log.WriteLine($"| {"Category",-17} | {"Contender".PadRight(width)} | {"Median",11} | {"Ratio",6} | {"GFLOP/s",8} | {"% peak",6} | {"Allocated",9} | {"Epoch 60k",9} |");
        log.WriteLine($"|{new string('-', 19)}|{new string('-', width + 2)}|{new string('-', 13)}|{new string('-', 8)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 11)}|{new string('-', 11)}|");
        foreach (Summary summary in summaries)
        {
            foreach (IGrouping<string, BenchmarkCase> group in summary.BenchmarksCases.GroupBy(Category))
            {
                BenchmarkCase? baseline = group.FirstOrDefault(b => b.Descriptor.Baseline);
                double? baselineMedian = baseline is null ? null : WorkColumn.MedianNanoseconds(summary, baseline);
                foreach (BenchmarkCase benchmark in group)
                {
                    BenchmarkReport? report = summary[benchmark];
                    double? median = WorkColumn.MedianNanoseconds(summary, benchmark);
                    var work = WorkInfo.Of(benchmark.Descriptor.Type, benchmark.Descriptor.WorkloadMethod);
                    string ratio = median is null || baselineMedian is null ? "?" : (median.Value / baselineMedian.Value).ToString("F2", CultureInfo.InvariantCulture);
                    string gflops = "?", peak = "?", epoch = "-";
                    if (median is not null && work is not null)
                    {
                        double g = work.Value.Flops / median.Value;
                        gflops = g.ToString("F2", CultureInfo.InvariantCulture);
                        peak = (100 * g / MachinePeak.Current.PeakGflopsPerCore).ToString("F2", CultureInfo.InvariantCulture);
                        if (work.Value.Work.Epoch)
                        {
                            epoch = (median.Value * Workloads.FashionEpochSamples / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " s";
                        }
                    }

                    long? allocated = report?.GcStats.GetBytesAllocatedPerOperation(benchmark) / WorkInfo.SamplesPerInvocation(benchmark);
                    string allocation = allocated is null ? "?" : allocated.Value.ToString(CultureInfo.InvariantCulture) + " B";
                    log.WriteLine($"| {Category(benchmark),-17} | {Contender(benchmark).PadRight(width)} | {Time(median),11} | {ratio,6} | {gflops,8} | {peak,6} | {allocation,9} | {epoch,9} |");
                }
            }
        }

        log.WriteLine();
        WriteConvolutionShare(summaries, log);
        if (!FannNative.IsAvailable)
        {
            log.WriteLine($"{FannNative.NotFoundMessage} ({FannNative.UnavailableReason})");
        }

        log.WriteLine("FANN's W3 rows run linear-piece hidden units and a sigmoid output with MSE (FANN 2.2 has no ReLU, softmax or cross-entropy);");
        log.WriteLine("its batch-32 rows are fann_train_epoch with FANN_TRAIN_BATCH on 32-sample chunks (one mean-gradient step per chunk).");
        log.WriteLine("FANN allocates in native memory, which BenchmarkDotNet's Allocated column does not see.");
    }

    /// <summary>The rows that count only convolution FLOPs, against one core's peak (every row runs on one thread).</summary>
    private static void WriteConvolutionShare(IEnumerable<Summary> summaries, TextWriter log)
    {
        MachinePeak peak = MachinePeak.Current;
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkCase benchmark in summary.BenchmarksCases)
            {
                var work = WorkInfo.Of(benchmark.Descriptor.Type, benchmark.Descriptor.WorkloadMethod);
                if (work is { Work.ConvolutionsOnly: true } && WorkColumn.MedianNanoseconds(summary, benchmark) is double median)
                {
                    double gflops = work.Value.Flops / median;
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Category(benchmark)}: {gflops:F1} GFLOP/s in the convolutions = {100 * gflops / peak.PeakGflopsPerCore:F1}% of one core's peak ({peak.PeakGflopsPerCore:F1} GFLOP/s, {peak.FlopsPerCycle:F0} FLOP/cycle); kernels at {Kernels.VectorWidthBits} bits."));
                }
            }
        }
    }

    private static string Contender(BenchmarkCase benchmark) => benchmark.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');

    /// <summary>"W1 Train": the workload, then the method's category.</summary>
    private static string Category(BenchmarkCase benchmark)
    {
        string[] categories = benchmark.Descriptor.Categories;
        string[] workload = categories.Where(c => c.Length == 2 && c[0] == 'W').ToArray();
        return string.Join(" ", workload.Concat(categories.Except(workload)));
    }

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "?",
        < 1e3 => nanoseconds.Value.ToString("F1", CultureInfo.InvariantCulture) + " ns",
        < 1e6 => (nanoseconds.Value / 1e3).ToString("F2", CultureInfo.InvariantCulture) + " µs",
        _ => (nanoseconds.Value / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms",
    };
}
