using System.Collections.Generic;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Planning;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Compact;

/// <summary>Where a compact method reads and updates the parameters.</summary>
internal enum ParameterHome
{
    /// <summary>Straight from the parameter span, updated there in place (Forward, Backward, TrainSample).</summary>
    Span,

    /// <summary>
    /// In locals loaded once at the start and stored once at the end (TrainSamples of a small network), so that one
    /// sample's step reaches the next sample through registers rather than memory.
    /// </summary>
    Locals,

    /// <summary>
    /// In constants holding the baked values (ForwardFrozen): the locals of <see cref="Locals"/> declared const, the
    /// vectors created from literals, so the arithmetic is Forward's and no parameter is read from memory.
    /// </summary>
    Constants,
}

/// <summary>
/// The names a compact method gives the parameters, and the code that loads and stores them. A vector layer
/// (<see cref="DenseLayerSpec.IsVector"/>) keeps its weights as one column per input (lane j: the weight into neuron j) and
/// its biases as one vector; the layer reading it keeps one weight row per neuron as a vector.
/// </summary>
internal static class CompactParameters
{
    public const string Vector = "global::System.Runtime.Intrinsics.Vector128<float>";

    private const string VectorFactory = "global::System.Runtime.Intrinsics.Vector128";

    private const int Lanes = GenerationLimits.VectorLayerWidth;

    /// <summary>Parameter <paramref name="index"/>: an element of <paramref name="span"/>, or its local.</summary>
    public static string Scalar(int index, ParameterHome home, string span = "parameters") =>
        home != ParameterHome.Span && span == "parameters" ? "p" + Number(index) : $"{span}[{Number(index)}]";

    /// <summary>A vector layer's weights from input <paramref name="input"/>, one lane per neuron.</summary>
    public static string Column(DenseLayerSpec layer, int input) => $"w{Number(layer.Number)}_column{Number(input)}";

    /// <summary>A vector layer's biases.</summary>
    public static string Biases(DenseLayerSpec layer) => "b" + Number(layer.Number);

    /// <summary>The weights into neuron <paramref name="neuron"/> of a layer that reads a vector layer.</summary>
    public static string Row(DenseLayerSpec layer, int neuron) => $"w{Number(layer.Number)}_row{Number(neuron)}";

    /// <summary>
    /// Declares the vectors (and, for <see cref="ParameterHome.Locals"/> and <see cref="ParameterHome.Constants"/>,
    /// every other parameter) as locals; constants take their values from <paramref name="baked"/>.
    /// </summary>
    public static void WriteLoads(IndentedWriter w, CompactNetwork network, Scalar s, ParameterHome home, BakedWeights? baked = null)
    {
        string Create(int[] indices) => CreateVector(indices, index => home == ParameterHome.Constants ? s.Exact(baked!.Parameters[index]) : $"parameters[{Number(index)}]");
        bool any = false;
        bool vectors = HasVectors(network);
        foreach (DenseLayerSpec layer in network.Layers)
        {
            if (layer.IsVector)
            {
                Header(w, ref any, home, vectors);
                for (int i = 0; i < layer.InputSize; i++)
                {
                    w.Line($"{Vector} {Column(layer, i)} = {Create(ColumnIndices(layer, i))};");
                }

                w.Line($"{Vector} {Biases(layer)} = {Create(BiasIndices(layer))};");
            }

            if (layer.ReadsVector)
            {
                Header(w, ref any, home, vectors);
                for (int o = 0; o < layer.OutputSize; o++)
                {
                    w.Line($"{Vector} {Row(layer, o)} = {Create(RowIndices(layer, o))};");
                }
            }
        }

        if (home != ParameterHome.Span)
        {
            HashSet<int> inVectors = VectorIndices(network);
            Header(w, ref any, home, vectors);
            for (int index = 0; index < network.ParameterCount; index++)
            {
                if (!inVectors.Contains(index))
                {
                    w.Line(home == ParameterHome.Constants
                        ? $"const {s.Keyword} {Scalar(index, home)} = {s.Exact(baked!.Parameters[index])};"
                        : $"{s.Keyword} {Scalar(index, home)} = parameters[{Number(index)}];");
                }
            }
        }
    }

    /// <summary>Writes the vectors, and for <see cref="ParameterHome.Locals"/> every scalar local, back into the span.</summary>
    public static void WriteStores(IndentedWriter w, CompactNetwork network, ParameterHome home)
    {
        w.Line(home == ParameterHome.Locals ? "// Back into the parameter array, once." : "// The vectors back into the parameter array.");
        HashSet<int> inVectors = VectorIndices(network);
        foreach (DenseLayerSpec layer in network.Layers)
        {
            if (layer.IsVector)
            {
                for (int i = 0; i < layer.InputSize; i++)
                {
                    Store(w, Column(layer, i), ColumnIndices(layer, i));
                }

                Store(w, Biases(layer), BiasIndices(layer));
            }

            if (layer.ReadsVector)
            {
                for (int o = 0; o < layer.OutputSize; o++)
                {
                    Store(w, Row(layer, o), RowIndices(layer, o));
                }
            }
        }

        for (int index = 0; home == ParameterHome.Locals && index < network.ParameterCount; index++)
        {
            if (!inVectors.Contains(index))
            {
                w.Line($"parameters[{Number(index)}] = p{Number(index)};");
            }
        }
    }

    /// <summary>
    /// The four lanes of <paramref name="vector"/> added pairwise, (0 + 1) + (2 + 3): two additions deep instead of
    /// three, in an order written out so that it is the same on every machine.
    /// </summary>
    public static string LaneSum(string vector) => $"(({vector}[0] + {vector}[1]) + ({vector}[2] + {vector}[3]))";

    /// <summary>The flat indices of a vector layer's weights from input <paramref name="input"/>, lane by lane.</summary>
    public static int[] ColumnIndices(DenseLayerSpec layer, int input)
    {
        var indices = new int[Lanes];
        for (int j = 0; j < Lanes; j++)
        {
            indices[j] = layer.WeightOffset + (j * layer.InputSize) + input;
        }

        return indices;
    }

    private static int[] BiasIndices(DenseLayerSpec layer) => Consecutive(layer.BiasOffset);

    private static int[] RowIndices(DenseLayerSpec layer, int neuron) => Consecutive(layer.WeightOffset + (neuron * layer.InputSize));

    private static int[] Consecutive(int start)
    {
        var indices = new int[Lanes];
        for (int j = 0; j < Lanes; j++)
        {
            indices[j] = start + j;
        }

        return indices;
    }

    /// <summary>Whether any layer of <paramref name="network"/> is a vector layer.</summary>
    public static bool HasVectors(CompactNetwork network)
    {
        foreach (DenseLayerSpec layer in network.Layers)
        {
            if (layer.IsVector)
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<int> VectorIndices(CompactNetwork network)
    {
        var indices = new HashSet<int>();
        foreach (DenseLayerSpec layer in network.Layers)
        {
            if (layer.IsVector)
            {
                for (int index = layer.WeightOffset; index < layer.BiasOffset + layer.OutputSize; index++)
                {
                    indices.Add(index);
                }
            }

            if (layer.ReadsVector)
            {
                for (int index = layer.WeightOffset; index < layer.BiasOffset; index++)
                {
                    indices.Add(index);
                }
            }
        }

        return indices;
    }

    private static void Header(IndentedWriter w, ref bool written, ParameterHome home, bool vectors)
    {
        if (written)
        {
            return;
        }

        written = true;
        w.Line();
        if (home == ParameterHome.Span)
        {
            w.Line("// A vector layer's weights as one vector per input, lane j for neuron j; the next layer's weight rows as vectors.");
        }
        else if (home == ParameterHome.Constants)
        {
            w.Line(vectors
                ? "// Every weight and bias a constant, as baked; a vector layer's weights as one vector per input, lane j for neuron j."
                : "// Every weight and bias a constant, as baked.");
        }
        else
        {
            w.Line(vectors
                ? "// Every weight and bias in a local, loaded once; a vector layer's weights as one vector per input, lane j for neuron j."
                : "// Every weight and bias in a local, loaded once.");
        }
    }

    private static string CreateVector(int[] indices, System.Func<int, string> valueOf)
    {
        var elements = new List<string>();
        foreach (int index in indices)
        {
            elements.Add(valueOf(index));
        }

        return $"{VectorFactory}.Create({string.Join(", ", elements)})";
    }

    private static void Store(IndentedWriter w, string vector, int[] indices)
    {
        if (indices[indices.Length - 1] - indices[0] == indices.Length - 1)
        {
            w.Line($"{VectorFactory}.CopyTo({vector}, parameters.Slice({Number(indices[0])}, {Number(indices.Length)}));");
            return;
        }

        for (int j = 0; j < indices.Length; j++)
        {
            w.Line($"parameters[{Number(indices[j])}] = {vector}[{Number(j)}];");
        }
    }
}
