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
    /// <summary>
    /// The local holding input <paramref name="index"/> of <paramref name="layer"/>: x for the first layer, else the
    /// previous layer's y (a lane of it when that layer is a vector layer).
    /// </summary>
    public static string InputOf(LayerSpec layer, int index) =>
        layer.IsFirst ? "x" + Number(index)
        : layer.ReadsVector ? $"{VectorOutput(layer.Number - 1)}[{Number(index)}]"
        : Output(layer.Number - 1, index);

    /// <summary>The local holding y = f(z) of neuron <paramref name="index"/> of layer <paramref name="layerNumber"/>.</summary>
    public static string Output(int layerNumber, int index) => $"y{Number(layerNumber)}_{Number(index)}";

    /// <summary>The local holding a vector layer's output, all four neurons.</summary>
    public static string VectorOutput(int layerNumber) => "y" + Number(layerNumber);

    /// <summary>The local holding the weighted sum z of a neuron.</summary>
    public static string PreActivation(LayerSpec layer, int index) => $"z{Number(layer.Number)}_{Number(index)}";

    /// <summary>The weight from input <paramref name="input"/> to neuron <paramref name="neuron"/>: in the span (parameters or gradients) or its local.</summary>
    public static string Weight(LayerSpec layer, int neuron, int input, ParameterHome home, string span = "parameters") =>
        CompactParameters.Scalar(layer.WeightOffset + (neuron * layer.InputSize) + input, home, span);

    /// <summary>The bias of neuron <paramref name="neuron"/>: in the span (parameters or gradients) or its local.</summary>
    public static string Bias(LayerSpec layer, int neuron, ParameterHome home, string span = "parameters") =>
        CompactParameters.Scalar(layer.BiasOffset + neuron, home, span);

    /// <summary>The body of Forward: checks the spans, runs the layers in locals and writes the output.</summary>
    public static void WriteForwardBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line("global::CompiledNet.Generated.Guard.Length(input.Length, InputSize, nameof(input));");
        w.Line("global::CompiledNet.Generated.Guard.Length(output.Length, OutputSize, nameof(output));");
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        WriteTouches(w, network);
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Span);
        WriteInputs(w, network, s);
        WriteLayers(w, network, s, ParameterHome.Span);
        w.Line();
        LayerSpec last = network.OutputLayer;
        for (int o = 0; o < last.OutputSize; o++)
        {
            w.Line($"output[{Number(o)}] = {Output(last.Number, o)};");
        }
    }

    /// <summary>Touches the last parameter (and gradient) once, so the constant indices below need no bounds checks.</summary>
    public static void WriteTouches(IndentedWriter w, NetworkSpec network, bool touchGradients = false)
    {
        w.Line();
        w.Line("// Touching the last element once lets the JIT drop the bounds checks on the constant indices below.");
        w.Line($"_ = parameters[{Number(network.ParameterCount - 1)}];");
        if (touchGradients)
        {
            w.Line($"_ = gradients[{Number(network.ParameterCount - 1)}];");
        }
    }

    /// <summary>Reads the sample's input into locals x0, x1, ...</summary>
    public static void WriteInputs(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        w.Line();
        w.Line("// Every value lives in a local: no buffers, and no calls between layers.");
        for (int i = 0; i < network.InputSize; i++)
        {
            w.Line($"{s.Keyword} x{Number(i)} = input[{Number(i)}];");
        }
    }

    /// <summary>Computes every layer's z and y from the inputs and the parameters, wherever <paramref name="home"/> says they are.</summary>
    public static void WriteLayers(IndentedWriter w, NetworkSpec network, Scalar s, ParameterHome home)
    {
        foreach (LayerSpec layer in network.Layers)
        {
            w.Line();
            if (layer.IsVector)
            {
                WriteVectorLayer(w, layer);
                continue;
            }

            w.Line(layer.ReadsVector
                ? $"// {Describe(layer)}: z = W · input + b, each row of W times the vector before, y = f(z)."
                : $"// {Describe(layer)}: z = W · input + b, y = f(z).");
            for (int o = 0; o < layer.OutputSize; o++)
            {
                var sum = new StringBuilder(Bias(layer, o, home));
                if (layer.ReadsVector)
                {
                    string products = $"products{Number(layer.Number)}_{Number(o)}";
                    w.Line($"{CompactParameters.Vector} {products} = {CompactParameters.Row(layer, o)} * {VectorOutput(layer.Number - 1)};");
                    sum.Append(" + ").Append(CompactParameters.LaneSum(products));
                }
                else
                {
                    for (int i = 0; i < layer.InputSize; i++)
                    {
                        sum.Append($" + {Weight(layer, o, i, home)} * {InputOf(layer, i)}");
                    }
                }

                string z = PreActivation(layer, o);
                w.Line($"{s.Keyword} {z} = {sum};");
                w.Line($"{s.Keyword} {Output(layer.Number, o)} = {ActivationFormulas.Apply(layer, s, z)};");
            }
        }
    }

    private static void WriteVectorLayer(IndentedWriter w, LayerSpec layer)
    {
        w.Line($"// {Describe(layer)}, as one vector: z = b + Σ column_i · input_i, y = σ(z) in four lanes at once.");
        var sum = new StringBuilder(CompactParameters.Biases(layer));
        for (int i = 0; i < layer.InputSize; i++)
        {
            sum.Append($" + {CompactParameters.Column(layer, i)} * {InputOf(layer, i)}");
        }

        string n = Number(layer.Number);
        w.Line($"{CompactParameters.Vector} z{n} = {sum};");
        w.Line($"{CompactParameters.Vector} {VectorOutput(layer.Number)} = global::CompiledNet.Generated.FastSigmoid.Compute(z{n});");
    }
}
