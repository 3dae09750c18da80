using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Writes each layer's backward method, the chain rule for one dense layer: dz = dy · f'(z); dx = Wᵀ · dz for the
/// layer before (except for the first layer), from the weights before any step; then dW = dz · xᵀ and db = dz, either
/// added to the gradients or applied at once as an SGD step (<see cref="BackwardMode"/>).
/// </summary>
internal static class LayerBackwardEmitter
{
    public static string Name(LayerSpec layer, BackwardMode mode) =>
        mode == BackwardMode.SgdStep ? "Layer" + Number(layer.Number) + "SgdStep" : BackwardName(layer);

    public static void WriteLayer(IndentedWriter w, LayerSpec layer, Scalar s, BackwardMode mode)
    {
        var spans = Spans(layer, mode);
        var parameters = new List<string>();
        foreach ((string name, int _, bool writable) in spans)
        {
            parameters.Add($"{(writable ? s.Span : s.ReadOnlySpan)} {name}");
        }

        if (mode == BackwardMode.SgdStep)
        {
            parameters.Insert(parameters.Count - (layer.IsFirst ? 0 : 1), $"{s.Keyword} negativeLearningRate");
        }

        string incoming = layer.LossGivesPreActivationGradient ? "dLoss/dz (fused with the loss)" : "dLoss/dOutput";
        string effect = mode == BackwardMode.SgdStep ? "stepping its weights and biases by -η·gradient" : "adding to the gradients";
        w.Line($"/// <summary>{Describe(layer)}: back-propagates {incoming} in <paramref name=\"delta\"/>, {effect}.</summary>");
        WriteAttributes(w, layer);
        using (w.Block($"private static void {Name(layer, mode)}({string.Join(", ", parameters)})"))
        {
            if (layer.IsUnrolled)
            {
                WriteUnrolled(w, layer, s, mode, spans);
            }
            else
            {
                WriteLoop(w, layer, s, mode);
            }
        }
    }

    /// <summary>The span parameters in order: name, length, and whether the method writes it.</summary>
    private static List<(string Name, int Length, bool Writable)> Spans(LayerSpec layer, BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        var spans = new List<(string, int, bool)>();
        if (step || !layer.IsFirst)
        {
            spans.Add(("weights", layer.WeightCount, step));
        }

        if (step)
        {
            spans.Add(("biases", layer.OutputSize, true));
        }

        spans.Add(("input", layer.InputSize, false));
        if (ActivationFormulas.DerivativeUsesOutput(layer))
        {
            spans.Add(("output", layer.OutputSize, false));
        }

        if (ActivationFormulas.DerivativeUsesPreActivation(layer))
        {
            spans.Add(("preActivations", layer.OutputSize, false));
        }

        spans.Add(("delta", layer.OutputSize, true));
        if (!step)
        {
            spans.Add(("weightGradients", layer.WeightCount, true));
            spans.Add(("biasGradients", layer.OutputSize, true));
        }

        if (!layer.IsFirst)
        {
            spans.Add(("inputDelta", layer.InputSize, true));
        }

        return spans;
    }

    private static void WriteUnrolled(IndentedWriter w, LayerSpec layer, Scalar s, BackwardMode mode, List<(string Name, int Length, bool Writable)> spans)
    {
        var checks = new List<(string, int)>();
        foreach ((string name, int length, bool _) in spans)
        {
            checks.Add((name, length));
        }

        WriteLengthChecks(w, checks);
        WriteSoftmaxJacobian(w, layer, s);
        w.Line("// dLoss/dz = dLoss/dOutput · " + DerivativeText(layer));
        for (int o = 0; o < layer.OutputSize; o++)
        {
            w.Line($"{s.Keyword} dz{Number(o)} = {PreActivationGradient(layer, s, Number(o))};");
        }

        if (!layer.IsFirst)
        {
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

        w.Line();
        w.Line(mode == BackwardMode.SgdStep
            ? "// The step: b += -η·dz; W += -η·(dz · inputᵀ)."
            : "// dLoss/db = dz; dLoss/dW = dz · inputᵀ.");
        for (int o = 0; o < layer.OutputSize; o++)
        {
            string dz = "dz" + Number(o);
            w.Line(mode == BackwardMode.SgdStep
                ? $"biases[{Number(o)}] += negativeLearningRate * {dz};"
                : $"biasGradients[{Number(o)}] += {dz};");
            for (int i = 0; i < layer.InputSize; i++)
            {
                string k = Number(o * layer.InputSize + i);
                w.Line(mode == BackwardMode.SgdStep
                    ? $"weights[{k}] += negativeLearningRate * ({dz} * input[{Number(i)}]);"
                    : $"weightGradients[{k}] += {dz} * input[{Number(i)}];");
            }
        }
    }

    private static void WriteLoop(IndentedWriter w, LayerSpec layer, Scalar s, BackwardMode mode)
    {
        string fanIn = Number(layer.InputSize);
        string row = $"weights.Slice(o * {fanIn}, {fanIn})";
        WriteSoftmaxJacobian(w, layer, s);
        if (!layer.IsFirst)
        {
            w.Line("inputDelta.Clear();");
        }

        using (w.Block($"for (int o = 0; o < {Number(layer.OutputSize)}; o++)"))
        {
            w.Line("// dLoss/dz = dLoss/dOutput · " + DerivativeText(layer));
            w.Line($"{s.Keyword} dz = {PreActivationGradient(layer, s, "o")};");
            if (mode == BackwardMode.SgdStep)
            {
                w.Line("biases[o] += negativeLearningRate * dz;");
                w.Line(layer.IsFirst
                    ? $"global::CompiledNet.Generated.Kernels.SgdStepRow<{s.Keyword}>({row}, input, dz, negativeLearningRate);"
                    : $"global::CompiledNet.Generated.Kernels.BackPropagateAndSgdStepRow<{s.Keyword}>({row}, input, dz, negativeLearningRate, inputDelta);");
            }
            else
            {
                w.Line("biasGradients[o] += dz;");
                if (!layer.IsFirst)
                {
                    w.Line($"global::CompiledNet.Generated.Kernels.MultiplyAdd<{s.Keyword}>({row}, dz, inputDelta);");
                }

                w.Line($"global::CompiledNet.Generated.Kernels.MultiplyAdd<{s.Keyword}>(input, dz, weightGradients.Slice(o * {fanIn}, {fanIn}));");
            }
        }
    }

    private static void WriteSoftmaxJacobian(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        if (layer.Activation == ActivationKind.Softmax && !layer.LossGivesPreActivationGradient)
        {
            w.Line("// Softmax couples every output, so its Jacobian turns dLoss/dOutput into dLoss/dz in place first.");
            w.Line($"global::CompiledNet.Generated.Activations.SoftmaxBackward<{s.Keyword}>(output, delta);");
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
