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

    /// <summary>A convolution's patch matrix (its image's windows, im2col or im2row), reused sample after sample.</summary>
    public static string Patches(int number) => "patches" + Number(number);

    /// <summary>Where each output of max-pooling layer <paramref name="number"/> came from in its input.</summary>
    public static string ArgMax(int number) => "argmax" + Number(number);

    /// <summary>Dropout layer <paramref name="number"/>'s mask: 0 or 1 / (1 − p) per value.</summary>
    public static string Mask(int number) => "mask" + Number(number);

    /// <summary>A convolution's gradient for one fused SGD step (TrainSample), formed before the step is taken.</summary>
    public static string StepGradients(int number) => "stepGradients" + Number(number);

    /// <summary>ForwardBatch's transposed inputs of a dense layer, [input, sample], shared by its dense layers in turn.</summary>
    public const string Panel = "panel";

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

    /// <summary>ForwardBatch: one chunk of the caller's rows at a time, the output layer writing into the caller's span.</summary>
    public static readonly LayerCallSite InferenceBatch = new("chunkInputs", "chunkOutputs");

    /// <summary>Called to infer, not to train: max pooling keeps no argmax and dropout is the identity.</summary>
    public bool IsInference => OutputDestination is not null;

    /// <summary>
    /// The argument a per-sample training call passes, as this site spells it: the network's input is
    /// <see cref="NetworkInput"/> here, every other buffer keeps its name.
    /// </summary>
    public string Rename(string trainingArgument) =>
        trainingArgument == Training.NetworkInput ? NetworkInput : trainingArgument;

    /// <summary>The span <paramref name="layer"/> reads: the network's input, or the previous layer's activations.</summary>
    public string InputOf(LayerSpec layer) => layer.IsFirst ? NetworkInput : BufferNames.Activations(layer.Number - 1);

    /// <summary>The span <paramref name="layer"/> writes its output into.</summary>
    public string OutputOf(LayerSpec layer) =>
        layer.IsOutput && OutputDestination is not null ? OutputDestination : BufferNames.Activations(layer.Number);
}
