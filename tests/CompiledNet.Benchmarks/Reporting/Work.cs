using System;
using System.Reflection;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>What one benchmark operation is: training one sample, or one inference.</summary>
public enum Phase
{
    Inference,
    Training,
}

/// <summary>The workload a benchmark class measures (W1, W2, W3), for the FLOP columns.</summary>
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
}

/// <summary>Reads a benchmark's workload and phase back from its attributes.</summary>
public static class WorkInfo
{
    public static (WorkloadSpec Spec, WorkAttribute Work)? Of(Type type, MethodInfo method)
    {
        WorkloadAttribute? workload = type.GetCustomAttribute<WorkloadAttribute>(inherit: true);
        WorkAttribute? work = method.GetCustomAttribute<WorkAttribute>();
        return workload is null || work is null ? null : (Workloads.ById(workload.Id), work);
    }

    /// <summary>FLOPs of one operation: forward 2·in·out per layer; a training sample 3× that.</summary>
    public static double Flops(WorkloadSpec spec, WorkAttribute work) =>
        work.Phase == Phase.Training ? spec.TrainingFlops : spec.ForwardFlops;
}
