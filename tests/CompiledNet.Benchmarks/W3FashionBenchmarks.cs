using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>
/// W3: 784-128-10, ReLU/softmax, cross-entropy, Fashion-MNIST (the real set when installed, else random data of its
/// shape). Epoch rows train one pass over a fixed 6,000-sample subset per invocation and report time per sample
/// (the "Epoch 60k" column scales it to 60,000 samples); inference rows run 256 samples per invocation.
/// FANN 2.2 has neither ReLU nor softmax/cross-entropy: its rows run FANN_LINEAR_PIECE hidden units (clamp to [0, 1])
/// and a sigmoid output trained on MSE, the same shape and FLOP count.
/// </summary>
[Workload("W3")]
[BenchmarkCategory("W3")]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public unsafe class W3FashionBenchmarks
{
    public const int Subset = 6_000;
    public const int InferenceSamples = 256;
    public const int BatchSize = 32;
    private const int In = FashionBenchNet.InputSize;
    private const int Out = FashionBenchNet.OutputSize;

    private float[] _inputs = null!;
    private float[] _targets = null!;
    private FashionBenchNet _network = null!;
    private Sgd<float> _sgd = null!;
    private PlainMlp _plain = null!;
    private DataSet<float> _dataSet = null!;
    private TrainingOptions _fitBatch1 = null!;
    private TrainingOptions _fitBatch32 = null!;
    private TrainingOptions _fitBatch32Parallel = null!;
    private FannNetwork? _fannIncremental;
    private FannNetwork? _fannBatch;
    private List<FannTrainData> _fannBatches = new();
    private OnnxRuntimeContender _onnxRuntime = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_inputs, _targets, _, _) = Workloads.FashionData(Subset);
        _network = new FashionBenchNet();
        float[] initial = Workloads.InitialParameters(Workloads.W3, _network, seed: 3);
        initial.CopyTo(_network.Parameters);
        _sgd = new Sgd<float>(Workloads.W3.LearningRate);
        _plain = new PlainMlp(Workloads.W3);
        _plain.LoadParameters(initial);
        _dataSet = DataSet<float>.FromFlat(_inputs, In, _targets, Out);
        _fitBatch1 = new TrainingOptions { Epochs = 1, BatchSize = 1, Shuffle = false };
        _fitBatch32 = new TrainingOptions { Epochs = 1, BatchSize = BatchSize, Shuffle = false, MaxDegreeOfParallelism = 1 };
        _fitBatch32Parallel = new TrainingOptions { Epochs = 1, BatchSize = BatchSize, Shuffle = false, MaxDegreeOfParallelism = Environment.ProcessorCount };
        if (FannNative.IsAvailable)
        {
            _fannIncremental = new FannNetwork(Workloads.W3Fann, batchTraining: false);
            _fannIncremental.SetParameters(initial, batchTraining: false);
            _fannBatch = new FannNetwork(Workloads.W3Fann, batchTraining: true);
            _fannBatch.SetParameters(initial, batchTraining: true);
            _fannBatches = FannTrainData.Batches(_inputs, _targets, Subset, In, Out, BatchSize);
        }

        _onnxRuntime = new OnnxRuntimeContender(_network);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fannIncremental?.Dispose();
        _fannBatch?.Dispose();
        _fannBatches.ForEach(b => b.Dispose());
        _onnxRuntime.Dispose();
    }

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch1")]
    [Work(Phase.Training, Epoch = true)]
    public float CompiledNetEpochBatch1()
    {
        // What Trainer runs for a batch of one with plain SGD: the fused TrainSample, which TrainSamples calls sample by
        // sample for a network of this size.
        FashionBenchNet network = _network;
        float rate = (float)_sgd.LearningRate;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float loss = 0f;
        for (int s = 0; s < Subset; s++)
        {
            loss += network.TrainSample(inputs.Slice(s * In, In), targets.Slice(s * Out, Out), rate);
        }

        return loss;
    }

    [Benchmark(Description = "CompiledNet via Trainer.Fit (1 epoch, no shuffle)", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch1")]
    [Work(Phase.Training, Epoch = true)]
    public TrainingHistory<float> CompiledNetFitBatch1() => Trainer.Fit(_network, _dataSet, _sgd, _fitBatch1);

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch1")]
    [Work(Phase.Training, Epoch = true)]
    public float PlainEpochBatch1()
    {
        PlainMlp plain = _plain;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float rate = Workloads.W3.LearningRate;
        float loss = 0f;
        for (int s = 0; s < Subset; s++)
        {
            loss += plain.TrainSample(inputs.Slice(s * In, In), targets.Slice(s * Out, Out), rate);
        }

        return loss;
    }

    [Benchmark(Description = "FANN fann_train incremental (linear-piece hidden, sigmoid out + MSE)", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch1")]
    [Work(Phase.Training, Epoch = true)]
    public void FannEpochBatch1()
    {
        FannNetwork fann = _fannIncremental!;
        fixed (float* x = _inputs, t = _targets)
        {
            for (int s = 0; s < Subset; s++)
            {
                fann.Train(x + (s * In), t + (s * Out));
            }
        }
    }

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public float CompiledNetEpochBatch32()
    {
        FashionBenchNet network = _network;
        Sgd<float> sgd = _sgd;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float loss = 0f;
        for (int start = 0; start < Subset; start += BatchSize)
        {
            // What Trainer runs on one thread for a batch: BackwardBatch over the batch's rows, then the step.
            int end = Math.Min(start + BatchSize, Subset);
            network.ZeroGradients();
            loss += network.BackwardBatch(inputs.Slice(start * In, (end - start) * In), targets.Slice(start * Out, (end - start) * Out), network.Gradients);
            sgd.Step(network.Parameters, network.Gradients, 1f / (end - start));
        }

        return loss;
    }

    [Benchmark(Description = "CompiledNet via Trainer.Fit (1 epoch, no shuffle, one thread)", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public TrainingHistory<float> CompiledNetFitBatch32() => Trainer.Fit(_network, _dataSet, _sgd, _fitBatch32);

    [Benchmark(Description = "CompiledNet via Trainer.Fit (1 epoch, no shuffle, both cores)", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public TrainingHistory<float> CompiledNetFitBatch32Parallel() => Trainer.Fit(_network, _dataSet, _sgd, _fitBatch32Parallel);

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public float PlainEpochBatch32()
    {
        PlainMlp plain = _plain;
        ReadOnlySpan<float> inputs = _inputs;
        ReadOnlySpan<float> targets = _targets;
        float rate = Workloads.W3.LearningRate;
        float loss = 0f;
        for (int start = 0; start < Subset; start += BatchSize)
        {
            int count = Math.Min(BatchSize, Subset - start);
            loss += plain.TrainBatch(inputs.Slice(start * In, count * In), targets.Slice(start * Out, count * Out), count, rate);
        }

        return loss;
    }

    [Benchmark(Description = "FANN fann_train_epoch FANN_TRAIN_BATCH per 32-sample chunk (linear-piece hidden, sigmoid out + MSE)", OperationsPerInvoke = Subset)]
    [BenchmarkCategory("EpochBatch32")]
    [Work(Phase.Training, Epoch = true)]
    public float FannEpochBatch32()
    {
        FannNetwork fann = _fannBatch!;
        float mse = 0f;
        foreach (FannTrainData batch in _fannBatches)
        {
            mse += fann.TrainEpoch(batch);
        }

        return mse;
    }

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = InferenceSamples)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float CompiledNetInference()
    {
        FashionBenchNet network = _network;
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < InferenceSamples; s++)
        {
            network.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = InferenceSamples)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float PlainInference()
    {
        PlainMlp plain = _plain;
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < InferenceSamples; s++)
        {
            plain.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "FANN fann_run (linear-piece hidden, sigmoid out)", OperationsPerInvoke = InferenceSamples)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float FannInference()
    {
        FannNetwork fann = _fannIncremental!;
        float sum = 0f;
        fixed (float* x = _inputs)
        {
            for (int s = 0; s < InferenceSamples; s++)
            {
                sum += fann.Run(x + (s * In))[0];
            }
        }

        return sum;
    }

    [Benchmark(Description = "ONNX Runtime (1 thread)", OperationsPerInvoke = InferenceSamples)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float OnnxRuntimeInference()
    {
        OnnxRuntimeContender onnx = _onnxRuntime;
        ReadOnlySpan<float> inputs = _inputs;
        float sum = 0f;
        for (int s = 0; s < InferenceSamples; s++)
        {
            sum += onnx.Run(inputs.Slice(s * In, In))[0];
        }

        return sum;
    }
}
