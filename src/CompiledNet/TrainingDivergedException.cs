using System;
using System.Globalization;

namespace CompiledNet;

/// <summary>
/// Thrown when a batch's loss is NaN or infinite. The parameters are those from before that batch: the step that
/// would have applied its gradients was not taken.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the batch that diverged.</summary>
    public TrainingDivergedException(int epoch, int batch, double loss)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "Training diverged: the loss of batch {1} in epoch {0} is {2}. The weights are those from before that batch; lower the learning rate or check the data for NaN or infinite values.",
            epoch,
            batch,
            loss))
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>The 1-based epoch in which the loss stopped being finite.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based batch within that epoch.</summary>
    public int Batch { get; }

    /// <summary>The loss of that batch (NaN or infinite).</summary>
    public double Loss { get; }
}
