using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>
/// W4 inference: Forward on one Fashion-MNIST image at a time (batch 1), over the first <see cref="Images"/> training
/// images per invocation, reported per image. <see cref="FashionCnn"/>'s dropout is the identity at inference, so its
/// row runs the same arithmetic as <see cref="FashionCnnNoDropout"/>'s.
/// </summary>
[Workload(CnnWorkload.Id)]
[BenchmarkCategory(CnnWorkload.Id)]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CnnInferenceBenchmarks
{
    public const int Images = 64;
    private const int In = CnnWorkload.InputSize;
    private const int Out = CnnWorkload.OutputSize;

    private float[] _inputs = null!;
    private FashionCnnNoDropout _network = null!;
    private FashionCnn _dropoutNetwork = null!;
    private PlainCnn _plain = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_inputs, _, _, _) = Workloads.FashionData(Images);
        float[] initial = CnnWorkload.InitialParameters(seed: 4);
        _network = new FashionCnnNoDropout();
        initial.CopyTo(_network.Parameters);
        _dropoutNetwork = new FashionCnn();
        initial.CopyTo(_dropoutNetwork.Parameters);
        _plain = new PlainCnn(seed: 4);
        _plain.LoadParameters(initial);
    }

    [Benchmark(Baseline = true, Description = "CompiledNet, no dropout: Forward", OperationsPerInvoke = Images)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float CompiledNetInference()
    {
        FashionCnnNoDropout network = _network;
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < Images; s++)
        {
            network.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "CompiledNet with Dropout(0.25): Forward", OperationsPerInvoke = Images)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float CompiledNetDropoutInference()
    {
        FashionCnn network = _dropoutNetwork;
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < Images; s++)
        {
            network.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "Plain C# CNN: Forward", OperationsPerInvoke = Images)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float PlainInference()
    {
        PlainCnn plain = _plain;
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < Images; s++)
        {
            plain.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }
}
