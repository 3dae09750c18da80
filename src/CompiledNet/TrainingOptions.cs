using System;

namespace CompiledNet;

/// <summary>How <see cref="Trainer.Train{TNetwork, T}"/> walks the data.</summary>
public sealed class TrainingOptions
{
    private int _epochs = 1;
    private int _batchSize = 1;

    /// <summary>Passes over the whole data set. At least 1.</summary>
    public int Epochs
    {
        get => _epochs;
        init => _epochs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "Train for at least one epoch.");
    }

    /// <summary>Samples whose gradients are averaged into one step. At least 1; the last batch of an epoch may be smaller.</summary>
    public int BatchSize
    {
        get => _batchSize;
        init => _batchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "A batch holds at least one sample.");
    }

    /// <summary>Whether to visit the samples in a new random order each epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffle; the same seed and data give the same order.</summary>
    public int Seed { get; init; }
}
