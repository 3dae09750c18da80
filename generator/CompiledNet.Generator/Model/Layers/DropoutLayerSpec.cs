using System.Globalization;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Emitting.Layers;

namespace CompiledNet.Generator.Model.Layers;

/// <summary>
/// Inverted dropout: while training, y = x · mask with mask 0 (probability p) or 1 / (1 − p); at inference, y = x.
/// Keeps its input's shape (<paramref name="Shape"/>, or null behind a dense layer). No parameters.
/// </summary>
/// <param name="DropoutIndex">0-based among the network's dropout layers: each draws its own stream of masks.</param>
internal sealed record DropoutLayerSpec(
    int Number,
    int InputSize,
    int OutputSize,
    bool IsOutput,
    int ParameterOffset,
    double Probability,
    ImageShape? Shape,
    int DropoutIndex)
    : LayerSpec(Number, InputSize, OutputSize, IsOutput, ParameterOffset)
{
    public override int ParameterCount => 0;

    public override bool KeepsPreActivation => false;

    public override bool HasDropout => true;

    public override string ArchitectureText => "Dropout " + Probability.ToString("R", CultureInfo.InvariantCulture);

    public override LayerEmitter CreateEmitter(Scalar scalar) => new DropoutLayerEmitter(this, scalar);
}
