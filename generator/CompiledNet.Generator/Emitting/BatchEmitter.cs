using System.Collections.Generic;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Writes BackwardBatch and its per-layer methods: the same chain rule as Backward, but for a whole batch at once,
/// so each layer is a few small matrix products (<c>BatchKernels</c>) instead of one vector pass per sample.
/// </summary>
internal static class BatchEmitter
{
    public static void WriteBackwardBatchMethod(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Forward, loss and back-propagation for a batch of samples stored row after row, through matrix kernels:");
        w.Line("/// adds the sum of the samples' dLoss/dParameter into <paramref name=\"gradients\"/> (the layout of");
        w.Line("/// <see cref=\"Parameters\"/>) and returns the sum of their losses. Agrees with <see cref=\"Backward\"/> on each");
        w.Line("/// sample up to float rounding. Reads the parameters only, so several threads may run it at once into separate");
        w.Line("/// gradient spans. Its buffers come from the shared array pool: nothing is allocated once the pool is warm.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold whole rows, their row counts differ, or <paramref name=\"gradients\"/> is not <see cref=\"ParameterCount\"/> long.</exception>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public {s.Keyword} BackwardBatch({s.ReadOnlySpan} inputs, {s.ReadOnlySpan} targets, {s.Span} gradients)"))
        {
            w.Line("int count = global::CompiledNet.Generated.Guard.BatchRows(inputs.Length, InputSize, targets.Length, OutputSize);");
            w.Line("global::CompiledNet.Generated.Guard.Length(gradients.Length, ParameterCount, nameof(gradients));");
            w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
            IReadOnlyList<(string Name, int Size)> buffers = ScratchBuffers.ForTraining(network);
            int perSample = 0;
            foreach ((string _, int size) in buffers)
            {
                perSample += size;
            }

            string pool = $"global::System.Buffers.ArrayPool<{s.Keyword}>.Shared";
            w.Line($"{s.Keyword}[] scratch = {pool}.Rent(count * {Number(perSample)});");
            using (w.Block("try"))
            {
                w.Line("int offset = 0;");
                foreach ((string name, int size) in buffers)
                {
                    w.Line($"{s.Span} {name} = new {s.Span}(scratch, offset, count * {Number(size)});");
                    w.Line($"offset += count * {Number(size)};");
                }

                WriteBody(w, network, s);
            }

            using (w.Block("finally"))
            {
                w.Line($"{pool}.Return(scratch);");
            }
        }
    }

    public static void WriteLayerForward(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        string n = Number(layer.OutputSize), fanIn = Number(layer.InputSize);
        string parameters = $"{s.ReadOnlySpan} weights, {s.ReadOnlySpan} biases, {s.ReadOnlySpan} input, "
            + (layer.KeepsPreActivation ? $"{s.Span} preActivations, " : string.Empty)
            + $"{s.Span} output, int count";
        w.Line($"/// <summary>{Describe(layer)}, over <paramref name=\"count\"/> samples: output = f(input · weightsᵀ + biases).</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"private static void {Prefix(layer)}ForwardBatch({parameters})"))
        {
            string z = layer.KeepsPreActivation ? "preActivations" : "output";
            w.Line($"global::CompiledNet.Generated.BatchKernels.DenseForward<{s.Keyword}>(weights, biases, input, {z}, count, {fanIn}, {n});");
            if (layer.Activation == ActivationKind.Softmax)
            {
                using (w.Block("for (int b = 0; b < count; b++)"))
                {
                    w.Line($"global::CompiledNet.Generated.Activations.Softmax<{s.Keyword}>(preActivations.Slice(b * {n}, {n}), output.Slice(b * {n}, {n}));");
                }
            }
            else if (ActivationFormulas.WholeLayerCall(layer, s, $"{z}.Slice(0, count * {n})", $"output.Slice(0, count * {n})") is { } wholeLayer)
            {
                w.Line(wholeLayer);
            }
            else if (layer.Activation != ActivationKind.Linear || layer.KeepsPreActivation)
            {
                using (w.Block($"for (int k = 0; k < count * {n}; k++)"))
                {
                    w.Line($"{s.Keyword} z = {z}[k];");
                    w.Line($"output[k] = {ActivationFormulas.Apply(layer, s, "z")};");
                }
            }
        }
    }

    public static void WriteLayerBackward(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        string n = Number(layer.OutputSize), fanIn = Number(layer.InputSize);
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

        parameters.Add("int count");
        w.Line($"/// <summary>{Describe(layer)}, over <paramref name=\"count\"/> samples: back-propagates <paramref name=\"delta\"/>, adding to the gradients.</summary>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"private static void {Prefix(layer)}BackwardBatch({string.Join(", ", parameters)})"))
        {
            if (layer.Activation == ActivationKind.Softmax && !layer.LossGivesPreActivationGradient)
            {
                w.Line("// Softmax couples each sample's outputs: its Jacobian turns dLoss/dOutput into dLoss/dz row by row.");
                using (w.Block("for (int b = 0; b < count; b++)"))
                {
                    w.Line($"global::CompiledNet.Generated.Activations.SoftmaxBackward<{s.Keyword}>(output.Slice(b * {n}, {n}), delta.Slice(b * {n}, {n}));");
                }
            }
            else if (!layer.LossGivesPreActivationGradient
                && ActivationFormulas.Derivative(layer, s, "output[k]", "preActivations[k]") is { } derivative)
            {
                w.Line("// dLoss/dz = dLoss/dOutput · " + ActivationFormulas.DerivativeComment(layer) + ", in place.");
                using (w.Block($"for (int k = 0; k < count * {n}; k++)"))
                {
                    w.Line($"delta[k] *= {derivative};");
                }
            }

            if (!layer.IsFirst)
            {
                w.Line("// dLoss/dInput = dz · W, the delta of the layer before.");
                w.Line($"global::CompiledNet.Generated.BatchKernels.MultiplyRows<{s.Keyword}>(delta, {n}, 1, weights, inputDelta, count, {n}, {fanIn}, accumulate: false);");
            }

            w.Line("// dLoss/dW += dzᵀ · input; dLoss/db += the column sums of dz.");
            w.Line($"global::CompiledNet.Generated.BatchKernels.MultiplyRows<{s.Keyword}>(delta, 1, {n}, input, weightGradients, {n}, count, {fanIn}, accumulate: true);");
            w.Line($"global::CompiledNet.Generated.BatchKernels.AddColumnSums<{s.Keyword}>(delta, count, {n}, biasGradients);");
        }
    }

    private static void WriteBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("// Forward for the whole batch, keeping each layer's output for the chain rule.");
        foreach (LayerSpec layer in network.Layers)
        {
            string args = $"parameters.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)}), parameters.Slice({Number(layer.BiasOffset)}, {Number(layer.OutputSize)}), "
                + (layer.IsFirst ? "inputs" : "activations" + Number(layer.Number - 1)) + ", "
                + (layer.KeepsPreActivation ? "preActivations" + Number(layer.Number) + ", " : string.Empty)
                + "activations" + Number(layer.Number) + ", count";
            w.Line($"{Prefix(layer)}ForwardBatch({args});");
        }

        LayerSpec output = network.OutputLayer;
        string last = Number(output.Number), size = Number(output.OutputSize);
        w.Line();
        w.Line("// Each sample's loss and its gradient with respect to the output (or, fused, to the output layer's z).");
        w.Line($"{s.Keyword} loss = {s.Literal(0)};");
        using (w.Block("for (int b = 0; b < count; b++)"))
        {
            string row(string name) => $"{name}.Slice(b * {size}, {size})";
            string call = network.Loss switch
            {
                LossKind.CrossEntropy => $"global::CompiledNet.Generated.Losses.SoftmaxCrossEntropy<{s.Keyword}>({row("preActivations" + last)}, {row("activations" + last)}, {row("targets")}, {row("delta" + last)})",
                LossKind.BinaryCrossEntropy => $"global::CompiledNet.Generated.Losses.SigmoidBinaryCrossEntropy<{s.Keyword}>({row("preActivations" + last)}, {row("activations" + last)}, {row("targets")}, {row("delta" + last)})",
                _ => $"global::CompiledNet.Generated.Losses.MeanSquaredError<{s.Keyword}>({row("activations" + last)}, {row("targets")}, {row("delta" + last)})",
            };
            w.Line($"loss += {call};");
        }

        w.Line();
        w.Line("// Backward, output layer first.");
        for (int i = network.Layers.Count - 1; i >= 0; i--)
        {
            LayerSpec layer = network.Layers[i];
            string ln = Number(layer.Number);
            var args = new List<string>();
            if (!layer.IsFirst)
            {
                args.Add($"parameters.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})");
            }

            args.Add(layer.IsFirst ? "inputs" : "activations" + Number(layer.Number - 1));
            if (ActivationFormulas.DerivativeUsesOutput(layer))
            {
                args.Add("activations" + ln);
            }

            if (ActivationFormulas.DerivativeUsesPreActivation(layer))
            {
                args.Add("preActivations" + ln);
            }

            args.Add("delta" + ln);
            args.Add($"gradients.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})");
            args.Add($"gradients.Slice({Number(layer.BiasOffset)}, {Number(layer.OutputSize)})");
            if (!layer.IsFirst)
            {
                args.Add("delta" + Number(layer.Number - 1));
            }

            args.Add("count");
            w.Line($"{Prefix(layer)}BackwardBatch({string.Join(", ", args)});");
        }

        w.Line("return loss;");
    }

    private static string Prefix(LayerSpec layer) => "Layer" + Number(layer.Number);
}
