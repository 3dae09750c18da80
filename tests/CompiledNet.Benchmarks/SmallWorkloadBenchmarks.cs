using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>The data and contenders of W1 or W2, built identically in every benchmark process.</summary>
/// <typeparam name="TNetwork">The CompiledNet network of the workload.</typeparam>
public sealed class SmallWorkload<TNetwork> : IDisposable
    where TNetwork : class, INetwork<float>, new()
{
    /// <summary>Samples per benchmark invocation; the reported times are per sample.</summary>
    public const int Samples = 1024;

    /// <summary>How many samples Trainer hands TrainSamples at once for plain SGD at batch size 1.</summary>
    public const int TrainerRun = 256;

    public SmallWorkload(WorkloadSpec spec, int seed)
    {
        Spec = spec;
        if (spec == Workloads.W1)
        {
            // XOR's 4 samples, repeated.
            (float[] xorInputs, float[] xorTargets, int xorCount) = Workloads.XorData();
            Inputs = new float[Samples * spec.Inputs];
            Targets = new float[Samples * spec.Outputs];
            for (int s = 0; s < Samples; s++)
            {
                xorInputs.AsSpan((s % xorCount) * spec.Inputs, spec.Inputs).CopyTo(Inputs.AsSpan(s * spec.Inputs));
                xorTargets.AsSpan((s % xorCount) * spec.Outputs, spec.Outputs).CopyTo(Targets.AsSpan(s * spec.Outputs));
            }
        }
        else
        {
            (Inputs, Targets, _) = Workloads.RandomData(spec, Samples, seed);
        }

        Network = new TNetwork();
        InitialParameters = Workloads.InitialParameters(spec, Network, seed);
        InitialParameters.CopyTo(Network.Parameters);
        Sgd = new Sgd<float>(spec.LearningRate);
        Plain = new PlainMlp(spec);
        Plain.LoadParameters(InitialParameters);
        if (FannNative.IsAvailable)
        {
            Fann = new FannNetwork(spec, batchTraining: false);
            Fann.SetParameters(InitialParameters, batchTraining: false);
        }

        OnnxRuntime = new OnnxRuntimeContender(Network);
    }

    public WorkloadSpec Spec { get; }

    public float[] Inputs { get; }

    public float[] Targets { get; }

    /// <summary>The samples in data order, as Trainer passes an unshuffled epoch to TrainSamples.</summary>
    public int[] Order { get; } = Enumerable.Range(0, Samples).ToArray();

    public float[] InitialParameters { get; }

    public TNetwork Network { get; }

    public Sgd<float> Sgd { get; }

    public PlainMlp Plain { get; }

    public FannNetwork? Fann { get; }

    public OnnxRuntimeContender OnnxRuntime { get; }

    public void Dispose()
    {
        Fann?.Dispose();
        OnnxRuntime.Dispose();
    }
}

/// <summary>W1: XOR 2-4-1, sigmoid/sigmoid, MSE; per-sample SGD and inference, per sample.</summary>
[Workload("W1")]
[BenchmarkCategory("W1")]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public unsafe class W1XorBenchmarks
{
    private const int N = SmallWorkload<XorBenchNet>.Samples;

    // Trainer.Fit rows train this many samples per invocation, so that the cost of a Fit call itself (its order
    // array and history) is spread thin and what remains is the per-epoch overhead.
    private const int FitSamples = 16 * N;
    private SmallWorkload<XorBenchNet> _w = null!;
    private XorApproximateBenchNet _approximate = null!;
    private XorBenchNet _fitNetwork = null!;
    private DataSet<float> _fitRows64 = null!;
    private DataSet<float> _fitRows1024 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _w = new SmallWorkload<XorBenchNet>(Workloads.W1, seed: 1);
        _approximate = new XorApproximateBenchNet();
        _w.InitialParameters.CopyTo(_approximate.Parameters);
        _fitNetwork = new XorBenchNet();
        _w.InitialParameters.CopyTo(_fitNetwork.Parameters);
        _fitRows1024 = DataSet<float>.FromFlat(_w.Inputs, XorBenchNet.InputSize, _w.Targets, XorBenchNet.OutputSize);
        _fitRows64 = _fitRows1024.Take(64);
    }

    [GlobalCleanup]
    public void Cleanup() => _w.Dispose();

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float CompiledNetTrain()
    {
        // What Trainer runs for plain SGD at batch size 1 and a fixed rate: TrainSamples over the epoch's order in runs.
        // Written out in each benchmark on purpose: one shared helper taking INetwork<float> measured 45 ns a step here
        // and 56 ns with ApproximateSigmoid, against 40 and 37 ns written out (Zen 5, quick runs, 2026-12-01).
        XorBenchNet network = _w.Network;
        float rate = (float)_w.Sgd.LearningRate;
        ReadOnlySpan<float> inputs = _w.Inputs;
        ReadOnlySpan<float> targets = _w.Targets;
        ReadOnlySpan<int> order = _w.Order;
        float loss = 0f;
        for (int start = 0; start < N; start += SmallWorkload<XorBenchNet>.TrainerRun)
        {
            loss += network.TrainSamples(inputs, targets, order.Slice(start, SmallWorkload<XorBenchNet>.TrainerRun), rate, out _);
        }

        return loss;
    }

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float PlainTrain()
    {
        PlainMlp plain = _w.Plain;
        ReadOnlySpan<float> inputs = _w.Inputs;
        ReadOnlySpan<float> targets = _w.Targets;
        float rate = _w.Spec.LearningRate;
        float loss = 0f;
        for (int s = 0; s < N; s++)
        {
            loss += plain.TrainSample(inputs.Slice(s * 2, 2), targets.Slice(s, 1), rate);
        }

        return loss;
    }

    [Benchmark(Description = "CompiledNet, ApproximateSigmoid", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float CompiledNetApproximateTrain()
    {
        // As CompiledNetTrain, with Activation.ApproximateSigmoid on both layers.
        XorApproximateBenchNet network = _approximate;
        float rate = (float)_w.Sgd.LearningRate;
        ReadOnlySpan<float> inputs = _w.Inputs;
        ReadOnlySpan<float> targets = _w.Targets;
        ReadOnlySpan<int> order = _w.Order;
        float loss = 0f;
        for (int start = 0; start < N; start += SmallWorkload<XorBenchNet>.TrainerRun)
        {
            loss += network.TrainSamples(inputs, targets, order.Slice(start, SmallWorkload<XorBenchNet>.TrainerRun), rate, out _);
        }

        return loss;
    }

    [Benchmark(Description = "CompiledNet, Trainer.Fit, 64-row epochs", OperationsPerInvoke = FitSamples)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float CompiledNetFit64() => Fit(_fitRows64);

    [Benchmark(Description = "CompiledNet, Trainer.Fit, 1,024-row epochs", OperationsPerInvoke = FitSamples)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float CompiledNetFit1024() => Fit(_fitRows1024);

    [Benchmark(Description = "FANN (fann_train, incremental)", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public void FannTrain()
    {
        FannNetwork fann = _w.Fann!;
        fixed (float* x = _w.Inputs, t = _w.Targets)
        {
            for (int s = 0; s < N; s++)
            {
                fann.Train(x + (s * 2), t + s);
            }
        }
    }

    /// <summary>Trainer.Fit as an application calls it: plain SGD at batch size 1, shuffled epochs (the default).</summary>
    private float Fit(DataSet<float> rows)
    {
        var options = new TrainingOptions { Epochs = FitSamples / rows.Count, BatchSize = 1, Seed = 1 };
        return Trainer.Fit(_fitNetwork, rows, _w.Sgd, options).FinalLoss;
    }

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float CompiledNetInference()
    {
        XorBenchNet network = _w.Network;
        ReadOnlySpan<float> inputs = _w.Inputs;
        Span<float> output = stackalloc float[XorBenchNet.OutputSize];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.Forward(inputs.Slice(s * XorBenchNet.InputSize, XorBenchNet.InputSize), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float PlainInference()
    {
        PlainMlp plain = _w.Plain;
        ReadOnlySpan<float> inputs = _w.Inputs;
        Span<float> output = stackalloc float[1];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            plain.Forward(inputs.Slice(s * 2, 2), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "FANN (fann_run)", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float FannInference()
    {
        FannNetwork fann = _w.Fann!;
        float sum = 0f;
        fixed (float* x = _w.Inputs)
        {
            for (int s = 0; s < N; s++)
            {
                sum += fann.Run(x + (s * 2))[0];
            }
        }

        return sum;
    }

    [Benchmark(Description = "ONNX Runtime (1 thread)", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float OnnxRuntimeInference()
    {
        OnnxRuntimeContender onnx = _w.OnnxRuntime;
        ReadOnlySpan<float> inputs = _w.Inputs;
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            sum += onnx.Run(inputs.Slice(s * XorBenchNet.InputSize, XorBenchNet.InputSize))[0];
        }

        return sum;
    }
}

/// <summary>W2: 64-32-10, tanh/sigmoid, MSE, random data; per-sample SGD and inference, per sample.</summary>
[Workload("W2")]
[BenchmarkCategory("W2")]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public unsafe class W2MediumBenchmarks
{
    private const int N = SmallWorkload<MediumBenchNet>.Samples;
    private const int In = MediumBenchNet.InputSize;
    private const int Out = MediumBenchNet.OutputSize;
    private SmallWorkload<MediumBenchNet> _w = null!;

    [GlobalSetup]
    public void Setup() => _w = new SmallWorkload<MediumBenchNet>(Workloads.W2, seed: 2);

    [GlobalCleanup]
    public void Cleanup() => _w.Dispose();

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float CompiledNetTrain()
    {
        // What Trainer runs for plain SGD at batch size 1 and a fixed rate: TrainSamples over the epoch's order in runs.
        MediumBenchNet network = _w.Network;
        float rate = (float)_w.Sgd.LearningRate;
        ReadOnlySpan<float> inputs = _w.Inputs;
        ReadOnlySpan<float> targets = _w.Targets;
        ReadOnlySpan<int> order = _w.Order;
        float loss = 0f;
        for (int start = 0; start < N; start += SmallWorkload<MediumBenchNet>.TrainerRun)
        {
            loss += network.TrainSamples(inputs, targets, order.Slice(start, SmallWorkload<MediumBenchNet>.TrainerRun), rate, out _);
        }

        return loss;
    }

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public float PlainTrain()
    {
        PlainMlp plain = _w.Plain;
        ReadOnlySpan<float> inputs = _w.Inputs;
        ReadOnlySpan<float> targets = _w.Targets;
        float rate = _w.Spec.LearningRate;
        float loss = 0f;
        for (int s = 0; s < N; s++)
        {
            loss += plain.TrainSample(inputs.Slice(s * In, In), targets.Slice(s * Out, Out), rate);
        }

        return loss;
    }

    [Benchmark(Description = "FANN (fann_train, incremental)", OperationsPerInvoke = N)]
    [BenchmarkCategory("Train")]
    [Work(Phase.Training)]
    public void FannTrain()
    {
        FannNetwork fann = _w.Fann!;
        fixed (float* x = _w.Inputs, t = _w.Targets)
        {
            for (int s = 0; s < N; s++)
            {
                fann.Train(x + (s * In), t + (s * Out));
            }
        }
    }

    [Benchmark(Baseline = true, Description = "CompiledNet", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float CompiledNetInference()
    {
        MediumBenchNet network = _w.Network;
        ReadOnlySpan<float> inputs = _w.Inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            network.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "Plain C#", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float PlainInference()
    {
        PlainMlp plain = _w.Plain;
        ReadOnlySpan<float> inputs = _w.Inputs;
        Span<float> output = stackalloc float[Out];
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            plain.Forward(inputs.Slice(s * In, In), output);
            sum += output[0];
        }

        return sum;
    }

    [Benchmark(Description = "FANN (fann_run)", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float FannInference()
    {
        FannNetwork fann = _w.Fann!;
        float sum = 0f;
        fixed (float* x = _w.Inputs)
        {
            for (int s = 0; s < N; s++)
            {
                sum += fann.Run(x + (s * In))[0];
            }
        }

        return sum;
    }

    [Benchmark(Description = "ONNX Runtime (1 thread)", OperationsPerInvoke = N)]
    [BenchmarkCategory("Inference")]
    [Work(Phase.Inference)]
    public float OnnxRuntimeInference()
    {
        OnnxRuntimeContender onnx = _w.OnnxRuntime;
        ReadOnlySpan<float> inputs = _w.Inputs;
        float sum = 0f;
        for (int s = 0; s < N; s++)
        {
            sum += onnx.Run(inputs.Slice(s * In, In))[0];
        }

        return sum;
    }
}
