using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.CompactForwardEmitter;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// The chain rule through a vector layer (<see cref="LayerSpec.IsVector"/>) and into it from the layer that reads it.
/// Every lane does what the scalar code does for its neuron, operation for operation, and a vector's lanes are added
/// in a fixed pairwise order (<see cref="CompactParameters.LaneSum"/>), so the results do not depend on how a machine
/// adds a vector's lanes.
/// </summary>
internal static class VectorLayerBackward
{
    /// <summary>dLoss/dy of the vector layer before <paramref name="layer"/>: Σ row_o · dz_o, from the rows before the step.</summary>
    public static void WriteInputDeltaFromRows(IndentedWriter w, LayerSpec layer)
    {
        var sum = new System.Text.StringBuilder();
        for (int o = 0; o < layer.OutputSize; o++)
        {
            sum.Append(o == 0 ? string.Empty : " + ")
                .Append($"{CompactParameters.Row(layer, o)} * {CompactBackwardEmitter.DeltaOfPreActivation(layer, o)}");
        }

        w.Line($"{CompactParameters.Vector} {VectorDelta("dy", layer.Number - 1)} = {sum};");
    }

    /// <summary>The SGD step on the row of weights into neuron <paramref name="neuron"/>: row += -η·(dz · y), lane by lane.</summary>
    public static void WriteRowStep(IndentedWriter w, LayerSpec layer, int neuron, string dz) =>
        w.Line($"{CompactParameters.Row(layer, neuron)} += {VectorOutput(layer.Number - 1)} * {dz} * negativeLearningRate;");

    /// <summary>dLoss/dz = dLoss/dy · y(1 - y) in four lanes, then dLoss/dInput and the step or the gradients.</summary>
    public static void Write(IndentedWriter w, LayerSpec layer, bool step)
    {
        string y = VectorOutput(layer.Number);
        string dz = VectorDelta("dz", layer.Number);
        w.Line($"// {Describe(layer)}, as one vector: dLoss/dz = dLoss/dy · sigmoid'(z) = y(1 - y).");
        w.Line($"{CompactParameters.Vector} {dz} = {VectorDelta("dy", layer.Number)} * ({y} * ({CompactParameters.Vector}.One - {y}));");

        if (!layer.IsFirst)
        {
            w.Line();
            w.Line(step
                ? "// dLoss/dInput = Wᵀ · dz, from the weights before the step: each column times dz, its lanes added pairwise."
                : "// dLoss/dInput = Wᵀ · dz: each column times dz, its lanes added pairwise.");
            for (int i = 0; i < layer.InputSize; i++)
            {
                string products = $"backProducts{Number(layer.Number)}_{Number(i)}";
                w.Line($"{CompactParameters.Vector} {products} = {CompactParameters.Column(layer, i)} * {dz};");
                w.Line($"float {CompactBackwardEmitter.DeltaOfOutput(layer.Number - 1, i)} = {CompactParameters.LaneSum(products)};");
            }
        }

        w.Line();
        if (step)
        {
            w.Line("// The step, all four neurons at once: b += -η·dz; column_i += -η·(dz · input_i).");
            w.Line($"{CompactParameters.Biases(layer)} += {dz} * negativeLearningRate;");
            for (int i = 0; i < layer.InputSize; i++)
            {
                w.Line($"{CompactParameters.Column(layer, i)} += {dz} * {InputOf(layer, i)} * negativeLearningRate;");
            }

            return;
        }

        w.Line("// dLoss/db = dz; dLoss/dW = dz · inputᵀ, lane j for neuron j.");
        for (int j = 0; j < layer.OutputSize; j++)
        {
            string lane = $"{dz}[{Number(j)}]";
            w.Line($"{Bias(layer, j, ParameterHome.Span, "gradients")} += {lane};");
            for (int i = 0; i < layer.InputSize; i++)
            {
                w.Line($"{Weight(layer, j, i, ParameterHome.Span, "gradients")} += {lane} * {InputOf(layer, i)};");
            }
        }
    }

    /// <summary>The local holding a vector layer's dLoss/dy or dLoss/dz.</summary>
    private static string VectorDelta(string prefix, int layerNumber) => prefix + Number(layerNumber);
}
