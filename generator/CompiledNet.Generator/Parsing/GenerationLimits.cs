using System.Collections.Generic;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Parsing;

/// <summary>Where the generator switches from straight-line code to loops.</summary>
internal static class GenerationLimits
{
    /// <summary>
    /// A layer with at most this many weights is unrolled: one statement per neuron and per weight, constant offsets.
    /// Its backward method costs 20 to 50 IL instructions per weight (most when the layer has a single input); the
    /// largest measured at this threshold is about 12,300 instructions, under the 20,000 at which RyuJIT stops
    /// optimising a method (JitLimitTests checks every limit). Larger layers loop over rows with vectorised kernels.
    /// </summary>
    public const int UnrollThreshold = 256;

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
    /// more time passing values through stack buffers than computing (80 ns against 52 ns per training sample); the
    /// largest compact method stays well inside RyuJIT's limits (JitLimitTests).
    /// </summary>
    public const int CompactWeightLimit = 256;

    /// <summary>The most neurons, over all layers, that a compact network may have: one local each for z, y and the deltas.</summary>
    public const int CompactNeuronLimit = 128;

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
