using System;

namespace CompiledNet;

/// <summary>Range checks for optimizer and schedule settings; each throws with the offending value.</summary>
internal static class Hyperparameter
{
    /// <summary>Finite and &gt; 0.</summary>
    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number.");

    /// <summary>Finite and ≥ 0.</summary>
    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");

    /// <summary>In [0, 1): a decay rate of a running average (β, α, momentum).</summary>
    public static double DecayRate(double value, string name) =>
        value >= 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");

    /// <summary>The learning rate a schedule sets: finite and ≥ 0.</summary>
    public static double ScheduledLearningRate(double value) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException("value", value, "The learning rate must be a finite number ≥ 0.");
}
