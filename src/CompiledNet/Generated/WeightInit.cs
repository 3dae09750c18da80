using System;
using System.ComponentModel;
using System.Numerics;

namespace CompiledNet.Generated;

/// <summary>Weight initialisation called by the generated constructors. Biases start at zero.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WeightInit
{
    /// <summary>Glorot/Xavier uniform: U(-a, a) with a = √(6 / (fanIn + fanOut)). For sigmoid, tanh, linear and softmax layers.</summary>
    public static void GlorotUniform<T>(Span<T> weights, int fanIn, int fanOut, ref SeededRandom random)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        random.FillUniform(weights, Math.Sqrt(6.0 / (fanIn + fanOut)));

    /// <summary>He/Kaiming uniform: U(-a, a) with a = √(6 / fanIn), PyTorch's <c>kaiming_uniform_</c> for ReLU. For the ReLU family.</summary>
    public static void HeUniform<T>(Span<T> weights, int fanIn, ref SeededRandom random)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        random.FillUniform(weights, Math.Sqrt(6.0 / fanIn));
}
