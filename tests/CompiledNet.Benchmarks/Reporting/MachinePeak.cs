using CompiledNet.Generated;
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>
/// One core's float32 peak: GHz × the FLOP per cycle its fused multiply-adds reach at the width CompiledNet's kernels
/// run (<see cref="FmaProbe"/>: 64 on a core with two full 512-bit FMA pipes, 32 with two 256-bit ones), with the CPU
/// model from /proc/cpuinfo. On x64 the clock is measured: a virtual machine's /proc/cpuinfo gives the nominal clock,
/// and the cores may run faster (3.2 GHz against 2.445 listed on a development machine).
/// </summary>
public sealed class MachinePeak
{
    // Where the width's throughput cannot be measured: two 256-bit FMA pipes × 8 floats × 2 FLOPs.
    private const double AssumedFlopsPerCycle = 32;

    private MachinePeak(string model, double gigahertz, int cores, bool hasAvx2Fma, string clockSource, double flopsPerCycle, string flopsSource)
    {
        Model = model;
        Gigahertz = gigahertz;
        Cores = cores;
        HasAvx2Fma = hasAvx2Fma;
        ClockSource = clockSource;
        FlopsPerCycle = flopsPerCycle;
        FlopsSource = flopsSource;
    }

    public static MachinePeak Current { get; } = Read();

    public string Model { get; }

    public double Gigahertz { get; }

    public int Cores { get; }

    public bool HasAvx2Fma { get; }

    public string ClockSource { get; }

    /// <summary>Float32 FLOP per cycle of one core at the kernels' width.</summary>
    public double FlopsPerCycle { get; }

    public string FlopsSource { get; }

    /// <summary>GFLOP/s of one core: every benchmark but the two-thread Fit rows runs on one thread.</summary>
    public double PeakGflopsPerCore => Gigahertz * FlopsPerCycle;

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"CPU: {Model}; {Cores} logical cores; {Gigahertz:F3} GHz ({ClockSource}); AVX2+FMA: {(HasAvx2Fma ? "yes" : "NO")}; " +
        $"CompiledNet's kernels run at {Kernels.VectorWidthBits} bits.\n" +
        $"Peak of one core = GHz × {FlopsPerCycle:F0} FLOP/cycle ({FlopsSource}) = {PeakGflopsPerCore:F1} GFLOP/s; " +
        $"% peak is against it (a two-thread row can pass 100%).");

    private static MachinePeak Read()
    {
        string model = "unknown";
        double megahertz = 0;
        bool avx2 = false, fma = false;
        string source = "cpu MHz in /proc/cpuinfo";
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                string key = line[..colon].Trim();
                string value = line[(colon + 1)..].Trim();
                if (key == "model name" && model == "unknown")
                {
                    model = value;
                }
                else if (key == "cpu MHz" && megahertz == 0)
                {
                    megahertz = double.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (key == "flags" && !avx2)
                {
                    string[] flags = value.Split(' ');
                    avx2 = flags.Contains("avx2");
                    fma = flags.Contains("fma");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            source = "no /proc/cpuinfo";
        }

        if (MeasureGigahertz() is double measured)
        {
            source = megahertz > 0
                ? string.Create(CultureInfo.InvariantCulture, $"measured with a chain of 64-bit multiplies; /proc/cpuinfo lists {megahertz / 1000:F3}")
                : "measured with a chain of 64-bit multiplies";
            megahertz = measured * 1000;
        }
        else if (megahertz == 0)
        {
            megahertz = 2000;
            source = "unknown clock, assumed 2 GHz";
        }

        double flopsPerCycle = AssumedFlopsPerCycle;
        string flopsSource = string.Create(CultureInfo.InvariantCulture, $"assumed: no accelerated {Kernels.VectorWidthBits}-bit FMA to measure");
        if (FmaProbe.FlopsPerCycle(Kernels.VectorWidthBits, megahertz / 1000.0) is double measuredFlops)
        {
            flopsPerCycle = measuredFlops;
            flopsSource = string.Create(CultureInfo.InvariantCulture, $"measured with {Kernels.VectorWidthBits}-bit FMAs: {measuredFlops / (Kernels.VectorWidthBits / 16):F0} pipe(s)");
        }

        return new MachinePeak(model, megahertz / 1000.0, Environment.ProcessorCount, avx2 && fma, source, flopsPerCycle, flopsSource);
    }

    /// <summary>
    /// The running clock from a chain of dependent 64-bit multiplies, which take 3 cycles each on x64 cores from AMD's
    /// Zen and Intel's Core lines; the fastest of several runs, so that a run cut short by another process does not
    /// count. Null off x64 or when the result is not plausible.
    /// </summary>
    private static double? MeasureGigahertz()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        const int Rounds = 2_000_000;
        const double CyclesPerRound = 8 * 3;
        // A factor known only at run time, so the JIT cannot fold the chain into one multiply.
        ulong factor = (ulong)Environment.ProcessorCount | 3;
        double best = double.MaxValue;
        for (int run = 0; run < 7; run++)
        {
            long start = Stopwatch.GetTimestamp();
            ulong sink = MultiplyChain(factor, Rounds);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            GC.KeepAlive(sink);
            best = Math.Min(best, seconds);
        }

        double gigahertz = Rounds * CyclesPerRound / best / 1e9;
        return gigahertz is > 0.5 and < 8 ? gigahertz : null;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong MultiplyChain(ulong factor, int rounds)
    {
        ulong value = factor;
        for (int i = 0; i < rounds; i++)
        {
            // Eight multiplies per round, each waiting on the one before, so loop overhead hides under them.
            value *= factor;
            value *= factor;
            value *= factor;
            value *= factor;
            value *= factor;
            value *= factor;
            value *= factor;
            value *= factor;
        }

        return value;
    }
}
