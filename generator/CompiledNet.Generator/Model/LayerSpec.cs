namespace CompiledNet.Generator.Model;

/// <summary>One dense layer, with everything the emitters need already decided.</summary>
/// <param name="Number">1-based position among the dense layers.</param>
/// <param name="WeightOffset">Where the layer's [outputs, inputs] weights start in the flat parameter array; the biases follow them.</param>
/// <param name="IsUnrolled">One statement per neuron with constant offsets, rather than a loop over rows.</param>
/// <param name="KeepsPreActivation">The layer writes its weighted sums z, because its derivative or the loss needs them.</param>
/// <param name="LossGivesPreActivationGradient">The loss is fused with this (output) layer's activation and hands back dLoss/dz directly.</param>
/// <param name="IsVector">
/// A compact network's hidden layer computed as one Vector128 of four lanes, one per neuron (see
/// GenerationLimits.MarkVectorLayers).
/// </param>
/// <param name="ReadsVector">The layer before is a vector layer: this one holds its weight rows as vectors too.</param>
internal sealed record LayerSpec(
    int Number,
    int InputSize,
    int OutputSize,
    ActivationKind Activation,
    float NegativeSlope,
    float Alpha,
    int WeightOffset,
    bool IsOutput,
    bool IsUnrolled,
    bool KeepsPreActivation,
    bool LossGivesPreActivationGradient,
    bool IsVector = false,
    bool ReadsVector = false)
{
    public int WeightCount => InputSize * OutputSize;

    public int BiasOffset => WeightOffset + WeightCount;

    public int ParameterCount => WeightCount + OutputSize;

    public bool IsFirst => Number == 1;
}
