using System;

namespace CompiledNet;

/// <summary>
/// Optional settings for a network declared with <see cref="InputAttribute"/> and <see cref="DenseAttribute"/>.
/// Without it the network trains on <see cref="Loss.MeanSquaredError"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The loss that <c>Backward</c> computes and differentiates.</summary>
    public Loss Loss { get; set; } = Loss.MeanSquaredError;

    /// <summary>The scalar type of the generated code; <see cref="Precision.Single"/> (float) unless set.</summary>
    public Precision Precision { get; set; } = Precision.Single;

    /// <summary>
    /// A weight file (<c>.cnet</c>) of the project, relative to the project folder, whose parameters are compiled into
    /// the network: the default constructor starts from them, and nothing is read from disk at run time. The file must
    /// reach the compiler as an <c>AdditionalFiles</c> item, which the CompiledNet package does for every <c>.cnet</c>
    /// file of the project. The build checks it against the declared layers and fails with CNET021 to CNET024 when it
    /// does not fit.
    /// </summary>
    public string? Weights { get; set; }
}

/// <summary>Declares the size of the input vector. Exactly one per network.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares an input of <paramref name="size"/> values.</summary>
    public InputAttribute(int size) => Size = size;

    /// <summary>The number of input values.</summary>
    public int Size { get; }
}

/// <summary>
/// Declares a fully connected layer. Layers run in declaration order; the last one is the output layer.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a layer of <paramref name="size"/> neurons applying <paramref name="activation"/>.</summary>
    public DenseAttribute(int size, Activation activation = Activation.Linear)
    {
        Size = size;
        Activation = activation;
    }

    /// <summary>The number of neurons (outputs) in the layer.</summary>
    public int Size { get; }

    /// <summary>The activation applied to each neuron.</summary>
    public Activation Activation { get; }

    /// <summary>The slope of <see cref="Activation.LeakyReLU"/> for negative inputs. Must be finite and ≥ 0.</summary>
    public float NegativeSlope { get; set; } = 0.01f;

    /// <summary>The α of <see cref="Activation.ELU"/>, the value it approaches for large negative inputs. Must be finite and &gt; 0.</summary>
    public float Alpha { get; set; } = 1f;
}

/// <summary>
/// Exports the network from a NativeAOT shared library as C functions named <c>{prefix}_forward</c>,
/// <c>{prefix}_input_size</c> and so on (see docs/design.md, "Native exports"). The project needs
/// <c>&lt;AllowUnsafeBlocks&gt;true&lt;/AllowUnsafeBlocks&gt;</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NativeExportAttribute : Attribute
{
    /// <summary>Exports the network under <paramref name="prefix"/>, a C identifier.</summary>
    public NativeExportAttribute(string prefix) => Prefix = prefix;

    /// <summary>The prefix of every exported C function's name.</summary>
    public string Prefix { get; }
}
