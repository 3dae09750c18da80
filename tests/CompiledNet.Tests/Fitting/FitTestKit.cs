using System;
using System.Collections.Generic;
using System.Numerics;

namespace CompiledNet.Tests.Fitting;

/// <summary>XOR: 2 inputs, 4 tanh hidden, 1 sigmoid output, mean squared error.</summary>
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class FitXorNet;

/// <summary>A small regression: 1 input, 8 tanh hidden, 1 linear output, mean squared error.</summary>
[Input(1)]
[Dense(8, Activation.Tanh)]
[Dense(1)]
public partial class FitRegressionNet;

/// <summary>Three classes in the plane: softmax output and cross-entropy.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(2)]
[Dense(6, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class FitClassifierNet;

/// <summary>A binary classifier trained on binary cross-entropy.</summary>
[Network(Loss = Loss.BinaryCrossEntropy)]
[Input(2)]
[Dense(5, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class FitBinaryNet;

/// <summary>The regression network in double precision, where parameter changes can be measured almost exactly.</summary>
[Network(Precision = Precision.Double)]
[Input(1)]
[Dense(8, Activation.Tanh)]
[Dense(1)]
public partial class FitDoubleRegressionNet;

/// <summary>Records a report and a copy of the parameters each time an epoch is reported, synchronously.</summary>
internal sealed class SnapshotProgress<T> : IProgress<EpochReport>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _network;
    private readonly Action<EpochReport>? _onReport;

    public SnapshotProgress(INetwork<T> network, Action<EpochReport>? onReport = null)
    {
        _network = network;
        _onReport = onReport;
    }

    public List<EpochReport> Reports { get; } = new();

    /// <summary>The parameters as they were when epoch i + 1 was reported.</summary>
    public List<T[]> Parameters { get; } = new();

    /// <summary>The thread of each report; all must be the thread that called Fit.</summary>
    public List<int> Threads { get; } = new();

    public void Report(EpochReport value)
    {
        Reports.Add(value);
        Parameters.Add(_network.Parameters.ToArray());
        Threads.Add(Environment.CurrentManagedThreadId);
        _onReport?.Invoke(value);
    }
}

/// <summary>Called after each step a <see cref="RecordingOptimizer{T}"/> forwards; step counts from 1.</summary>
internal delegate void AfterStep<T>(int step, Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale);

/// <summary>
/// Wraps an optimizer with a learning rate: counts the steps, keeps the parameters after each one, and lets a test act
/// after a step (cancel a token, damage a weight).
/// </summary>
internal sealed class RecordingOptimizer<T> : ILearningRateOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILearningRateOptimizer<T> _inner;
    private readonly AfterStep<T>? _afterStep;

    public RecordingOptimizer(ILearningRateOptimizer<T> inner, AfterStep<T>? afterStep = null)
    {
        _inner = inner;
        _afterStep = afterStep;
    }

    public int Steps { get; private set; }

    /// <summary>The parameters before the first step, then after each step.</summary>
    public List<T[]> History { get; } = new();

    /// <summary>The learning rate each step ran with.</summary>
    public List<double> Rates { get; } = new();

    public double LearningRate
    {
        get => _inner.LearningRate;
        set => _inner.LearningRate = value;
    }

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale)
    {
        if (History.Count == 0)
        {
            History.Add(parameters.ToArray());
        }

        Rates.Add(_inner.LearningRate);
        _inner.Step(parameters, gradients, gradientScale);
        Steps++;
        _afterStep?.Invoke(Steps, parameters, gradients, gradientScale);
        History.Add(parameters.ToArray());
    }

    public void Reset() => _inner.Reset();
}

/// <summary>Counts the steps of an optimizer without a learning rate.</summary>
internal sealed class CountingOptimizer<T>(IOptimizer<T> inner) : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Steps { get; private set; }

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T gradientScale)
    {
        Steps++;
        inner.Step(parameters, gradients, gradientScale);
    }

    public void Reset() => inner.Reset();
}

/// <summary>Small deterministic data sets.</summary>
internal static class FitData
{
    public static DataSet<T> Xor<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        DataSet<T>.FromRows(
            new[] { Row<T>(0, 0), Row<T>(0, 1), Row<T>(1, 0), Row<T>(1, 1) },
            new[] { Row<T>(0), Row<T>(1), Row<T>(1), Row<T>(0) });

    /// <summary>y = sin(2x) + noise·u, x uniform in [-1.5, 1.5], from <paramref name="seed"/>.</summary>
    public static DataSet<T> Sine<T>(int count, int seed, double noise = 0, double targetScale = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        var inputs = new T[count][];
        var targets = new T[count][];
        for (int i = 0; i < count; i++)
        {
            double x = (random.NextDouble() * 3) - 1.5;
            double y = Math.Sin(2 * x) + (noise * ((random.NextDouble() * 2) - 1));
            inputs[i] = Row<T>(x);
            targets[i] = Row<T>(targetScale * y);
        }

        return DataSet<T>.FromRows(inputs, targets);
    }

    /// <summary>Three Gaussian-ish blobs around (−1, 0), (1, 0) and (0, 1.5), one-hot targets.</summary>
    public static DataSet<T> Blobs<T>(int count, int seed, double spread = 0.35)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[][] centres = { new[] { -1.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 0.0, 1.5 } };
        var random = new SeededRandom(seed);
        var inputs = new T[count][];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 3;
            double dx = (random.NextDouble() + random.NextDouble() - 1) * 2 * spread;
            double dy = (random.NextDouble() + random.NextDouble() - 1) * 2 * spread;
            inputs[i] = Row<T>(centres[label][0] + dx, centres[label][1] + dy);
            labels[i] = label;
        }

        return DataSet<T>.FromLabels(inputs, labels, 3);
    }

    /// <summary>Points in the plane labelled 1 inside the circle of radius 1, else 0.</summary>
    public static DataSet<T> Disc<T>(int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        var inputs = new T[count][];
        var targets = new T[count][];
        for (int i = 0; i < count; i++)
        {
            double x = (random.NextDouble() * 3) - 1.5;
            double y = (random.NextDouble() * 3) - 1.5;
            inputs[i] = Row<T>(x, y);
            targets[i] = Row<T>((x * x) + (y * y) < 1 ? 1 : 0);
        }

        return DataSet<T>.FromRows(inputs, targets);
    }

    public static T[] Row<T>(params double[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            row[i] = T.CreateTruncating(values[i]);
        }

        return row;
    }

    /// <summary>The number of batches in an epoch of <paramref name="count"/> samples.</summary>
    public static int BatchesPerEpoch(int count, int batchSize) => (count + batchSize - 1) / batchSize;
}
