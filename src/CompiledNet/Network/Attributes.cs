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

/// <summary>Declares the size of the input vector, or the shape of an input image. Exactly one per network.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares an input of <paramref name="size"/> values.</summary>
    public InputAttribute(int size)
    {
        Size = size;
        Channels = size;
        Height = 1;
        Width = 1;
    }

    /// <summary>
    /// Declares an input image of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/>
    /// values, stored as PyTorch stores one sample of an NCHW batch: value (c, y, x) at (c·height + y)·width + x.
    /// </summary>
    public InputAttribute(int channels, int height, int width)
    {
        Channels = channels;
        Height = height;
        Width = width;
        Size = channels * height * width;
    }

    /// <summary>The number of input values.</summary>
    public int Size { get; }

    /// <summary>The image's channels (a flat input's size).</summary>
    public int Channels { get; }

    /// <summary>The image's rows (1 for a flat input).</summary>
    public int Height { get; }

    /// <summary>The image's columns (1 for a flat input).</summary>
    public int Width { get; }
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

/// <summary>
/// Declares a 2-D convolution over the image before it: <see cref="Filters"/> output channels, each the sum over every
/// input channel of a kernel slid across the (zero-padded) image, plus a bias, then the activation. Its weights are
/// [filters, in channels, kernel height, kernel width], then the biases: PyTorch's <c>nn.Conv2d</c> layout.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Declares <paramref name="filters"/> square kernels of side <paramref name="kernelSize"/>.</summary>
    public Conv2DAttribute(int filters, int kernelSize, Activation activation = Activation.Linear)
        : this(filters, kernelSize, kernelSize, activation)
    {
    }

    /// <summary>Declares <paramref name="filters"/> kernels of <paramref name="kernelHeight"/> rows and <paramref name="kernelWidth"/> columns.</summary>
    public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth, Activation activation = Activation.Linear)
    {
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Activation = activation;
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's rows.</summary>
    public int KernelHeight { get; }

    /// <summary>The kernel's columns.</summary>
    public int KernelWidth { get; }

    /// <summary>The activation applied to each output value.</summary>
    public Activation Activation { get; }

    /// <summary>The step between neighbouring windows, along both axes; 1 unless set.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>The zeros added on each of the four sides; 0 unless set. With a 3×3 kernel and stride 1, 1 keeps the image's size.</summary>
    public int Padding { get; set; }

    /// <summary>The slope of <see cref="Activation.LeakyReLU"/> for negative inputs. Must be finite and ≥ 0.</summary>
    public float NegativeSlope { get; set; } = 0.01f;

    /// <summary>The α of <see cref="Activation.ELU"/>. Must be finite and &gt; 0.</summary>
    public float Alpha { get; set; } = 1f;
}

/// <summary>
/// Declares max pooling: each channel's largest value in every <see cref="KernelSize"/> × <see cref="KernelSize"/>
/// window. Windows that would run past the edge are dropped, as PyTorch's <c>nn.MaxPool2d</c> does by default.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : Attribute
{
    /// <summary>Declares a square window of side <paramref name="kernelSize"/>.</summary>
    public MaxPool2DAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary>The window's side.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows; the kernel size (windows side by side) unless set.</summary>
    public int Stride { get; set; }
}

/// <summary>
/// Declares average pooling: each channel's mean over every <see cref="KernelSize"/> × <see cref="KernelSize"/>
/// window. Windows that would run past the edge are dropped, as PyTorch's <c>nn.AvgPool2d</c> does by default.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : Attribute
{
    /// <summary>Declares a square window of side <paramref name="kernelSize"/>.</summary>
    public AvgPool2DAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary>The window's side.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows; the kernel size (windows side by side) unless set.</summary>
    public int Stride { get; set; }
}

/// <summary>
/// Declares dropout: while training (Backward, TrainSample, BackwardBatch) each value is zeroed with probability
/// <see cref="Probability"/> and the others scaled by 1 / (1 − p), as PyTorch's <c>nn.Dropout</c> does; Forward passes
/// values through unchanged. The masks come from the network's own seeded generator, so training is reproducible.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout with probability <paramref name="probability"/>, in [0, 1).</summary>
    public DropoutAttribute(double probability) => Probability = probability;

    /// <summary>The probability of zeroing each value.</summary>
    public double Probability { get; }
}
