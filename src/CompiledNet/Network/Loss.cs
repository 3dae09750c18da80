namespace CompiledNet;

/// <summary>The per-sample loss a network is trained on. Definitions match PyTorch's with mean reduction over one sample.</summary>
/// <remarks>The numeric values are part of the generator contract: do not renumber.</remarks>
public enum Loss
{
    /// <summary>(1/n) Σ (y_k - t_k)². Works with any output activation.</summary>
    MeanSquaredError = 0,

    /// <summary>-Σ t_k ln y_k over a Softmax output; targets are a probability vector (one-hot or soft, summing to 1). Fused gradient y - t.</summary>
    CrossEntropy = 1,

    /// <summary>-(1/n) Σ [t_k ln y_k + (1 - t_k) ln(1 - y_k)] over a Sigmoid output. Fused gradient (y - t)/n.</summary>
    BinaryCrossEntropy = 2,
}
