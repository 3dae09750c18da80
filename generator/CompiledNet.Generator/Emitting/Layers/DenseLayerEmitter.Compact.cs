using System.Text;
using CompiledNet.Generator.Emitting.Compact;
using CompiledNet.Generator.Tables;
using static CompiledNet.Generator.Emitting.Compact.CompactNames;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// The straight-line code of a compact network (see <see cref="CompactEmitter"/>): every value a local, so nothing
/// goes through a buffer or a call between layers and the JIT keeps the values in registers. The arithmetic is the
/// same whether the gradients are accumulated or stepped, so TrainSample equals Backward plus an SGD step bit for bit.
/// </summary>
internal sealed partial class DenseLayerEmitter
{
    /// <summary>Computes the layer's z and y from its input locals and the parameters, wherever <paramref name="home"/> says they are.</summary>
    public void WriteCompactForward(IndentedWriter w, ParameterHome home)
    {
        w.Line();
        if (_layer.IsVector)
        {
            WriteVectorForward(w);
            return;
        }

        w.Line(_layer.ReadsVector
            ? $"// {Description}: z = W · input + b, each row of W times the vector before, y = f(z)."
            : $"// {Description}: z = W · input + b, y = f(z).");
        for (int o = 0; o < _layer.OutputSize; o++)
        {
            var sum = new StringBuilder(Bias(_layer, o, home));
            if (_layer.ReadsVector)
            {
                string products = $"products{Number(_layer.Number)}_{Number(o)}";
                w.Line($"{CompactParameters.Vector} {products} = {CompactParameters.Row(_layer, o)} * {VectorOutput(_layer.Number - 1)};");
                sum.Append(" + ").Append(CompactParameters.LaneSum(products));
            }
            else
            {
                for (int i = 0; i < _layer.InputSize; i++)
                {
                    sum.Append($" + {Weight(_layer, o, i, home)} * {InputOf(_layer, i)}");
                }
            }

            string z = PreActivation(_layer, o);
            w.Line($"{S.Keyword} {z} = {sum};");
            w.Line($"{S.Keyword} {Output(_layer.Number, o)} = {CompactApply(z)};");
        }
    }

    /// <summary>
    /// The chain rule through the layer, from the dLoss/dy locals the layer after (or the loss) wrote: dLoss/dz,
    /// dLoss/dy of the layer before (from the weights before any step), then the gradients or the step.
    /// </summary>
    public void WriteCompactBackward(IndentedWriter w, bool step, ParameterHome home)
    {
        w.Line();
        if (_layer.IsVector)
        {
            WriteVectorBackward(w, step);
            return;
        }

        if (_layer.LossGivesPreActivationGradient)
        {
            w.Line($"// {Description}: the loss already gave dLoss/dz.");
        }
        else
        {
            w.Line($"// {Description}: dLoss/dz = dLoss/dy · {Entry.DerivativeComment}.");
            for (int o = 0; o < _layer.OutputSize; o++)
            {
                string dy = DeltaOfOutput(_layer.Number, o);
                string? derivative = ActivationTable.DerivativeOf(Entry, _layer.ActivationParameter, S, Output(_layer.Number, o), PreActivation(_layer, o));
                w.Line($"{S.Keyword} {DeltaOfPreActivation(_layer, o)} = {(derivative is null ? dy : $"{dy} * ({derivative})")};");
            }
        }

        if (!_layer.IsFirst)
        {
            w.Line();
            w.Line(step
                ? "// dLoss/dInput = Wᵀ · dz, from the weights before the step: dLoss/dy of the layer before."
                : "// dLoss/dInput = Wᵀ · dz: dLoss/dy of the layer before.");
            if (_layer.ReadsVector)
            {
                WriteInputDeltaFromRows(w);
            }
            else
            {
                for (int i = 0; i < _layer.InputSize; i++)
                {
                    var sum = new StringBuilder();
                    for (int o = 0; o < _layer.OutputSize; o++)
                    {
                        sum.Append(o == 0 ? string.Empty : " + ")
                            .Append($"{Weight(_layer, o, i, home)} * {DeltaOfPreActivation(_layer, o)}");
                    }

                    w.Line($"{S.Keyword} {DeltaOfOutput(_layer.Number - 1, i)} = {sum};");
                }
            }
        }

        w.Line();
        w.Line(step ? "// The step: b += -η·dz; W += -η·(dz · inputᵀ)." : "// dLoss/db = dz; dLoss/dW = dz · inputᵀ.");
        for (int o = 0; o < _layer.OutputSize; o++)
        {
            string dz = DeltaOfPreActivation(_layer, o);
            w.Line(step ? $"{Bias(_layer, o, home)} += negativeLearningRate * {dz};" : $"{Bias(_layer, o, home, "gradients")} += {dz};");
            if (step && _layer.ReadsVector)
            {
                WriteRowStep(w, o, dz);
                continue;
            }

            for (int i = 0; i < _layer.InputSize; i++)
            {
                w.Line(step
                    ? $"{Weight(_layer, o, i, home)} += negativeLearningRate * ({dz} * {InputOf(_layer, i)});"
                    : $"{Weight(_layer, o, i, home, "gradients")} += {dz} * {InputOf(_layer, i)};");
            }
        }
    }

    /// <summary>y = f(z) for one neuron; a compact network has no coupled activation (NetworkPlanner.IsCompact).</summary>
    private string CompactApply(string z) => Entry.Apply is { } apply ? apply(S, _layer.ActivationParameter, z) : z;
}
