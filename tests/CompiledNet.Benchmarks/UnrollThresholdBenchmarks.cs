using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CompiledNet.Benchmarks;

/// <summary>
/// Where unrolling stops paying: per-sample SGD and inference on pairs of networks whose first layer sits on one of the
/// generator's unroll limits (64 weights, fan-in 8, 4 tanh neurons; unrolled, and the network compact) or one step
/// past it (looped). Times are per sample; the looped network of a pair is slightly larger.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class UnrollThresholdBenchmarks
{
    private const int N = 1024;
    private readonly float[] _inputs = new float[N * 17];
    private readonly float[] _targets = new float[N];
    private readonly int[] _order = Enumerable.Range(0, N).ToArray();
    private const int TrainerRun = 256;
    private readonly float[] _output = new float[1];
    private readonly WeightsInside _weightsInside = new(1);
    private readonly WeightsOutside _weightsOutside = new(1);
    private readonly FanInInside _fanInInside = new(1);
    private readonly FanInOutside _fanInOutside = new(1);
    private readonly TanhInside _tanhInside = new(1);
    private readonly TanhOutside _tanhOutside = new(1);

    public UnrollThresholdBenchmarks()
    {
        var random = new Random(7);
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (int i = 0; i < _targets.Length; i++)
        {
            _targets[i] = (float)((random.NextDouble() * 0.8) + 0.1);
        }
    }

    [Benchmark(Baseline = true, Description = "8→8 ReLU, 64 weights, unrolled", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train weights")]
    public float WeightsInsideTrain() => Train(_weightsInside);

    [Benchmark(Description = "8→9 ReLU, 72 weights, looped", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train weights")]
    public float WeightsOutsideTrain() => Train(_weightsOutside);

    [Benchmark(Baseline = true, Description = "8→4 ReLU, fan-in 8, unrolled", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train fan-in")]
    public float FanInInsideTrain() => Train(_fanInInside);

    [Benchmark(Description = "9→4 ReLU, fan-in 9, looped", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train fan-in")]
    public float FanInOutsideTrain() => Train(_fanInOutside);

    [Benchmark(Baseline = true, Description = "2→4 Tanh, 4 neurons, unrolled", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train tanh")]
    public float TanhInsideTrain() => Train(_tanhInside);

    [Benchmark(Description = "2→5 Tanh, 5 neurons, looped", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train tanh")]
    public float TanhOutsideTrain() => Train(_tanhOutside);

    [Benchmark(Baseline = true, Description = "8→8 ReLU, 64 weights, unrolled", OperationsPerInvoke = N)]
    [BenchmarkCategory("Infer weights")]
    public float WeightsInsideInfer() => Infer(_weightsInside);

    [Benchmark(Description = "8→9 ReLU, 72 weights, looped", OperationsPerInvoke = N)]
    [BenchmarkCategory("Infer weights")]
    public float WeightsOutsideInfer() => Infer(_weightsOutside);

    [Benchmark(Baseline = true, Description = "8→4 ReLU, fan-in 8, unrolled", OperationsPerInvoke = N)]
    [BenchmarkCategory("Infer fan-in")]
    public float FanInInsideInfer() => Infer(_fanInInside);

    [Benchmark(Description = "9→4 ReLU, fan-in 9, looped", OperationsPerInvoke = N)]
    [BenchmarkCategory("Infer fan-in")]
    public float FanInOutsideInfer() => Infer(_fanInOutside);

    [Benchmark(Baseline = true, Description = "2→4 Tanh, 4 neurons, unrolled", OperationsPerInvoke = N)]
    [BenchmarkCategory("Infer tanh")]
    public float TanhInsideInfer() => Infer(_tanhInside);

    [Benchmark(Description = "2→5 Tanh, 5 neurons, looped", OperationsPerInvoke = N)]
    [BenchmarkCategory("Infer tanh")]
    public float TanhOutsideInfer() => Infer(_tanhOutside);

    private float Train<TNetwork>(TNetwork network)
        where TNetwork : INetwork<float>
    {
        // What Trainer runs for plain SGD at batch size 1 and a fixed rate: TrainSamples over the order in runs of 256.
        ReadOnlySpan<float> inputs = _inputs.AsSpan(0, N * network.InputSize);
        ReadOnlySpan<float> targets = _targets;
        ReadOnlySpan<int> order = _order;
        float loss = 0f;
        for (int start = 0; start < N; start += TrainerRun)
        {
            loss += network.TrainSamples(inputs, targets, order.Slice(start, TrainerRun), 0.01f, out _);
        }

        return loss;
    }

    private float Infer<TNetwork>(TNetwork network)
        where TNetwork : INetwork<float>
    {
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> output = _output;
        int size = network.InputSize;
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.Forward(inputs.Slice(s * size, size), output);
            sum += output[0];
        }

        return sum;
    }
}
