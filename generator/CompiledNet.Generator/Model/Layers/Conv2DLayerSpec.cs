using System.Globalization;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Model.Layers;

/// <summary>
/// A 2-D convolution: z[f, y, x] = b[f] + Σ_c,i,j W[f, c, i, j] · input[c, y·stride + i − padding, x·stride + j − padding],
/// y = f(z); its weights [filters, channels, kernel height, kernel width] (PyTorch's nn.Conv2d), then its biases.
/// </summary>
/// <param name="Input">The image the layer reads.</param>
/// <param name="Output">The image it writes: filters × output height × output width.</param>
internal sealed record Conv2DLayerSpec(
    int Number,
    int InputSize,
    int OutputSize,
    bool IsOutput,
    int ParameterOffset,
    ImageShape Input,
    ImageShape Output,
    int KernelHeight,
    int KernelWidth,
    int Stride,
    int Padding,
    ActivationKind Activation,
    float ActivationParameter)
    : LayerSpec(Number, InputSize, OutputSize, IsOutput, ParameterOffset)
{
    public ActivationEntry ActivationEntry => ActivationTable.Of(Activation);

    public int Filters => Output.Channels;

    /// <summary>The values one window covers, over every input channel: the inner size of the matrix product.</summary>
    public int PatchSize => Input.Channels * KernelHeight * KernelWidth;

    /// <summary>Windows per channel: the output's height × width.</summary>
    public int Positions => Output.Plane;

    /// <summary>A 1×1 kernel at stride 1 without padding reads the image itself as its patch matrix.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && Stride == 1 && Padding == 0;

    public int WeightOffset => ParameterOffset;

    public int WeightCount => Filters * PatchSize;

    public int BiasOffset => WeightOffset + WeightCount;

    public override int ParameterCount => WeightCount + Filters;

    public override bool KeepsPreActivation => ActivationEntry.NeedsPreActivation;

    public override bool HasDropout => false;

    public override string ArchitectureText =>
        string.Format(CultureInfo.InvariantCulture, "Conv2D {0} {1}x{2} stride {3} padding {4} ", Filters, KernelHeight, KernelWidth, Stride, Padding)
        + Activation
        + (ActivationEntry.Parameter is null ? string.Empty : "(" + ActivationParameter.ToString("R", CultureInfo.InvariantCulture) + ")");

    public override LayerEmitter CreateEmitter(Scalar scalar) => new Conv2DLayerEmitter(this, scalar);
}
