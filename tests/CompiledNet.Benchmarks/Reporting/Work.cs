using System;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Running;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>What one benchmark operation is: training one sample, or one inference.</summary>
public enum Phase
{
    Inference,
    Training,
}

/// <summary>The workload a benchmark class measures (W1, W2, W3, W4), for the FLOP columns.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class WorkloadAttribute : Attribute
{
    public WorkloadAttribute(string id) => Id = id;

    public string Id { get; }
}

/// <summary>What one operation of a benchmark method does; with <see cref="Epoch"/> the report adds the 60,000-sample epoch time.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WorkAttribute : Attribute
{
    public WorkAttribute(Phase phase) => Phase = phase;

    public Phase Phase { get; }

    public bool Epoch { get; init; }

    /// <summary>Count only the convolution layers' FLOPs (W4): the GFLOP/s of the convolutions, whatever else the row runs.</summary>
    public bool ConvolutionsOnly { get; init; }
}

/// <summary>Reads a benchmark's workload and phase back from its attributes.</summary>
public static class WorkInfo
{
    /// <summary>
    /// The parameter of a benchmark that runs this many samples per invocation (<see cref="CnnEpochBenchmarks"/>):
    /// its times are divided by it, so that every row is per sample.
    /// </summary>
    public const string SamplesParameter = "Samples";

    /// <summary>The FLOPs of one operation of the benchmark (one sample or one inference), and what the operation is.</summary>
    public static (double Flops, WorkAttribute Work)? Of(Type type, MethodInfo method)
    {
        WorkloadAttribute? workload = type.GetCustomAttribute<WorkloadAttribute>(inherit: true);
        WorkAttribute? work = method.GetCustomAttribute<WorkAttribute>();
        if (workload is null || work is null)
        {
            return null;
        }

        return workload.Id == CnnWorkload.Id ? (CnnWorkload.Flops(work), work) : (Flops(Workloads.ById(workload.Id), work), work);
    }

    /// <summary>FLOPs of one operation: forward 2·in·out per layer; a training sample 3× that.</summary>
    public static double Flops(WorkloadSpec spec, WorkAttribute work) =>
        work.Phase == Phase.Training ? spec.TrainingFlops : spec.ForwardFlops;

    /// <summary>Samples one invocation runs: the <see cref="SamplesParameter"/> when the benchmark has one, else 1.</summary>
    public static int SamplesPerInvocation(BenchmarkCase benchmark) =>
        benchmark.Parameters.Items.FirstOrDefault(p => p.Name == SamplesParameter)?.Value is int samples ? samples : 1;
}
