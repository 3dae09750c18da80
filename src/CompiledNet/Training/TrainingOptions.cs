using System;

namespace CompiledNet;

/// <summary>How <see cref="Trainer"/> walks the data and when it stops.</summary>
public sealed class TrainingOptions
{
    private int _epochs = 1;
    private int _batchSize = 1;
    private double _validationSplit;
    private double? _clipGradientNorm;
    private int _maxDegreeOfParallelism = 1;

    /// <summary>Passes over the whole training set. At least 1.</summary>
    public int Epochs
    {
        get => _epochs;
        init => _epochs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "Train for at least one epoch.");
    }

    /// <summary>
    /// Samples whose gradients are averaged into one step. At least 1; the last batch of an epoch may be smaller, and a
    /// value above the number of training rows (up to <see cref="int.MaxValue"/>) makes each batch the whole data set.
    /// </summary>
    public int BatchSize
    {
        get => _batchSize;
        init => _batchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "A batch holds at least one sample.");
    }

    /// <summary>Whether to visit the samples in a new random order each epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffle and of the validation split; the same seed and data give bit-identical weights.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The fraction of the training set held out (after a seeded shuffle) for validation when no validation set is
    /// passed. 0 (the default) holds out nothing.
    /// </summary>
    public double ValidationSplit
    {
        get => _validationSplit;
        init => _validationSplit = value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ValidationSplit), value, "The validation split is a fraction in [0, 1).");
    }

    /// <summary>Stop when the monitored loss stops improving; null trains every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Sets the optimizer's learning rate before each step; needs an <see cref="ILearningRateOptimizer{T}"/>.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// The most threads a batch is split over (each takes a contiguous slice into its own gradient buffer; the buffers
    /// are summed in a fixed order). 1, the default, trains on the calling thread only: on a two-vCPU machine, two
    /// threads measured slower than one, since clearing and summing the extra gradient buffer costs more than the
    /// shared core gains. Worth trying where there are several physical cores. Runs with the same seed, data and value
    /// give bit-identical weights. Small batches and small networks stay on one thread whatever the value.
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "Use at least one thread.");
    }

    /// <summary>When set, each step's mean gradient is scaled down so its L2 norm is at most this.</summary>
    public double? ClipGradientNorm
    {
        get => _clipGradientNorm;
        init => _clipGradientNorm = value is null || (value > 0 && double.IsFinite(value.Value))
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), value, "The clipping norm must be a positive finite number.");
    }
}

/// <summary>Stops training once the monitored loss (validation loss, or training loss without validation data) stalls.</summary>
public sealed class EarlyStopping
{
    /// <summary>Stops after <paramref name="patience"/> epochs without an improvement larger than <paramref name="minDelta"/>.</summary>
    public EarlyStopping(int patience, double minDelta = 0, bool restoreBestWeights = true)
    {
        if (patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience is at least one epoch.");
        }

        if (!(minDelta >= 0) || double.IsInfinity(minDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "The minimum improvement is a finite number at least 0.");
        }

        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement before training stops.</summary>
    public int Patience { get; }

    /// <summary>How much the loss must fall to count as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether to put back the weights of the best epoch when training stops early or is cancelled.</summary>
    public bool RestoreBestWeights { get; }
}
