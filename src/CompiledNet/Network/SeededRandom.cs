using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>
/// A small deterministic generator (SplitMix64) owned by this library, so a seed gives the same weights and the same
/// shuffles on every .NET version and platform.
/// </summary>
public struct SeededRandom
{
    private ulong _state;

    /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
    public SeededRandom(int seed) => _state = unchecked((ulong)(long)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A double uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniform in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt32(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The upper bound must be positive.");
        }

        int result;
        while (!TryReduce(NextUInt64(), (ulong)maxExclusive, out result))
        {
        }

        return result;
    }

    /// <summary>
    /// <paramref name="value"/> % <paramref name="bound"/>, or false for a draw at or above the largest multiple of the
    /// bound that fits in 64 bits (ulong.MaxValue - ulong.MaxValue % bound), which would bias the result. One division
    /// instead of two, which a shuffle feels per element: value - remainder is the multiple value falls in, and it is
    /// the largest one exactly when one more bound would not fit.
    /// </summary>
    internal static bool TryReduce(ulong value, ulong bound, out int result)
    {
        ulong remainder = value % bound;
        result = (int)remainder;
        return value - remainder <= ulong.MaxValue - bound;
    }

    /// <summary>Fills <paramref name="destination"/> with values uniform in [-<paramref name="limit"/>, <paramref name="limit"/>).</summary>
    public void FillUniform<T>(Span<T> destination, double limit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateTruncating((NextDouble() * 2.0 - 1.0) * limit);
        }
    }

    /// <summary>Puts <paramref name="items"/> in a uniformly random order (Fisher-Yates).</summary>
    public void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt32(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
