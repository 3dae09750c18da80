using System;
using System.Globalization;

namespace CompiledNet;

/// <summary>The shape of one sample's values: PyTorch's per-sample NCHW, stored flat as (c·Height + y)·Width + x.</summary>
/// <param name="Channels">Channels (for a flat vector, its length).</param>
/// <param name="Height">Rows of each channel (1 for a flat vector).</param>
/// <param name="Width">Columns of each channel (1 for a flat vector).</param>
public readonly record struct TensorShape(int Channels, int Height, int Width)
{
    /// <summary>The number of values: Channels × Height × Width.</summary>
    public int Size => checked(Channels * Height * Width);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");
}

/// <summary>One declared layer. Each kind is a sealed record deriving from this one.</summary>
public abstract record LayerInfo
{
    private protected LayerInfo()
    {
    }

    /// <summary>The shape the layer writes for <paramref name="input"/>; throws when the layer does not fit it.</summary>
    internal abstract TensorShape OutputShape(TensorShape input, bool inputIsSpatial);

    /// <summary>The layer's weights and biases in the flat parameter array.</summary>
    internal abstract long ParameterCount(TensorShape input);

    /// <summary>The layer's part of <see cref="NetworkArchitecture.Description"/>.</summary>
    internal abstract string Describe();

    /// <summary>Whether the layer keeps the channels × height × width shape (a Dense layer flattens).</summary>
    internal abstract bool IsSpatial { get; }

    private protected static string DescribeActivation(Activation activation, float negativeSlope, float alpha) => activation switch
    {
        Activation.LeakyReLU => activation + "(" + negativeSlope.ToString("R", CultureInfo.InvariantCulture) + ")",
        Activation.ELU => activation + "(" + alpha.ToString("R", CultureInfo.InvariantCulture) + ")",
        _ => activation.ToString(),
    };

    private protected static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A fully connected layer as declared: its size, activation, and the activation's parameter where it has one.</summary>
/// <param name="Size">The number of neurons.</param>
/// <param name="Activation">The activation.</param>
/// <param name="NegativeSlope">The LeakyReLU slope; ignored by other activations.</param>
/// <param name="Alpha">The ELU α; ignored by other activations.</param>
public sealed record DenseLayerInfo(int Size, Activation Activation, float NegativeSlope = 0.01f, float Alpha = 1f) : LayerInfo
{
    internal override bool IsSpatial => false;

    internal override TensorShape OutputShape(TensorShape input, bool inputIsSpatial) =>
        Size > 0 ? new TensorShape(Size, 1, 1) : throw new ArgumentException($"A dense layer needs a positive size, not {Size}.");

    internal override long ParameterCount(TensorShape input) => ((long)input.Size + 1) * Size;

    internal override string Describe() => "Dense " + Number(Size) + " " + DescribeActivation(Activation, NegativeSlope, Alpha);
}

/// <summary>
/// A 2-D convolution as declared: weights [filters, in channels, kernel height, kernel width] then one bias per
/// filter (PyTorch's <c>nn.Conv2d</c>), zero padding on all four sides, the same stride along both axes.
/// </summary>
/// <param name="Filters">The output channels.</param>
/// <param name="KernelHeight">Rows of the kernel.</param>
/// <param name="KernelWidth">Columns of the kernel.</param>
/// <param name="Activation">The activation applied to each output value.</param>
/// <param name="Stride">The step between windows.</param>
/// <param name="Padding">Zeros added on each side.</param>
/// <param name="NegativeSlope">The LeakyReLU slope; ignored by other activations.</param>
/// <param name="Alpha">The ELU α; ignored by other activations.</param>
public sealed record Conv2DLayerInfo(
    int Filters, int KernelHeight, int KernelWidth, Activation Activation, int Stride = 1, int Padding = 0, float NegativeSlope = 0.01f, float Alpha = 1f)
    : LayerInfo
{
    internal override bool IsSpatial => true;

    internal override TensorShape OutputShape(TensorShape input, bool inputIsSpatial)
    {
        if (!inputIsSpatial || Filters <= 0 || Stride <= 0 || Padding < 0 || KernelHeight <= 0 || KernelWidth <= 0)
        {
            throw new ArgumentException($"Conv2D {Filters} {KernelHeight}x{KernelWidth} stride {Stride} padding {Padding} does not fit a {(inputIsSpatial ? input.ToString() : "flat")} input.");
        }

        return new TensorShape(Filters, Extent(input.Height, KernelHeight), Extent(input.Width, KernelWidth));
    }

    internal override long ParameterCount(TensorShape input) => ((long)input.Channels * KernelHeight * KernelWidth + 1) * Filters;

    internal override string Describe() =>
        $"Conv2D {Number(Filters)} {Number(KernelHeight)}x{Number(KernelWidth)} stride {Number(Stride)} padding {Number(Padding)} {DescribeActivation(Activation, NegativeSlope, Alpha)}";

    private int Extent(int size, int kernel)
    {
        int span = size + (2 * Padding) - kernel;
        if (span < 0 || span % Stride != 0)
        {
            throw new ArgumentException($"A {kernel}-wide kernel with stride {Stride} and padding {Padding} does not tile {size} values: ({size} + 2·{Padding} − {kernel}) / {Stride} + 1 is not a whole positive number.");
        }

        return (span / Stride) + 1;
    }
}

/// <summary>A pooling layer's reduction.</summary>
public enum PoolingKind
{
    /// <summary>The largest value of each window (<c>nn.MaxPool2d</c>).</summary>
    Max,

    /// <summary>The mean of each window (<c>nn.AvgPool2d</c>).</summary>
    Average,
}

/// <summary>
/// A 2-D pooling layer as declared: a square window of <paramref name="Kernel"/>, moved by <paramref name="Stride"/>,
/// no padding; windows that would run past the edge are dropped, as PyTorch does by default.
/// </summary>
/// <param name="Kind">Max or average.</param>
/// <param name="Kernel">The window's side.</param>
/// <param name="Stride">The step between windows.</param>
public sealed record Pool2DLayerInfo(PoolingKind Kind, int Kernel, int Stride) : LayerInfo
{
    internal override bool IsSpatial => true;

    internal override TensorShape OutputShape(TensorShape input, bool inputIsSpatial)
    {
        if (!inputIsSpatial || Kernel <= 0 || Stride <= 0 || Kernel > input.Height || Kernel > input.Width)
        {
            throw new ArgumentException($"{Name} {Kernel} stride {Stride} does not fit a {(inputIsSpatial ? input.ToString() : "flat")} input.");
        }

        return new TensorShape(input.Channels, ((input.Height - Kernel) / Stride) + 1, ((input.Width - Kernel) / Stride) + 1);
    }

    internal override long ParameterCount(TensorShape input) => 0;

    internal override string Describe() => $"{Name} {Number(Kernel)} stride {Number(Stride)}";

    private string Name => Kind switch
    {
        PoolingKind.Max => "MaxPool2D",
        PoolingKind.Average => "AvgPool2D",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown pooling kind."),
    };
}

/// <summary>
/// Dropout as declared: during training each value is zeroed with probability <paramref name="Probability"/> and the
/// rest scaled by 1 / (1 − p) (inverted dropout, as PyTorch does); at inference it is the identity.
/// </summary>
/// <param name="Probability">The probability of dropping a value, in [0, 1).</param>
public sealed record DropoutLayerInfo(double Probability) : LayerInfo
{
    /// <summary>Dropout keeps whatever shape it is given; it flattens nothing.</summary>
    internal override bool IsSpatial => true;

    internal override TensorShape OutputShape(TensorShape input, bool inputIsSpatial) =>
        Probability is >= 0 and < 1 ? input : throw new ArgumentException($"A dropout probability must be in [0, 1), not {Probability}.");

    internal override long ParameterCount(TensorShape input) => 0;

    internal override string Describe() => "Dropout " + Probability.ToString("R", CultureInfo.InvariantCulture);
}
