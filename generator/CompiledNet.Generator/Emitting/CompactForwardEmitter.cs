using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// The forward pass of a compact network (<see cref="NetworkSpec.IsCompact"/>) as straight-line code: each input,
/// weighted sum and activation is a local (x0, z1_0, y1_0, ...), so nothing goes through a buffer or a call between
/// layers and the JIT keeps the values in registers.
/// </summary>
internal static class CompactForwardEmitter
{
    /// <summary>The local holding input <paramref name="index"/> of <paramref name="layer"/>: x for the first layer, else the previous layer's y.</summary>
    public static string InputOf(LayerSpec layer, int index) =>
        layer.IsFirst ? "x" + Number(index) : Output(layer.Number - 1, index);

    /// <summary>The local holding y = f(z) of neuron <paramref name="index"/> of layer <paramref name="layerNumber"/>.</summary>
    public static string Output(int layerNumber, int index) => $"y{Number(layerNumber)}_{Number(index)}";

    /// <summary>The local holding the weighted sum z of a neuron.</summary>
    public static string PreActivation(LayerSpec layer, int index) => $"z{Number(layer.Number)}_{Number(index)}";

    /// <summary>The element of <paramref name="span"/> (parameters or gradients) for the weight from input <paramref name="input"/> to neuron <paramref name="neuron"/>.</summary>
    public static string Weight(LayerSpec layer, int neuron, int input, string span = "parameters") =>
        $"{span}[{Number(layer.WeightOffset + (neuron * layer.InputSize) + input)}]";

    /// <summary>The element of <paramref name="span"/> (parameters or gradients) for the bias of neuron <paramref name="neuron"/>.</summary>
    public static string Bias(LayerSpec layer, int neuron, string span = "parameters") => $"{span}[{Number(layer.BiasOffset + neuron)}]";

    /// <summary>The body of Forward: checks the spans, runs the layers in locals and writes the output.</summary>
    public static void WriteForwardBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line("global::CompiledNet.Guard.Length(input.Length, InputSize, nameof(input));");
        w.Line("global::CompiledNet.Guard.Length(output.Length, OutputSize, nameof(output));");
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        WriteLayers(w, network, s);
        w.Line();
        LayerSpec last = network.OutputLayer;
        for (int o = 0; o < last.OutputSize; o++)
        {
            w.Line($"output[{Number(o)}] = {Output(last.Number, o)};");
        }
    }

    /// <summary>
    /// Reads the input into locals and computes every layer's z and y from <c>parameters</c>, which the caller has
    /// declared (read-only for Forward and Backward, writable for TrainSample), as Backward has <c>gradients</c>.
    /// </summary>
    public static void WriteLayers(IndentedWriter w, NetworkSpec network, Scalar s, bool touchGradients = false)
    {
        w.Line();
        w.Line("// Touching the last element once lets the JIT drop the bounds checks on the constant indices below.");
        w.Line($"_ = parameters[{Number(network.ParameterCount - 1)}];");
        if (touchGradients)
        {
            w.Line($"_ = gradients[{Number(network.ParameterCount - 1)}];");
        }

        w.Line();
        w.Line("// Every value lives in a local: no buffers, and no calls between layers.");
        for (int i = 0; i < network.InputSize; i++)
        {
            w.Line($"{s.Keyword} x{Number(i)} = input[{Number(i)}];");
        }

        foreach (LayerSpec layer in network.Layers)
        {
            w.Line();
            w.Line($"// {Describe(layer)}: z = W · input + b, y = f(z).");
            for (int o = 0; o < layer.OutputSize; o++)
            {
                var sum = new StringBuilder(Bias(layer, o));
                for (int i = 0; i < layer.InputSize; i++)
                {
                    sum.Append($" + {Weight(layer, o, i)} * {InputOf(layer, i)}");
                }

                string z = PreActivation(layer, o);
                w.Line($"{s.Keyword} {z} = {sum};");
                w.Line($"{s.Keyword} {Output(layer.Number, o)} = {ActivationFormulas.Apply(layer, s, z)};");
            }
        }
    }
}
