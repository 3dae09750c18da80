using System.Globalization;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Model.Layers;

/// <summary>A fully connected layer: z = W · x + b, y = f(z), its weights [outputs, inputs] followed by its biases.</summary>
/// <param name="Activation">f.</param>
/// <param name="ActivationParameter">The activation's parameter (see <see cref="ActivationEntry.Parameter"/>), else 0.</param>
/// <param name="LossGivesPreActivationGradient">The loss is fused with this (output) layer's activation and hands back dLoss/dz directly.</param>
/// <param name="IsVector">
/// A compact network's hidden layer computed as one Vector128 of four lanes, one per neuron (see
/// <see cref="Planning.NetworkPlanner.MarkVectorLayers"/>).
/// </param>
/// <param name="ReadsVector">The layer before is a vector layer: this one holds its weight rows as vectors too.</param>
internal sealed record DenseLayerSpec(
    int Number,
    int InputSize,
    int OutputSize,
    bool IsOutput,
    int ParameterOffset,
    ActivationKind Activation,
    float ActivationParameter,
    bool LossGivesPreActivationGradient,
    bool IsVector = false,
    bool ReadsVector = false)
    : LayerSpec(Number, InputSize, OutputSize, IsOutput, ParameterOffset)
{
    public ActivationEntry ActivationEntry => ActivationTable.Of(Activation);

    /// <summary>One statement per neuron with constant offsets, rather than a loop over rows.</summary>
    public bool IsUnrolled => GenerationLimits.Unrolls(InputSize, OutputSize, Activation);

    public int WeightOffset => ParameterOffset;

    public int WeightCount => InputSize * OutputSize;

    public int BiasOffset => WeightOffset + WeightCount;

    public override int ParameterCount => WeightCount + OutputSize;

    public override bool KeepsPreActivation => LossGivesPreActivationGradient || ActivationEntry.NeedsPreActivation;

    /// <summary>The backward pass reads the layer's output y: for f'(z) written from y, or for a Jacobian.</summary>
    public bool DerivativeReadsOutput => !LossGivesPreActivationGradient && ActivationEntry.DerivativeReads == DerivativeInput.Output;

    /// <summary>The backward pass reads the layer's pre-activation z.</summary>
    public bool DerivativeReadsPreActivation => !LossGivesPreActivationGradient && ActivationEntry.DerivativeReads == DerivativeInput.PreActivation;

    public override string ArchitectureText =>
        "Dense " + OutputSize.ToString(CultureInfo.InvariantCulture) + " " + Activation
        + (ActivationEntry.Parameter is null ? string.Empty : "(" + ActivationParameter.ToString("R", CultureInfo.InvariantCulture) + ")");

    public override bool HasDropout => false;

    public override LayerEmitter CreateEmitter(Scalar scalar) => new DenseLayerEmitter(this, scalar);
}
