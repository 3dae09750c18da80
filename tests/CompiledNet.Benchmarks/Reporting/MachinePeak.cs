using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace CompiledNet.Benchmarks.Reporting;

/// <summary>
/// The machine's nominal float32 peak, assumed as cores × GHz × 32 FLOP/cycle (AVX2 with FMA: 2 FMA units × 8 floats
/// × 2 FLOPs per FMA), with the CPU model and clock read from /proc/cpuinfo.
/// </summary>
public sealed class MachinePeak
{
    public const double FlopsPerCycle = 32;

    private MachinePeak(string model, double gigahertz, int cores, bool hasAvx2Fma, string clockSource)
    {
        Model = model;
        Gigahertz = gigahertz;
        Cores = cores;
        HasAvx2Fma = hasAvx2Fma;
        ClockSource = clockSource;
    }

    public static MachinePeak Current { get; } = Read();

    public string Model { get; }

    public double Gigahertz { get; }

    public int Cores { get; }

    public bool HasAvx2Fma { get; }

    public string ClockSource { get; }

    /// <summary>GFLOP/s of the whole machine.</summary>
    public double PeakGflops => Cores * Gigahertz * FlopsPerCycle;

    /// <summary>GFLOP/s of one core: every benchmark here runs on one thread.</summary>
    public double PeakGflopsPerCore => Gigahertz * FlopsPerCycle;

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"CPU: {Model}; {Cores} logical cores; {Gigahertz:F3} GHz ({ClockSource}); AVX2+FMA: {(HasAvx2Fma ? "yes" : "NO")}; " +
        $"CompiledNet's kernels run at {Kernels.VectorWidthBits} bits.\n" +
        $"Assumed peak = cores × GHz × 32 FLOP/cycle (2 FMA units × 8 float lanes × 2) = {Cores} × {Gigahertz:F3} × 32 = {PeakGflops:F1} GFLOP/s " +
        $"({PeakGflopsPerCore:F1} GFLOP/s per core; every benchmark is single-threaded, so 1 core's share is {100.0 / Cores:F0}% of the peak).");

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

        if (megahertz == 0)
        {
            megahertz = 2000;
            source = "unknown clock, assumed 2 GHz";
        }

        return new MachinePeak(model, megahertz / 1000.0, Environment.ProcessorCount, avx2 && fma, source);
    }
}
