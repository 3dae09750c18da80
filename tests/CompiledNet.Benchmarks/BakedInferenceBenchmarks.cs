using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CompiledNet.Benchmarks;

/// <summary>The 1,024 inputs the baked-weights benchmarks and their correctness check run on.</summary>
public static class BakedInputs
{
    /// <summary>Samples per benchmark invocation; the reported times are per inference.</summary>
    public const int Samples = 1024;

    /// <summary>W1's inputs: the 4 XOR samples, repeated.</summary>
    public static float[] Xor()
    {
        (float[] xorInputs, _, int xorCount) = Workloads.XorData();
        var inputs = new float[Samples * BakedXorBenchNet.InputSize];
        for (int s = 0; s < Samples; s++)
        {
            xorInputs.AsSpan((s % xorCount) * BakedXorBenchNet.InputSize, BakedXorBenchNet.InputSize).CopyTo(inputs.AsSpan(s * BakedXorBenchNet.InputSize));
        }

        return inputs;
    }

    /// <summary>The 8-8-1 network's inputs: uniform in [−1, 1) from seed 8.</summary>
    public static float[] Relu8()
    {
        var inputs = new float[Samples * BakedReluBenchNet.InputSize];
        var random = new SeededRandom(8);
        random.FillUniform<float>(inputs, 1.0);
        return inputs;
    }
}

/// <summary>
/// Baked weights: on a network whose parameters are compiled in from a weight file, <c>Forward</c> (the generated
/// code reading the parameter array) against <c>ForwardFrozen</c> (the same network with every weight and bias a
/// literal constant), per inference over 1,024 inputs. Both networks are compact (every layer unrolled).
/// </summary>
[BenchmarkCategory("Baked")]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class BakedInferenceBenchmarks
{
    private const int N = BakedInputs.Samples;
    private readonly BakedXorBenchNet _xor = new();
    private readonly BakedReluBenchNet _relu = new();
    private readonly float[] _xorInputs = BakedInputs.Xor();
    private readonly float[] _reluInputs = BakedInputs.Relu8();

    [Benchmark(Baseline = true, Description = "2-4-1 sigmoid, Forward", OperationsPerInvoke = N)]
    [BenchmarkCategory("W1")]
    public float XorForward()
    {
        BakedXorBenchNet network = _xor;
        ReadOnlySpan<float> inputs = _xorInputs;
        Span<float> output = stackalloc float[BakedXorBenchNet.OutputSize];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.Forward(inputs.Slice(s * BakedXorBenchNet.InputSize, BakedXorBenchNet.InputSize), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "2-4-1 sigmoid, ForwardFrozen", OperationsPerInvoke = N)]
    [BenchmarkCategory("W1")]
    public float XorForwardFrozen()
    {
        BakedXorBenchNet network = _xor;
        ReadOnlySpan<float> inputs = _xorInputs;
        Span<float> output = stackalloc float[BakedXorBenchNet.OutputSize];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.ForwardFrozen(inputs.Slice(s * BakedXorBenchNet.InputSize, BakedXorBenchNet.InputSize), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Baseline = true, Description = "8-8-1 ReLU, Forward", OperationsPerInvoke = N)]
    [BenchmarkCategory("8-8-1 ReLU")]
    public float ReluForward()
    {
        BakedReluBenchNet network = _relu;
        ReadOnlySpan<float> inputs = _reluInputs;
        Span<float> output = stackalloc float[BakedReluBenchNet.OutputSize];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.Forward(inputs.Slice(s * BakedReluBenchNet.InputSize, BakedReluBenchNet.InputSize), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "8-8-1 ReLU, ForwardFrozen", OperationsPerInvoke = N)]
    [BenchmarkCategory("8-8-1 ReLU")]
    public float ReluForwardFrozen()
    {
        BakedReluBenchNet network = _relu;
        ReadOnlySpan<float> inputs = _reluInputs;
        Span<float> output = stackalloc float[BakedReluBenchNet.OutputSize];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.ForwardFrozen(inputs.Slice(s * BakedReluBenchNet.InputSize, BakedReluBenchNet.InputSize), output);
            sum += output[0];
        }

        return sum;
    }
}
