using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>Writes each layer's forward method: z = W·x + b, then y = f(z).</summary>
internal static class ForwardEmitter
{
    /// <summary>Writes the public Forward: checks the spans, then calls each layer in turn.</summary>
    public static void WriteForwardMethod(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>Runs the network on one sample. Allocates nothing and keeps no state, so many threads may call it at once.</summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length is not <see cref=\"InputSize\"/> or <see cref=\"OutputSize\"/>.</exception>");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public void Forward({s.ReadOnlySpan} input, {s.Span} output)"))
        {
            if (network.IsCompact)
            {
                CompactForwardEmitter.WriteForwardBody(w, network, s);
                return;
            }

            w.Line("global::CompiledNet.Generated.Guard.Length(input.Length, InputSize, nameof(input));");
            w.Line("global::CompiledNet.Generated.Guard.Length(output.Length, OutputSize, nameof(output));");
            w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
            var buffers = new List<(string, int)>();
            foreach (LayerSpec layer in network.Layers)
            {
                if (!layer.IsOutput)
                {
                    buffers.Add(("activations" + Number(layer.Number), layer.OutputSize));
                }

                if (layer.KeepsPreActivation)
                {
                    buffers.Add(("preActivations" + Number(layer.Number), layer.OutputSize));
                }
            }

            using (ScratchBuffers.Declare(w, s, buffers))
            {
                w.Line();
                foreach (LayerSpec layer in network.Layers)
                {
                    string destination = layer.IsOutput ? "output" : "activations" + Number(layer.Number);
                    w.Line($"{ForwardName(layer)}({Arguments(layer, destination)});");
                }
            }
        }
    }

    /// <summary>The arguments of a layer's forward call inside Forward or Backward.</summary>
    public static string Arguments(LayerSpec layer, string destination)
    {
        var arguments = new List<string>
        {
            $"parameters.Slice({Number(layer.WeightOffset)}, {Number(layer.WeightCount)})",
            $"parameters.Slice({Number(layer.BiasOffset)}, {Number(layer.OutputSize)})",
            InputOf(layer),
        };
        if (layer.KeepsPreActivation)
        {
            arguments.Add("preActivations" + Number(layer.Number));
        }

        arguments.Add(destination);
        return string.Join(", ", arguments);
    }

    /// <summary>The span a layer reads: the network's input for the first layer, else the previous layer's activations.</summary>
    public static string InputOf(LayerSpec layer) => layer.IsFirst ? "input" : "activations" + Number(layer.Number - 1);

    public static void WriteLayer(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        string parameters = $"{s.ReadOnlySpan} weights, {s.ReadOnlySpan} biases, {s.ReadOnlySpan} input, "
            + (layer.KeepsPreActivation ? $"{s.Span} preActivations, " : string.Empty)
            + $"{s.Span} output";
        w.Line("/// <summary>" + Describe(layer) + ": output = f(weights · input + biases).</summary>");
        WriteAttributes(w, layer);
        using (w.Block($"private static void {ForwardName(layer)}({parameters})"))
        {
            if (layer.IsUnrolled)
            {
                WriteUnrolled(w, layer, s);
            }
            else
            {
                WriteLoop(w, layer, s);
            }

            if (layer.Activation == ActivationKind.Softmax)
            {
                w.Line($"global::CompiledNet.Generated.Activations.Softmax<{s.Keyword}>(preActivations, output);");
            }
        }
    }

    private static void WriteUnrolled(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        var spans = new List<(string, int)> { ("weights", layer.WeightCount), ("biases", layer.OutputSize), ("input", layer.InputSize) };
        if (layer.KeepsPreActivation)
        {
            spans.Add(("preActivations", layer.OutputSize));
        }

        spans.Add(("output", layer.OutputSize));
        WriteLengthChecks(w, spans);

        for (int o = 0; o < layer.OutputSize; o++)
        {
            var sum = new StringBuilder("biases[" + Number(o) + "]");
            for (int i = 0; i < layer.InputSize; i++)
            {
                sum.Append(" + weights[").Append(Number(o * layer.InputSize + i)).Append("] * input[").Append(Number(i)).Append(']');
            }

            string z = "z" + Number(o);
            w.Line($"{s.Keyword} {z} = {sum};");
            WriteStoreOutput(w, layer, s, z, Number(o));
        }
    }

    private static void WriteLoop(IndentedWriter w, LayerSpec layer, Scalar s)
    {
        string n = Number(layer.OutputSize);
        string z = layer.KeepsPreActivation ? "preActivations" : "output";
        w.Line("// z = W · input + b for every neuron, four rows at a time sharing each load of the input; then the activation.");
        w.Line($"global::CompiledNet.Generated.BatchKernels.DenseForward<{s.Keyword}>(weights, biases, input, {z}, 1, {Number(layer.InputSize)}, {n});");
        if (layer.Activation == ActivationKind.Softmax || (layer.Activation == ActivationKind.Linear && !layer.KeepsPreActivation))
        {
            return;
        }

        if (ActivationFormulas.WholeLayerCall(layer, s, z, "output") is { } wholeLayer)
        {
            w.Line(wholeLayer);
            return;
        }

        using (w.Block($"for (int o = 0; o < {n}; o++)"))
        {
            w.Line($"{s.Keyword} z = {z}[o];");
            w.Line($"output[o] = {ActivationFormulas.Apply(layer, s, "z")};");
        }
    }

    private static void WriteStoreOutput(IndentedWriter w, LayerSpec layer, Scalar s, string z, string index)
    {
        if (layer.KeepsPreActivation)
        {
            w.Line($"preActivations[{index}] = {z};");
        }

        if (layer.Activation != ActivationKind.Softmax)
        {
            // Softmax couples all outputs; it is applied once the whole layer's z is known.
            w.Line($"output[{index}] = {ActivationFormulas.Apply(layer, s, z)};");
        }
    }
}
