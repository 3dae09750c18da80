using System.Collections.Generic;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Writes the public Backward and TrainSample: a forward pass keeping every layer's output, the loss, then each
/// layer's backward method in reverse (see <see cref="LayerBackwardEmitter"/>).
/// </summary>
internal static class BackwardEmitter
{
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
            if (network.IsCompact)
            {
                CompactBackwardEmitter.WriteBackwardBody(w, network, s);
                return;
            }

            w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
            w.Line($"{s.Span} gradients = _gradients;");
            WriteBody(w, network, s, BackwardMode.Accumulate);
        }
    }

    public static void WriteTrainSampleMethod(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// One step of plain SGD on one sample, fused into back-propagation: each layer's weights are updated as its");
        w.Line("/// gradient is formed, with the same arithmetic as <see cref=\"Backward\"/> followed by an SGD step, but without");
        w.Line("/// writing and re-reading <see cref=\"Gradients\"/> (left untouched). Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <returns>The sample's loss; NaN, with no step taken, when the loss or the output layer's gradient is not finite.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length is not <see cref=\"InputSize\"/> or <see cref=\"OutputSize\"/>.</exception>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public {s.Keyword} TrainSample({s.ReadOnlySpan} input, {s.ReadOnlySpan} target, {s.Keyword} learningRate)"))
        {
            if (network.IsCompact)
            {
                CompactBackwardEmitter.WriteTrainSampleBody(w, network, s);
                return;
            }

            w.Line($"{s.Span} parameters = _parameters;");
            WriteBody(w, network, s, BackwardMode.SgdStep);
        }
    }

    public static void WriteTrainSamplesMethod(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Plain SGD on the rows <paramref name=\"order\"/> names, in turn: each step equals <see cref=\"TrainSample\"/> on that row");
        w.Line(network.IsCompact && network.ParameterCount <= Parsing.GenerationLimits.RegisterParameterLimit
            ? "/// bit for bit, but every weight stays in a local for the whole call, so each step reaches the next through registers."
            : "/// bit for bit. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <returns>The sum of the trained samples' losses, added in order; NaN when a sample's loss or output gradient was not finite.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold whole rows, or their row counts differ.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">An entry of <paramref name=\"order\"/> is not a row; nothing is trained.</exception>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public {s.Keyword} TrainSamples({s.ReadOnlySpan} inputs, {s.ReadOnlySpan} targets, global::System.ReadOnlySpan<int> order, {s.Keyword} learningRate, out int trained)"))
        {
            if (network.IsCompact)
            {
                CompactBackwardEmitter.WriteTrainSamplesBody(w, network, s);
                return;
            }

            // Each sample here costs far more than a call: the shared loop over TrainSample does.
            w.Line($"return global::CompiledNet.Generated.SampleRuns.TrainEach<{s.Keyword}>(this, inputs, targets, order, learningRate, out trained);");
        }
    }

    private static void WriteBody(IndentedWriter w, NetworkSpec network, Scalar s, BackwardMode mode)
    {
        w.Line("global::CompiledNet.Generated.Guard.Length(input.Length, InputSize, nameof(input));");
        w.Line("global::CompiledNet.Generated.Guard.Length(target.Length, OutputSize, nameof(target));");
        using (ScratchBuffers.Declare(w, s, ScratchBuffers.ForTraining(network)))
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
                LossKind.CrossEntropy => $"global::CompiledNet.Generated.Losses.SoftmaxCrossEntropy<{s.Keyword}>(preActivations{last}, activations{last}, target, delta{last})",
                LossKind.BinaryCrossEntropy => $"global::CompiledNet.Generated.Losses.SigmoidBinaryCrossEntropy<{s.Keyword}>(preActivations{last}, activations{last}, target, delta{last})",
                _ => $"global::CompiledNet.Generated.Losses.MeanSquaredError<{s.Keyword}>(activations{last}, target, delta{last})",
            };
            w.Line($"{s.Keyword} loss = {lossCall};");
            if (mode == BackwardMode.SgdStep)
            {
                w.Line();
                w.Line("// A non-finite loss or output gradient must never reach the weights.");
                using (w.Block($"if (!{s.Keyword}.IsFinite(loss) || !global::CompiledNet.Generated.Kernels.AllFinite<{s.Keyword}>(delta{last}))"))
                {
                    w.Line($"return {s.Keyword}.NaN;");
                }

                w.Line();
                w.Line($"{s.Keyword} negativeLearningRate = -learningRate;");
            }

            w.Line();
            w.Line(mode == BackwardMode.SgdStep
                ? "// Backward, output layer first; each layer hands dLoss/dInput (from its weights before the step) to the one before it."
                : "// Backward, output layer first; each layer hands dLoss/dInput to the one before it.");
            for (int i = network.Layers.Count - 1; i >= 0; i--)
            {
                LayerSpec layer = network.Layers[i];
                w.Line($"{LayerBackwardEmitter.Name(layer, mode)}({CallArguments(layer, mode)});");
            }

            w.Line("return loss;");
        }
    }

    private static string CallArguments(LayerSpec layer, BackwardMode mode)
    {
        string n = Number(layer.Number);
        string weights = $"parameters.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})";
        string biases = $"parameters.Slice({Number(layer.BiasOffset)}, {Number(layer.OutputSize)})";
        var arguments = new List<string>();
        if (mode == BackwardMode.SgdStep)
        {
            arguments.Add(weights);
            arguments.Add(biases);
        }
        else if (!layer.IsFirst)
        {
            arguments.Add(weights);
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
        if (mode == BackwardMode.SgdStep)
        {
            arguments.Add("negativeLearningRate");
        }
        else
        {
            arguments.Add($"gradients.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})");
            arguments.Add($"gradients.Slice({Number(layer.BiasOffset)}, {Number(layer.OutputSize)})");
        }

        if (!layer.IsFirst)
        {
            arguments.Add("delta" + Number(layer.Number - 1));
        }

        return string.Join(", ", arguments);
    }
}
