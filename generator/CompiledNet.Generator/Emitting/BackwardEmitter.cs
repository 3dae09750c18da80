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
    /// <summary>Writes the public Backward: forward keeping every layer's output, the loss, then each layer's backward in reverse.</summary>
    public static void WriteBackwardMethod(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Runs forward, computes the {network.Loss} loss against <paramref name=\"target\"/> and adds dLoss/dParameter");
        w.Line("/// into <see cref=\"Gradients\"/> by the chain rule, output layer first. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <returns>The sample's loss.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length is not <see cref=\"InputSize\"/> or <see cref=\"OutputSize\"/>.</exception>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public {s.Keyword} Backward({s.ReadOnlySpan} input, {s.ReadOnlySpan} target)"))
        {
            w.Line("global::CompiledNet.Guard.Length(input.Length, InputSize, nameof(input));");
            w.Line("global::CompiledNet.Guard.Length(target.Length, OutputSize, nameof(target));");
            w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
            w.Line($"{s.Span} gradients = _gradients;");
            var buffers = new List<(string, int)>();
            foreach (LayerSpec layer in network.Layers)
            {
                string n = Number(layer.Number);
                buffers.Add(("activations" + n, layer.OutputSize));
                if (layer.KeepsPreActivation)
                {
                    buffers.Add(("preActivations" + n, layer.OutputSize));
                }

                buffers.Add(("delta" + n, layer.OutputSize));
            }

            using (ScratchBuffers.Declare(w, s, buffers))
            {
                WriteBackwardBody(w, network, s);
            }
        }
    }

    private static void WriteBackwardBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("// Forward, keeping each layer's output for the chain rule.");
        foreach (LayerSpec layer in network.Layers)
        {
            w.Line($"{ForwardName(layer)}({ForwardEmitter.Arguments(layer, "activations" + Number(layer.Number))});");
        }

        LayerSpec output = network.OutputLayer;
        string last = Number(output.Number);
        w.Line();
        w.Line(output.LossGivesPreActivationGradient
            ? "// The loss, and its gradient with respect to the output layer's z (fused with the activation)."
            : "// The loss, and its gradient with respect to the network's output.");
        string lossCall = network.Loss switch
        {
            LossKind.CrossEntropy => $"global::CompiledNet.Losses.SoftmaxCrossEntropy<{s.Keyword}>(preActivations{last}, activations{last}, target, delta{last})",
            LossKind.BinaryCrossEntropy => $"global::CompiledNet.Losses.SigmoidBinaryCrossEntropy<{s.Keyword}>(preActivations{last}, activations{last}, target, delta{last})",
            _ => $"global::CompiledNet.Losses.MeanSquaredError<{s.Keyword}>(activations{last}, target, delta{last})",
        };
        w.Line($"{s.Keyword} loss = {lossCall};");
        w.Line();
        w.Line("// Backward, output layer first; each layer hands dLoss/dInput to the one before it.");
        for (int i = network.Layers.Count - 1; i >= 0; i--)
        {
            w.Line($"{BackwardName(network.Layers[i])}({CallArguments(network.Layers[i])});");
        }

        w.Line("return loss;");
    }

    private static string CallArguments(LayerSpec layer)
    {
        string n = Number(layer.Number);
        var arguments = new List<string>();
        if (!layer.IsFirst)
        {
            arguments.Add($"parameters.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})");
        }

        arguments.Add(ForwardEmitter.InputOf(layer));
        if (ActivationFormulas.DerivativeUsesOutput(layer))
        {
            arguments.Add("activations" + n);
        }

        if (ActivationFormulas.DerivativeUsesPreActivation(layer))
        {
            arguments.Add("preActivations" + n);
        }

        arguments.Add("delta" + n);
        arguments.Add($"gradients.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})");
        arguments.Add($"gradients.Slice({Number(layer.BiasOffset)}, {Number(layer.OutputSize)})");
        if (!layer.IsFirst)
        {
            arguments.Add("delta" + Number(layer.Number - 1));
        }

        return string.Join(", ", arguments);
    }

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
