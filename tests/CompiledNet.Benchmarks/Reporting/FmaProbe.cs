using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>
/// One core's measured fused multiply-add throughput: twelve independent chains of Vector256 or Vector512 FMAs, which
/// keep every FMA pipe of that width busy. The peak the suite reports against comes from it.
/// </summary>
public static class FmaProbe
{
    private static float s_sink;

    /// <summary>One core's measured fused multiply-add throughput at 256 and 512 bits: what the assumed peak assumes.</summary>
    public static void WriteThroughput(TextWriter log)
    {
        double ghz = MachinePeak.Current.Gigahertz;
        if (Vector256.IsHardwareAccelerated)
        {
            double g = Best(() => Fma256(2_000_000, 1.0000001f));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Measured FMA throughput, one thread, Vector256 (12 independent chains): {g:F1} GFLOP/s = {g / ghz:F1} FLOP/cycle at {ghz:F3} GHz."));
        }

        if (Vector512.IsHardwareAccelerated)
        {
            double g = Best(() => Fma512(2_000_000, 1.0000001f));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Measured FMA throughput, one thread, Vector512 (12 independent chains): {g:F1} GFLOP/s = {g / ghz:F1} FLOP/cycle at {ghz:F3} GHz."));
        }
    }

    /// <summary>
    /// One core's fused multiply-add throughput in FLOP per cycle at <paramref name="bits"/> (256 or 512): the best of
    /// many short runs, rounded to a whole number of FMA pipes of that width, one or two (x64 cores have no more).
    /// Rounding keeps a run that the machine's other work slowed, or a clock measured low, from moving the peak.
    /// Null when that width is not accelerated.
    /// </summary>
    public static double? FlopsPerCycle(int bits, double gigahertz)
    {
        double? gflops = bits switch
        {
            512 when Vector512.IsHardwareAccelerated => Best(() => Fma512(200_000, 1.0000001f)),
            256 when Vector256.IsHardwareAccelerated => Best(() => Fma256(200_000, 1.0000001f)),
            _ => null,
        };
        if (gflops is not double g)
        {
            return null;
        }

        // One pipe does bits / 32 floats × 2 FLOPs per cycle.
        double onePipe = bits / 32 * 2;
        return g / gigahertz >= 1.5 * onePipe ? 2 * onePipe : onePipe;
    }

    // The best of many short runs, so that one not interrupted by the machine's other work counts.
    private static double Best(Func<double> measure) => Enumerable.Range(0, 25).Max(_ => measure());

    private static double Fma256(int iterations, float factor)
    {
        long start = Stopwatch.GetTimestamp();
        s_sink = FmaChains256(iterations, factor);
        return iterations * 12.0 * Vector256<float>.Count * 2 / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
    }

    // No call inside, so that the twelve accumulators stay in registers: across a call the JIT keeps them on the stack
    // (every vector register is caller-saved), and the chains then time store-to-load forwarding, not the FMA pipes.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaChains256(int iterations, float factor)
    {
        Vector256<float> m = Vector256.Create(factor), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c); a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c); a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c); a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c); a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }

    private static double Fma512(int iterations, float factor)
    {
        long start = Stopwatch.GetTimestamp();
        s_sink = FmaChains512(iterations, factor);
        return iterations * 12.0 * Vector512<float>.Count * 2 / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
    }

    // No call inside, so that the twelve accumulators stay in registers: across a call the JIT keeps them on the stack
    // (every vector register is caller-saved), and the chains then time store-to-load forwarding, not the FMA pipes.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaChains512(int iterations, float factor)
    {
        Vector512<float> m = Vector512.Create(factor), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c); a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c); a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c); a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c); a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }
}
