using System.Text;
using CompiledNet.Generator.Emitting.Compact;
using static CompiledNet.Generator.Emitting.Compact.CompactNames;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// A vector layer (<see cref="Model.Layers.DenseLayerSpec.IsVector"/>) and the layer that reads it. Every lane does
/// what the scalar code does for its neuron, operation for operation, and a vector's lanes are added in a fixed
/// pairwise order (<see cref="CompactParameters.LaneSum"/>), so the results do not depend on how a machine adds a
/// vector's lanes.
/// </summary>
internal sealed partial class DenseLayerEmitter
{
    private void WriteVectorForward(IndentedWriter w)
    {
        w.Line($"// {Description}, as one vector: z = b + Σ column_i · input_i, y = σ(z) in four lanes at once.");
        var sum = new StringBuilder(CompactParameters.Biases(_layer));
        for (int i = 0; i < _layer.InputSize; i++)
        {
            sum.Append($" + {CompactParameters.Column(_layer, i)} * {InputOf(_layer, i)}");
        }

        string n = Number(_layer.Number);
        w.Line($"{CompactParameters.Vector} z{n} = {sum};");
        string sigmoid = _layer.Activation == Model.ActivationKind.ApproximateSigmoid
            ? Tables.ActivationTable.ApproximateSigmoid
            : "global::CompiledNet.Generated.FastSigmoid.Compute";
        w.Line($"{CompactParameters.Vector} {VectorOutput(_layer.Number)} = {sigmoid}(z{n});");
    }

    /// <summary>dLoss/dz = dLoss/dy · y(1 - y) in four lanes, then dLoss/dInput and the step or the gradients.</summary>
    private void WriteVectorBackward(IndentedWriter w, bool step)
    {
        string y = VectorOutput(_layer.Number);
        string dz = VectorDelta("dz", _layer.Number);
        w.Line($"// {Description}, as one vector: dLoss/dz = dLoss/dy · sigmoid'(z) = y(1 - y).");
        w.Line($"{CompactParameters.Vector} {dz} = {VectorDelta("dy", _layer.Number)} * ({y} * ({CompactParameters.Vector}.One - {y}));");

        if (!_layer.IsFirst)
        {
            w.Line();
            w.Line(step
                ? "// dLoss/dInput = Wᵀ · dz, from the weights before the step: each column times dz, its lanes added pairwise."
                : "// dLoss/dInput = Wᵀ · dz: each column times dz, its lanes added pairwise.");
            for (int i = 0; i < _layer.InputSize; i++)
            {
                string products = $"backProducts{Number(_layer.Number)}_{Number(i)}";
                w.Line($"{CompactParameters.Vector} {products} = {CompactParameters.Column(_layer, i)} * {dz};");
                w.Line($"float {DeltaOfOutput(_layer.Number - 1, i)} = {CompactParameters.LaneSum(products)};");
            }
        }

        w.Line();
        if (step)
        {
            w.Line("// The step, all four neurons at once: b += -η·dz; column_i += -η·(dz · input_i).");
            w.Line($"{CompactParameters.Biases(_layer)} += {dz} * negativeLearningRate;");
            for (int i = 0; i < _layer.InputSize; i++)
            {
                w.Line($"{CompactParameters.Column(_layer, i)} += {dz} * {InputOf(_layer, i)} * negativeLearningRate;");
            }

            return;
        }

        w.Line("// dLoss/db = dz; dLoss/dW = dz · inputᵀ, lane j for neuron j.");
        for (int j = 0; j < _layer.OutputSize; j++)
        {
            string lane = $"{dz}[{Number(j)}]";
            w.Line($"{Bias(_layer, j, ParameterHome.Span, "gradients")} += {lane};");
            for (int i = 0; i < _layer.InputSize; i++)
            {
                w.Line($"{Weight(_layer, j, i, ParameterHome.Span, "gradients")} += {lane} * {InputOf(_layer, i)};");
            }
        }
    }

    /// <summary>dLoss/dy of the vector layer before: Σ row_o · dz_o, from the rows before the step.</summary>
    private void WriteInputDeltaFromRows(IndentedWriter w)
    {
        var sum = new StringBuilder();
        for (int o = 0; o < _layer.OutputSize; o++)
        {
            sum.Append(o == 0 ? string.Empty : " + ")
                .Append($"{CompactParameters.Row(_layer, o)} * {DeltaOfPreActivation(_layer, o)}");
        }

        w.Line($"{CompactParameters.Vector} {VectorDelta("dy", _layer.Number - 1)} = {sum};");
    }

    /// <summary>The SGD step on the row of weights into neuron <paramref name="neuron"/>: row += -η·(dz · y), lane by lane.</summary>
    private void WriteRowStep(IndentedWriter w, int neuron, string dz) =>
        w.Line($"{CompactParameters.Row(_layer, neuron)} += {VectorOutput(_layer.Number - 1)} * {dz} * negativeLearningRate;");
}
