using System;
using System.Globalization;

namespace CompiledNet;

/// <summary>
/// Thrown when a batch's loss or gradient is NaN or infinite. The parameters are those from before that batch: the
/// step that would have applied its gradients was not taken.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the batch that diverged.</summary>
    public TrainingDivergedException(int epoch, int batch, double loss)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "Training diverged at batch {1} of epoch {0}: its loss is {2} or its gradient is not finite. The weights are those from before that batch; lower the learning rate, clip the gradient norm, or scale the data.",
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
