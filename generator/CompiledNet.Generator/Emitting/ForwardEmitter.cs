using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>Writes each layer's forward method: z = W·x + b, then y = f(z).</summary>
internal static class ForwardEmitter
{
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
                w.Line($"global::CompiledNet.Activations.Softmax<{s.Keyword}>(preActivations, output);");
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
        string fanIn = Number(layer.InputSize);
        using (w.Block($"for (int o = 0; o < {Number(layer.OutputSize)}; o++)"))
        {
            w.Line($"{s.Keyword} z = biases[o] + global::CompiledNet.Kernels.Dot<{s.Keyword}>(weights.Slice(o * {fanIn}, {fanIn}), input);");
            WriteStoreOutput(w, layer, s, "z", "o");
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
