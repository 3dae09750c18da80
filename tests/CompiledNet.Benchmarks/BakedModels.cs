using System;
using System.IO;

namespace CompiledNet.Benchmarks;

/// <summary>
/// The weight files the baked benchmark networks compile in (<c>Models/w1.cnet</c>, <c>Models/relu8.cnet</c>), and
/// the <c>--write-baked-models</c> switch that writes them: W1's initial parameters (the same the W1 workload starts
/// from), and an 8 → 8 ReLU → 1 network drawn from seed 1 with small random biases. Deterministic: running the switch
/// again writes the same bytes.
/// </summary>
public static class BakedModels
{
    /// <summary>The W1 weight file, relative to this project's folder (as declared in BakedXorBenchNet).</summary>
    public const string W1File = "Models/w1.cnet";

    /// <summary>The 8-8-1 ReLU weight file, relative to this project's folder (as declared in BakedReluBenchNet).</summary>
    public const string Relu8File = "Models/relu8.cnet";

    /// <summary>W1's initial parameters: XorBenchNet's seed-0 weights with small random biases for seed 1.</summary>
    public static float[] W1Parameters() => Workloads.InitialParameters(Workloads.W1, new XorBenchNet(), seed: 1);

    /// <summary>WeightsInside's weights for seed 1 (He uniform) and random biases in [−0.1, 0.1) from seed 1 + 7919.</summary>
    public static float[] Relu8Parameters()
    {
        var network = new WeightsInside(seed: 1);
        float[] parameters = network.Parameters.ToArray();
        var random = new SeededRandom(1 + 7919);
        random.FillUniform(parameters.AsSpan(8 * 8, 8), 0.1); // layer 1 biases [64, 72)
        random.FillUniform(parameters.AsSpan((8 * 8) + 8 + 8, 1), 0.1); // layer 2 bias [80, 81)
        return parameters;
    }

    /// <summary>
    /// <c>--write-baked-models</c>: writes both files into tests/CompiledNet.Benchmarks/Models of the repository that
    /// holds this program (found by walking up to CompiledNet.sln), or into <paramref name="directory"/> if given.
    /// </summary>
    public static int Write(TextWriter log, string? directory)
    {
        if (directory is null)
        {
            string? repository = GeneratorBenchmark.FindRepository();
            if (repository is null)
            {
                log.WriteLine("--write-baked-models: CompiledNet.sln not found above the working directory or this program; pass a folder after the switch.");
                return 1;
            }

            directory = Path.Combine(repository, "tests", "CompiledNet.Benchmarks");
        }

        var xor = new XorBenchNet();
        W1Parameters().CopyTo(xor.Parameters);
        var relu = new WeightsInside();
        Relu8Parameters().CopyTo(relu.Parameters);

        string w1 = Path.GetFullPath(Path.Combine(directory, W1File));
        string relu8 = Path.GetFullPath(Path.Combine(directory, Relu8File));
        Directory.CreateDirectory(Path.GetDirectoryName(w1)!);
        WeightFile.Save(w1, xor);
        WeightFile.Save(relu8, relu);
        log.WriteLine($"Wrote {w1} ({new FileInfo(w1).Length} bytes, {XorBenchNet.ParameterCount} parameters: W1's initial parameters, seed 1).");
        log.WriteLine($"Wrote {relu8} ({new FileInfo(relu8).Length} bytes, {WeightsInside.ParameterCount} parameters: WeightsInside seed 1, biases from seed 7920).");
        return 0;
    }
}
