using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>
/// Entry point. Our own switches: <c>--quick</c> (ShortRun job), <c>--generator</c> (generator and build-time mode),
/// <c>--check</c> (correctness check only), <c>--skip-check</c>, <c>--cnn-profile</c> (where the CNN's training step
/// spends its time; see <see cref="CnnProfile"/>), <c>--write-baked-models [folder]</c> (writes the
/// weight files the baked networks compile in; see <see cref="BakedModels"/>); everything else goes to BenchmarkDotNet
/// (<c>--filter '*'</c> is added when no filter is given).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool quick = false, generator = false, checkOnly = false, skipCheck = false, writeModels = false, cnnProfile = false;
        string? modelsFolder = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--write-baked-models":
                    writeModels = true;
                    if (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                    {
                        modelsFolder = args[++i];
                    }

                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--generator":
                    generator = true;
                    break;
                case "--cnn-profile":
                    cnnProfile = true;
                    break;
                case "--check":
                    checkOnly = true;
                    break;
                case "--skip-check":
                    skipCheck = true;
                    break;
                default:
                    rest.Add(arg);
                    break;
            }
        }

        if (writeModels)
        {
            return BakedModels.Write(Console.Out, modelsFolder);
        }

        if (generator)
        {
            return GeneratorBenchmark.Run(Console.Out, quick);
        }

        if (cnnProfile)
        {
            return CnnProfile.Run(Console.Out, quick);
        }

        Console.WriteLine(MachinePeak.Current.Describe());
        Console.WriteLine(FannNative.IsAvailable
            ? $"FANN: {FannNative.LibraryName} loaded."
            : $"{FannNative.NotFoundMessage} ({FannNative.UnavailableReason})");
        Console.WriteLine(File.Exists(Path.Combine(Workloads.FashionMnistDirectory, "train-images-idx3-ubyte.gz"))
            ? $"W3 data: Fashion-MNIST from {Workloads.FashionMnistDirectory}; epoch rows train a fixed subset of the first {W3FashionBenchmarks.Subset:N0} training images per invocation, reported per sample and scaled to 60,000."
            : $"W3 data: random Fashion-MNIST-shaped data ({Workloads.FashionMnistDirectory} not found); epoch rows train a fixed {W3FashionBenchmarks.Subset:N0}-sample subset per invocation, reported per sample and scaled to 60,000.");
        CnnEpochBenchmarks.Quick = quick;
        Console.WriteLine(quick
            ? $"W4 data: the same source; CNN epoch rows train the first {CnnEpochBenchmarks.QuickSlice:N0} training images per invocation (quick), reported per sample and extrapolated to 60,000."
            : $"W4 data: the same source; CNN epoch rows train one whole {Workloads.FashionEpochSamples:N0}-image epoch per invocation, reported per sample.");
        Console.WriteLine();

        if (!skipCheck && !CorrectnessCheck.Run(Console.Out))
        {
            Console.Error.WriteLine("CORRECTNESS CHECK FAILED: the contenders disagree, so no timing is run.");
            return 2;
        }

        if (checkOnly)
        {
            return 0;
        }

        bool hasFilter = rest.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h" || a.StartsWith("--filter=", StringComparison.Ordinal));
        if (!hasFilter)
        {
            rest.AddRange(["--filter", "*"]);
        }

        Console.WriteLine();
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], BenchConfig.Create(quick)).ToList();
        ResultsPrinter.Print(summaries, Console.Out);
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
