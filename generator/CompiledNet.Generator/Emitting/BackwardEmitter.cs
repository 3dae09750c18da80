using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Writes each layer's backward method, the chain rule for one dense layer: dz = dy · f'(z), dW += dz · xᵀ, db += dz,
/// and (except for the first layer) dx = Wᵀ · dz for the layer before it.
/// </summary>
internal static class BackwardEmitter
{
    public static void WriteLayer(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        bool usesOutput = ActivationFormulas.DerivativeUsesOutput(layer);
        bool usesPreActivation = ActivationFormulas.DerivativeUsesPreActivation(layer);
        var parameters = new List<string>();
        if (!layer.IsFirst)
        {
            parameters.Add($"{s.ReadOnlySpan} weights");
        }

        parameters.Add($"{s.ReadOnlySpan} input");
        if (usesOutput)
        {
            parameters.Add($"{s.ReadOnlySpan} output");
        }

        if (usesPreActivation)
        {
            parameters.Add($"{s.ReadOnlySpan} preActivations");
        }

        parameters.Add($"{s.Span} delta");
        parameters.Add($"{s.Span} weightGradients");
        parameters.Add($"{s.Span} biasGradients");
        if (!layer.IsFirst)
        {
            parameters.Add($"{s.Span} inputDelta");
        }

        string incoming = layer.LossGivesPreActivationGradient ? "dLoss/dz (fused with the loss)" : "dLoss/dOutput";
        w.Line("/// <summary>" + Describe(layer) + ": back-propagates " + incoming + " in <paramref name=\"delta\"/>, adding to the gradients.</summary>");
        WriteAttributes(w, layer);
        using (w.Block($"private static void {BackwardName(layer)}({string.Join(", ", parameters)})"))
        {
            if (layer.IsUnrolled)
            {
                WriteUnrolled(w, layer, s, usesOutput, usesPreActivation);
            }
            else
            {
                WriteLoop(w, layer, s);
            }
        }
    }

    private static void WriteUnrolled(IndentedWriter w, LayerSpec layer, Scalar s, bool usesOutput, bool usesPreActivation)
    {
        var spans = new List<(string, int)>();
        if (!layer.IsFirst)
        {
            spans.Add(("weights", layer.WeightCount));
        }

        spans.Add(("input", layer.InputSize));
        if (usesOutput)
        {
            spans.Add(("output", layer.OutputSize));
        }

        if (usesPreActivation)
        {
            spans.Add(("preActivations", layer.OutputSize));
        }

        spans.Add(("delta", layer.OutputSize));
        spans.Add(("weightGradients", layer.WeightCount));
        spans.Add(("biasGradients", layer.OutputSize));
        if (!layer.IsFirst)
        {
            spans.Add(("inputDelta", layer.InputSize));
        }

        WriteLengthChecks(w, spans);
        WriteSoftmaxJacobian(w, layer, s);
        w.Line("// dLoss/dz = dLoss/dOutput · " + DerivativeText(layer));
        for (int o = 0; o < layer.OutputSize; o++)
        {
            w.Line($"{s.Keyword} dz{Number(o)} = {PreActivationGradient(layer, s, Number(o))};");
        }

        w.Line();
        w.Line("// dLoss/db = dz; dLoss/dW = dz · inputᵀ.");
        for (int o = 0; o < layer.OutputSize; o++)
        {
            string dz = "dz" + Number(o);
            w.Line($"biasGradients[{Number(o)}] += {dz};");
            for (int i = 0; i < layer.InputSize; i++)
            {
                w.Line($"weightGradients[{Number(o * layer.InputSize + i)}] += {dz} * input[{Number(i)}];");
            }
        }

        if (layer.IsFirst)
        {
            return;
        }

        w.Line();
        w.Line("// dLoss/dInput = Wᵀ · dz, the delta of the layer before.");
        for (int i = 0; i < layer.InputSize; i++)
        {
            var sum = new StringBuilder();
            for (int o = 0; o < layer.OutputSize; o++)
            {
                sum.Append(o == 0 ? string.Empty : " + ")
                    .Append("weights[").Append(Number(o * layer.InputSize + i)).Append("] * dz").Append(Number(o));
            }

            w.Line($"inputDelta[{Number(i)}] = {sum};");
        }
    }

    private static void WriteLoop(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        string fanIn = Number(layer.InputSize);
        WriteSoftmaxJacobian(w, layer, s);
        if (!layer.IsFirst)
        {
            w.Line("inputDelta.Clear();");
        }

        using (w.Block($"for (int o = 0; o < {Number(layer.OutputSize)}; o++)"))
        {
            w.Line("// dLoss/dz = dLoss/dOutput · " + DerivativeText(layer));
            w.Line($"{s.Keyword} dz = {PreActivationGradient(layer, s, "o")};");
            w.Line("biasGradients[o] += dz;");
            w.Line($"global::CompiledNet.Kernels.MultiplyAdd<{s.Keyword}>(input, dz, weightGradients.Slice(o * {fanIn}, {fanIn}));");
            if (!layer.IsFirst)
            {
                w.Line($"global::CompiledNet.Kernels.MultiplyAdd<{s.Keyword}>(weights.Slice(o * {fanIn}, {fanIn}), dz, inputDelta);");
            }
        }
    }

    private static void WriteSoftmaxJacobian(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        if (layer.Activation == ActivationKind.Softmax && !layer.LossGivesPreActivationGradient)
        {
            w.Line("// Softmax couples every output, so its Jacobian turns dLoss/dOutput into dLoss/dz in place first.");
            w.Line($"global::CompiledNet.Activations.SoftmaxBackward<{s.Keyword}>(output, delta);");
            w.Line();
        }
    }

    private static string PreActivationGradient(LayerSpec layer, Scalar s, string index)
    {
        string delta = $"delta[{index}]";
        if (layer.LossGivesPreActivationGradient || layer.Activation == ActivationKind.Softmax)
        {
            return delta;
        }

        string? derivative = ActivationFormulas.Derivative(layer, s, $"output[{index}]", $"preActivations[{index}]");
        return derivative is null ? delta : $"{delta} * ({derivative})";
    }

    private static string DerivativeText(LayerSpec layer) =>
        layer.LossGivesPreActivationGradient
            ? "1: the loss already gave dLoss/dz."
            : layer.Activation == ActivationKind.Softmax ? "1: the Jacobian above already applied." : ActivationFormulas.DerivativeComment(layer) + ".";
}
