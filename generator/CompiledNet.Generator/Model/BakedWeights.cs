namespace CompiledNet.Generator.Model;

/// <summary>
/// The values of a weight file that passed every build-time check, ready to become literal data. Float files hold
/// values a double represents exactly, so one array type serves both precisions.
/// </summary>
/// <param name="DeclaredPath">The path as [Network(Weights = ...)] wrote it, for the generated documentation.</param>
/// <param name="Parameters">Every weight and bias, in the layout of the network's parameter array.</param>
/// <param name="ScalerKind">The runtime's ScalingKind of the saved feature scaler, or 0 when the file holds none.</param>
/// <param name="ScalerOffsets">The scaler's offsets, one per input; empty without a scaler.</param>
/// <param name="ScalerScales">The scaler's scales, one per input; empty without a scaler.</param>
internal sealed record BakedWeights(
    string DeclaredPath,
    EquatableArray<double> Parameters,
    int ScalerKind,
    EquatableArray<double> ScalerOffsets,
    EquatableArray<double> ScalerScales)
{
    public bool HasScaler => ScalerKind != 0;
}
