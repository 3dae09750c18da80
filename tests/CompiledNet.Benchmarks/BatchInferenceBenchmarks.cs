using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>
/// Inference 32 rows at a time, as a data set is scored: the generated ForwardBatch against Forward row after row and
/// against ONNX Runtime given the same 32-row batch. Each invocation runs <see cref="Batches"/> batches; times are per
/// sample.
/// </summary>
public abstract class BatchInferenceBenchmarks<TNetwork>
    where TNetwork : class, INetwork<float>, new()
{
    public const int BatchSize = 32;
    public const int Batches = 8;
    private const int Samples = BatchSize * Batches;

    private float[] _inputs = null!;
    private float[] _outputs = null!;
    private TNetwork _network = null!;
    private OnnxRuntimeContender _onnxRuntime = null!;

    protected abstract WorkloadSpec Spec { get; }

    [GlobalSetup]
    public void Setup()
    {
        _network = new TNetwork();
        Workloads.InitialParameters(Spec, _network, seed: 3).CopyTo(_network.Parameters);
        (_inputs, _, _) = Workloads.RandomData(Spec, Samples, seed: 5);
        _outputs = new float[Samples * _network.OutputSize];
        _onnxRuntime = new OnnxRuntimeContender(_network, BatchSize);
    }

    [GlobalCleanup]
    public void Cleanup() => _onnxRuntime.Dispose();

    [Benchmark(Baseline = true, Description = "CompiledNet ForwardBatch (32 rows)", OperationsPerInvoke = Samples)]
    [BenchmarkCategory("InferenceBatch32")]
    [Work(Phase.Inference)]
    public float CompiledNetForwardBatch()
    {
        TNetwork network = _network;
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        for (int batch = 0; batch < Batches; batch++)
        {
            network.ForwardBatch(
                _inputs.AsSpan(batch * BatchSize * inputSize, BatchSize * inputSize),
                _outputs.AsSpan(batch * BatchSize * outputSize, BatchSize * outputSize));
        }

        return _outputs[0];
    }

    [Benchmark(Description = "CompiledNet Forward, row after row", OperationsPerInvoke = Samples)]
    [BenchmarkCategory("InferenceBatch32")]
    [Work(Phase.Inference)]
    public float CompiledNetForwardRows()
    {
        TNetwork network = _network;
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        for (int row = 0; row < Samples; row++)
        {
            network.Forward(_inputs.AsSpan(row * inputSize, inputSize), _outputs.AsSpan(row * outputSize, outputSize));
        }

        return _outputs[0];
    }

    [Benchmark(Description = "ONNX Runtime (1 thread, 32-row batch)", OperationsPerInvoke = Samples)]
    [BenchmarkCategory("InferenceBatch32")]
    [Work(Phase.Inference)]
    public float OnnxRuntimeBatch()
    {
        OnnxRuntimeContender onnx = _onnxRuntime;
        int inputSize = _network.InputSize;
        float sum = 0f;
        for (int batch = 0; batch < Batches; batch++)
        {
            sum += onnx.Run(_inputs.AsSpan(batch * BatchSize * inputSize, BatchSize * inputSize))[0];
        }

        return sum;
    }
}

/// <summary>W2 (64-32-10) scored 32 rows at a time.</summary>
[Workload("W2")]
[BenchmarkCategory("W2")]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class W2BatchInferenceBenchmarks : BatchInferenceBenchmarks<MediumBenchNet>
{
    protected override WorkloadSpec Spec => Workloads.W2;
}

/// <summary>W3 (784-128-10) scored 32 rows at a time.</summary>
[Workload("W3")]
[BenchmarkCategory("W3")]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class W3BatchInferenceBenchmarks : BatchInferenceBenchmarks<FashionBenchNet>
{
    protected override WorkloadSpec Spec => Workloads.W3;
}
