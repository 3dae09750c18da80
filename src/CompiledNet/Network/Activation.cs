namespace CompiledNet;

/// <summary>The function a <see cref="DenseAttribute"/> layer applies to each neuron's weighted sum.</summary>
/// <remarks>The numeric values are part of the generator contract: do not renumber.</remarks>
public enum Activation
{
    /// <summary>y = z. Derivative 1. Useful on a regression output; on a hidden layer it adds nothing.</summary>
    Linear = 0,

    /// <summary>y = 1 / (1 + e^-z). Derivative y(1 - y).</summary>
    Sigmoid = 1,

    /// <summary>y = tanh z. Derivative 1 - y².</summary>
    Tanh = 2,

    /// <summary>y = max(z, 0). Derivative 1 where y &gt; 0, else 0.</summary>
    ReLU = 3,

    /// <summary>y = z where z &gt; 0, else slope·z (<see cref="DenseAttribute.NegativeSlope"/>, default 0.01).</summary>
    LeakyReLU = 4,

    /// <summary>y = z where z &gt; 0, else α(e^z - 1) (<see cref="DenseAttribute.Alpha"/>, default 1). Derivative y + α where y ≤ 0.</summary>
    ELU = 5,

    /// <summary>y = ln(1 + e^z). Derivative 1 - e^-y (the sigmoid of z).</summary>
    Softplus = 6,

    /// <summary>SiLU (swish): y = z·σ(z).</summary>
    SiLU = 7,

    /// <summary>GELU, tanh approximation: y = ½z(1 + tanh(√(2/π)(z + 0.044715z³))).</summary>
    GELU = 8,

    /// <summary>y_k = e^z_k / Σ e^z_j. Output layer only.</summary>
    Softmax = 9,

    /// <summary>
    /// The sigmoid 1 / (1 + e^-z) approximated for speed: relative error at most 8e-5 from z = -86 up, absolute error
    /// at most 2e-5 everywhere (see <see cref="Generated.ApproximateSigmoid"/>). Derivative y(1 - y), which matches the
    /// approximation's own slope within 0.4%. Opt-in where a training step's latency matters more than the last bits,
    /// as in small per-sample networks; ONNX export writes an exact Sigmoid.
    /// </summary>
    ApproximateSigmoid = 10,
}
