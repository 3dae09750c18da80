using CompiledNet.Generator.Model.Layers;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting;

/// <summary>The names of the per-layer buffers in Forward, Backward, TrainSample and BackwardBatch.</summary>
internal static class BufferNames
{
    /// <summary>y of layer <paramref name="number"/>.</summary>
    public static string Activations(int number) => "activations" + Number(number);

    /// <summary>z of layer <paramref name="number"/>, where the layer keeps it.</summary>
    public static string PreActivations(int number) => "preActivations" + Number(number);

    /// <summary>dLoss/dy of layer <paramref name="number"/>, turned into dLoss/dz in place by its backward method.</summary>
    public static string Delta(int number) => "delta" + Number(number);

    /// <summary>The parameter span's slice [<paramref name="offset"/>, offset + <paramref name="length"/>).</summary>
    public static string Slice(string span, int offset, int length) => $"{span}.Slice({Number(offset)}, {Number(length)})";
}

/// <summary>Where a layer method is called from, which decides the buffers its arguments name.</summary>
/// <param name="NetworkInput">The span the first layer reads.</param>
/// <param name="OutputDestination">Where the output layer writes, when not into its own activations buffer.</param>
internal sealed record LayerCallSite(string NetworkInput, string? OutputDestination)
{
    /// <summary>Forward: the output layer writes straight into the caller's output span.</summary>
    public static readonly LayerCallSite Inference = new("input", "output");

    /// <summary>Backward and TrainSample: every layer keeps its output for the chain rule.</summary>
    public static readonly LayerCallSite Training = new("input", null);

    /// <summary>BackwardBatch: the same, for a batch of rows.</summary>
    public static readonly LayerCallSite Batch = new("inputs", null);

    /// <summary>The span <paramref name="layer"/> reads: the network's input, or the previous layer's activations.</summary>
    public string InputOf(LayerSpec layer) => layer.IsFirst ? NetworkInput : BufferNames.Activations(layer.Number - 1);

    /// <summary>The span <paramref name="layer"/> writes its output into.</summary>
    public string OutputOf(LayerSpec layer) =>
        layer.IsOutput && OutputDestination is not null ? OutputDestination : BufferNames.Activations(layer.Number);
}
