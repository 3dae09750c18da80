using System.Collections.Generic;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Parsing;

/// <summary>Where the generator switches from straight-line code to loops.</summary>
internal static class GenerationLimits
{
    /// <summary>
    /// A layer with at most this many weights, at most <see cref="MaxUnrolledFanIn"/> inputs and (for tanh) at most
    /// <see cref="MaxUnrolledTanhNeurons"/> neurons is unrolled: one statement per neuron and per weight, constant
    /// offsets. Larger layers loop over rows with vectorised kernels. Chosen by measurement (the unroll-threshold
    /// benchmark; README, Performance): per-sample SGD on 8-8-1 ReLU took 64 ns unrolled against 90 ns looped, but
    /// 16-16-1 ReLU took 302 ns unrolled against 181 ns looped.
    /// </summary>
    public const int UnrollThreshold = 64;

    /// <summary>
    /// An unrolled neuron sums its inputs in one dependent chain of additions, so a long fan-in is latency-bound where
    /// the looped kernels keep several sums in flight: 16-4-1 ReLU took 113 ns per training sample unrolled against
    /// 61 ns for a looped 17-3-1, and 32-2-1 ReLU 170 ns unrolled against 63 ns looped; at fan-in 8, 8-8-1 ReLU was
    /// faster unrolled (65 ns against 77 ns for a looped 8-9-1).
    /// </summary>
    public const int MaxUnrolledFanIn = 8;

    /// <summary>
    /// An unrolled tanh is one scalar MathF.Tanh call per neuron, where a looped layer applies a vectorised tanh to the
    /// whole layer: 2-4-1 was faster unrolled (63 ns against 79 ns), 2-8-1 and 4-8-1 looped (106 against 116 ns, and
    /// 120 against 147 ns).
    /// </summary>
    public const int MaxUnrolledTanhNeurons = 4;

    /// <summary>Whether a layer of this shape and activation is unrolled (see <see cref="UnrollThreshold"/>).</summary>
    public static bool Unrolls(int fanIn, int outputs, ActivationKind activation) =>
        (long)fanIn * outputs <= UnrollThreshold
        && fanIn <= MaxUnrolledFanIn
        && (activation != ActivationKind.Tanh || outputs <= MaxUnrolledTanhNeurons);

    /// <summary>
    /// Forward and Backward keep their per-call buffers (activations, deltas, pre-activations) on the stack up to this
    /// many values (64 KB of floats); past it they borrow one array from the shared pool.
    /// </summary>
    public const int StackScratchLimit = 16384;

    /// <summary>Unrolled layers up to this many weights are also marked for inlining into Forward and Backward.</summary>
    public const int InlineThreshold = 32;

    /// <summary>
    /// A network whose layers are all unrolled and which has at most this many weights (and
    /// <see cref="CompactNeuronLimit"/> neurons) is compact: Forward, Backward and TrainSample are each one
    /// straight-line method holding every input, activation and delta in a local. At 2-4-1 the per-layer methods spent
    /// more time passing values through stack buffers than computing (80 ns against 52 ns per training sample, and
    /// 100 ns looped); the largest compact method stays well inside RyuJIT's limits (JitLimitTests).
    /// </summary>
    public const int CompactWeightLimit = 256;

    /// <summary>The most neurons, over all layers, that a compact network may have: one local each for z, y and the deltas.</summary>
    public const int CompactNeuronLimit = 128;

    /// <summary>
    /// TrainSamples of a compact network with at most this many parameters keeps every one in a local for the whole
    /// run; a larger one updates them in place, as TrainSample does, since that many locals spill to the stack and
    /// cost a copy each way on top. Per training sample through TrainSamples, locals against in place: 2-4-1 tanh
    /// (17 parameters) 90 ns against 110 ns, 8-4-1 ReLU (41) 41 ns against 35 ns, 8-8-1 ReLU (81) 86 ns against 61 ns.
    /// </summary>
    public const int RegisterParameterLimit = 32;

    /// <summary>The neurons of a vector layer: one Vector128 of floats.</summary>
    public const int VectorLayerWidth = 4;

    /// <summary>
    /// Marks the hidden layers of a compact float network that are computed as one Vector128: four sigmoid neurons,
    /// whose four exponentials FastSigmoid computes at about the cost of one MathF.Exp. Per-sample SGD on 2-4-1
    /// sigmoid (TrainSamples) took 43.4 ns with the hidden layer as a vector, against 51.4 ns for the scalar
    /// TrainSample before. A vector layer's input stays scalar, so the layer after a vector layer is never one itself.
    /// </summary>
    public static void MarkVectorLayers(List<LayerSpec> layers)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            bool afterVector = i > 0 && layers[i - 1].IsVector;
            if (!layer.IsOutput && !afterVector && layer.Activation == ActivationKind.Sigmoid && layer.OutputSize == VectorLayerWidth)
            {
                layers[i] = layer with { IsVector = true };
                layers[i + 1] = layers[i + 1] with { ReadsVector = true };
            }
        }
    }

    /// <summary>The most elements one .NET array can hold (Array.MaxLength).</summary>
    public const long MaxParameterCount = 0x7FFFFFC7;

    /// <summary>
    /// Whether the network gets the straight-line methods: every layer unrolled, within the weight and neuron limits,
    /// no softmax (it couples a whole layer) and a loss written inline (mean squared error or binary cross-entropy).
    /// </summary>
    public static bool IsCompact(IReadOnlyList<LayerSpec> layers, LossKind loss)
    {
        if (loss is not (LossKind.MeanSquaredError or LossKind.BinaryCrossEntropy))
        {
            return false;
        }

        int weights = 0, neurons = 0;
        foreach (LayerSpec layer in layers)
        {
            if (!layer.IsUnrolled || layer.Activation == ActivationKind.Softmax)
            {
                return false;
            }

            weights += layer.WeightCount;
            neurons += layer.OutputSize;
        }

        return weights <= CompactWeightLimit && neurons <= CompactNeuronLimit;
    }
}
