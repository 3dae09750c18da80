using CompiledNet.Generator.Model.Layers;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Compact;

/// <summary>
/// The locals of a compact method: x0 for the inputs, then per layer and neuron z1_0, y1_0 forward and dy1_0, dz1_0
/// backward, and the parameters where <see cref="ParameterHome"/> puts them.
/// </summary>
internal static class CompactNames
{
    /// <summary>
    /// The local holding input <paramref name="index"/> of <paramref name="layer"/>: x for the first layer, else the
    /// previous layer's y (a lane of it when that layer is a vector layer).
    /// </summary>
    public static string InputOf(DenseLayerSpec layer, int index) =>
        layer.IsFirst ? Input(index)
        : layer.ReadsVector ? $"{VectorOutput(layer.Number - 1)}[{Number(index)}]"
        : Output(layer.Number - 1, index);

    /// <summary>The local holding the sample's input <paramref name="index"/>.</summary>
    public static string Input(int index) => "x" + Number(index);

    /// <summary>The local holding y = f(z) of neuron <paramref name="index"/> of layer <paramref name="layerNumber"/>.</summary>
    public static string Output(int layerNumber, int index) => $"y{Number(layerNumber)}_{Number(index)}";

    /// <summary>The local holding a vector layer's output, all four neurons.</summary>
    public static string VectorOutput(int layerNumber) => "y" + Number(layerNumber);

    /// <summary>The local holding the weighted sum z of a neuron.</summary>
    public static string PreActivation(DenseLayerSpec layer, int index) => $"z{Number(layer.Number)}_{Number(index)}";

    /// <summary>The local holding dLoss/dy of a neuron.</summary>
    public static string DeltaOfOutput(int layerNumber, int index) => $"dy{Number(layerNumber)}_{Number(index)}";

    /// <summary>The local holding dLoss/dz of a neuron.</summary>
    public static string DeltaOfPreActivation(DenseLayerSpec layer, int index) => $"dz{Number(layer.Number)}_{Number(index)}";

    /// <summary>The local holding a vector layer's dLoss/dy or dLoss/dz (prefix "dy" or "dz").</summary>
    public static string VectorDelta(string prefix, int layerNumber) => prefix + Number(layerNumber);

    /// <summary>The weight from input <paramref name="input"/> to neuron <paramref name="neuron"/>: in the span (parameters or gradients) or its local.</summary>
    public static string Weight(DenseLayerSpec layer, int neuron, int input, ParameterHome home, string span = "parameters") =>
        CompactParameters.Scalar(layer.WeightOffset + (neuron * layer.InputSize) + input, home, span);

    /// <summary>The bias of neuron <paramref name="neuron"/>: in the span (parameters or gradients) or its local.</summary>
    public static string Bias(DenseLayerSpec layer, int neuron, ParameterHome home, string span = "parameters") =>
        CompactParameters.Scalar(layer.BiasOffset + neuron, home, span);
}
