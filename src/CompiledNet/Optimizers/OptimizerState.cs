using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>Binds an optimizer's per-parameter state to the parameter length of its first step.</summary>
internal static class OptimizerState
{
    /// <summary>The bound length of an optimizer that has not stepped since construction or Reset.</summary>
    public const int Unbound = -1;

    /// <summary>
    /// Checks the spans against each other and against <paramref name="boundLength"/>.
    /// </summary>
    /// <returns>True when this call bound the optimizer, so its state must be (re)initialised.</returns>
    public static bool Bind(ref int boundLength, int parameterCount, int gradientCount)
    {
        Guard.Length(gradientCount, parameterCount, "gradients");
        if (boundLength == parameterCount)
        {
            return false;
        }

        if (boundLength != Unbound)
        {
            ThrowRebound(boundLength, parameterCount);
        }

        boundLength = parameterCount;
        return true;
    }

    /// <summary>An array of <paramref name="length"/> zeros, reusing <paramref name="existing"/> when it fits so a Reset costs no allocation.</summary>
    public static T[] Zeroed<T>(T[]? existing, int length)
    {
        if (existing is null || existing.Length != length)
        {
            return new T[length];
        }

        Array.Clear(existing);
        return existing;
    }

    [DoesNotReturn]
    private static void ThrowRebound(int boundLength, int parameterCount) =>
        throw new ArgumentException(
            string.Format(
                CultureInfo.InvariantCulture,
                "The optimizer's state was sized for {0} parameters on its first step but this step has {1}. Call Reset() before stepping a different network.",
                boundLength,
                parameterCount),
            "parameters");
}
