using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

/// <summary>Every optimizer in each configuration that takes its own code path, for tests that cover them all.</summary>
public static class OptimizerCatalog
{
    public static TheoryData<string> Names => new()
    {
        "Sgd",
        "Sgd+weightDecay",
        "Sgd+momentum",
        "Sgd+nesterov+weightDecay",
        "Adam",
        "Adam+weightDecay",
        "AdamW",
        "RmsProp",
        "RmsProp+weightDecay",
        "Rprop",
    };

    public static IOptimizer<T> Create<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        name switch
        {
            "Sgd" => new Sgd<T>(learningRate: 0.1),
            "Sgd+weightDecay" => new Sgd<T>(learningRate: 0.1, weightDecay: 0.01),
            "Sgd+momentum" => new Sgd<T>(learningRate: 0.1, momentum: 0.9),
            "Sgd+nesterov+weightDecay" => new Sgd<T>(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01),
            "Adam" => new Adam<T>(learningRate: 0.01),
            "Adam+weightDecay" => new Adam<T>(learningRate: 0.01, weightDecay: 0.1),
            "AdamW" => new AdamW<T>(learningRate: 0.01, weightDecay: 0.1),
            "RmsProp" => new RmsProp<T>(),
            "RmsProp+weightDecay" => new RmsProp<T>(weightDecay: 0.1),
            // Tight bounds, so within a few steps both clamps bind on the vector path and on the scalar tail.
            "Rprop" => new Rprop<T>(initialStep: 0.1, minStep: 0.04, maxStep: 0.13),
            _ => throw new ArgumentException($"No optimizer named {name}.", nameof(name)),
        };

    /// <summary>Deterministic parameters of mixed sign.</summary>
    public static double InitialParameter(int index) => Math.Cos(0.7 * index) * (1 + index % 4);

    /// <summary>
    /// Deterministic gradients with some exact zeros: at even indices the sign holds for several steps (Rprop's Δ
    /// grows into its maximum), at odd indices it flips often (Δ shrinks into its minimum).
    /// </summary>
    public static double Gradient(int step, int index) =>
        index % 7 == 3 ? 0 : Math.Sin(1.3 * index + (0.8 + 1.5 * (index % 2)) * step) * (1 + index % 3);
}
