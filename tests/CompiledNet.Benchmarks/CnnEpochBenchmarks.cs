using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>
/// W4 training: the Fashion-MNIST CNN at batch 32, SGD η = 0.01, no shuffling. An invocation trains one pass over the
/// first <see cref="Samples"/> training images: the whole 60,000-image epoch in a full run, the first
/// <see cref="QuickSlice"/> with <c>--quick</c> (the "Epoch 60k" column then extrapolates). Both run with their own
/// job (<see cref="BenchConfig"/>): one invocation per iteration. Times are reported per sample.
/// The head-to-head with <see cref="PlainCnn"/> uses <see cref="FashionCnnNoDropout"/>, which computes the same
/// function; the rows of <see cref="FashionCnn"/> show what its Dropout(0.25) costs. The ConvLayers row times
/// BackwardBatch of <see cref="FashionConvPart"/> (the two convolutions with their im2col/col2im, ReLU and pooling,
/// then a 3,136 → 10 softmax layer) and counts only the convolutions' FLOPs.
/// </summary>
[Workload(CnnWorkload.Id)]
[BenchmarkCategory(CnnWorkload.Id)]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CnnEpochBenchmarks
{
    /// <summary>The images a quick run trains per invocation: 64 batches of 32.</summary>
    public const int QuickSlice = 2_048;
    private const int Batch = CnnWorkload.BatchSize;
    private const int In = CnnWorkload.InputSize;
    private const int Out = CnnWorkload.OutputSize;

    private float[] _inputs = null!;
    private float[] _targets = null!;
    private FashionCnnNoDropout _network = null!;
    private FashionCnn _dropoutNetwork = null!;
    private FashionConvPart _convPart = null!;
    private PlainCnn _plain = null!;
    private Sgd<float> _sgd = null!;
    private DataSet<float> _dataSet = null!;
    private TrainingOptions _fitOneThread = null!;
    private TrainingOptions _fitTwoThreads = null!;

    /// <summary>Set by Program before the benchmarks are listed: whether this is a quick run.</summary>
    public static bool Quick { get; set; }

    /// <summary>Images per invocation: 60,000 (one epoch), or <see cref="QuickSlice"/> in a quick run.</summary>
    [ParamsSource(nameof(SampleCounts))]
    public int Samples { get; set; }

    public static IEnumerable<int> SampleCounts() => [Quick ? QuickSlice : Workloads.FashionEpochSamples];

    [GlobalSetup]
    public void Setup()
    {
        (_inputs, _targets, _, _) = Workloads.FashionData(Samples);
        float[] initial = CnnWorkload.InitialParameters(seed: 4);
        _network = new FashionCnnNoDropout();
        initial.CopyTo(_network.Parameters);
        _dropoutNetwork = new FashionCnn(seed: 4);
        initial.CopyTo(_dropoutNetwork.Parameters);
        _convPart = new FashionConvPart(seed: 4);
        _plain = new PlainCnn(seed: 4);
        _plain.LoadParameters(initial);
        _sgd = new Sgd<float>(CnnWorkload.LearningRate);
        _dataSet = DataSet<float>.FromFlat(_inputs, In, _targets, Out);
        _fitOneThread = new TrainingOptions { Epochs = 1, BatchSize = Batch, Shuffle = false, MaxDegreeOfParallelism = 1 };
        _fitTwoThreads = new TrainingOptions { Epochs = 1, BatchSize = Batch, Shuffle = false, MaxDegreeOfParallelism = 2 };
    }

    [Benchmark(Baseline = true, Description = "CompiledNet, no dropout: BackwardBatch + Sgd.Step")]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public float CompiledNetEpoch() => TrainEpoch(_network);

    [Benchmark(Description = "CompiledNet, no dropout: Trainer.Fit (1 epoch, no shuffle, one thread)")]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public TrainingHistory<float> CompiledNetFitOneThread() => Trainer.Fit(_network, _dataSet, _sgd, _fitOneThread);

    [Benchmark(Description = "CompiledNet, no dropout: Trainer.Fit (1 epoch, no shuffle, 2 threads)")]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public TrainingHistory<float> CompiledNetFitTwoThreads() => Trainer.Fit(_network, _dataSet, _sgd, _fitTwoThreads);

    [Benchmark(Description = "CompiledNet with Dropout(0.25): BackwardBatch + Sgd.Step")]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public float CompiledNetDropoutEpoch() => TrainEpoch(_dropoutNetwork);

    [Benchmark(Description = "CompiledNet with Dropout(0.25): Trainer.Fit (1 epoch, no shuffle, one thread)")]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public TrainingHistory<float> CompiledNetDropoutFitOneThread() => Trainer.Fit(_dropoutNetwork, _dataSet, _sgd, _fitOneThread);

    [Benchmark(Description = "Plain C# CNN (no dropout): TrainBatch")]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public float PlainEpoch()
    {
        PlainCnn plain = _plain;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float loss = 0f;
        for (int start = 0; start < Samples; start += Batch)
        {
            int count = Math.Min(Batch, Samples - start);
            loss += plain.TrainBatch(inputs.Slice(start * In, count * In), targets.Slice(start * Out, count * Out), count, CnnWorkload.LearningRate);
        }

        return loss;
    }

    /// <summary>
    /// The convolutions nearly alone: BackwardBatch (forward and backward, no step) of the conv part closed by a
    /// 3,136 → 10 softmax layer. Everything in it is timed, pooling and the small dense layer included; only the two
    /// convolutions' FLOPs are counted, so the GFLOP/s slightly understates the convolutions' own rate.
    /// </summary>
    [Benchmark(Baseline = true, Description = "CompiledNet conv part (conv-pool-conv-pool-dense 10): BackwardBatch, conv FLOPs only")]
    [BenchmarkCategory("ConvLayers")]
    [Work(Phase.Training, Epoch = true, ConvolutionsOnly = true)]
    public float ConvPartEpoch()
    {
        FashionConvPart network = _convPart;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float loss = 0f;
        for (int start = 0; start < Samples; start += Batch)
        {
            // The gradients keep adding up (no step, no clearing): this row times BackwardBatch alone.
            int count = Math.Min(Batch, Samples - start);
            loss += network.BackwardBatch(inputs.Slice(start * In, count * In), targets.Slice(start * Out, count * Out), network.Gradients);
        }

        return loss;
    }

    /// <summary>What Trainer runs on one thread for each batch: ZeroGradients, BackwardBatch over its rows, the step.</summary>
    private float TrainEpoch<TNetwork>(TNetwork network)
        where TNetwork : INetwork<float>
    {
        Sgd<float> sgd = _sgd;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float loss = 0f;
        for (int start = 0; start < Samples; start += Batch)
        {
            int count = Math.Min(Batch, Samples - start);
            network.ZeroGradients();
            loss += network.BackwardBatch(inputs.Slice(start * In, count * In), targets.Slice(start * Out, count * Out), network.Gradients);
            sgd.Step(network.Parameters, network.Gradients, 1f / count);
        }

        return loss;
    }
}
