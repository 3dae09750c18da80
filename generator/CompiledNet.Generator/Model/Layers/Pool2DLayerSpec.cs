using System.Globalization;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Emitting.Layers;

namespace CompiledNet.Generator.Model.Layers;

/// <summary>How a pooling layer reduces its window.</summary>
internal enum PoolingKind
{
    /// <summary>The largest value; the backward pass sends the gradient to where it was (the argmax).</summary>
    Max,

    /// <summary>The mean; the backward pass shares the gradient equally over the window.</summary>
    Average,
}

/// <summary>
/// Max or average pooling over square windows of <paramref name="Kernel"/>, moved by <paramref name="Stride"/>, without
/// padding; windows past the edge are dropped (PyTorch's default floor mode). No parameters.
/// </summary>
internal sealed record Pool2DLayerSpec(
    int Number,
    int InputSize,
    int OutputSize,
    bool IsOutput,
    int ParameterOffset,
    PoolingKind Kind,
    ImageShape Input,
    ImageShape Output,
    int Kernel,
    int Stride)
    : LayerSpec(Number, InputSize, OutputSize, IsOutput, ParameterOffset)
{
    public override int ParameterCount => 0;

    public override bool KeepsPreActivation => false;

    public override bool HasDropout => false;

    /// <summary>The attribute's name, as the architecture and comments spell the layer.</summary>
    public string KindName => Kind == PoolingKind.Max ? "MaxPool2D" : "AvgPool2D";

    public override string ArchitectureText => string.Format(CultureInfo.InvariantCulture, "{0} {1} stride {2}", KindName, Kernel, Stride);

    public override LayerEmitter CreateEmitter(Scalar scalar) => new Pool2DLayerEmitter(this, scalar);
}
