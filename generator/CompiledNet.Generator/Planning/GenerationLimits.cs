using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Planning;

/// <summary>
/// Where the generator switches from straight-line code to loops, and from the stack to the pool. Each limit was
/// chosen by measurement; docs/design.md gives the figures behind it.
/// </summary>
internal static class GenerationLimits
{
    /// <summary>
    /// A layer with at most this many weights, at most <see cref="MaxUnrolledFanIn"/> inputs and (for tanh) at most
    /// <see cref="MaxUnrolledTanhNeurons"/> neurons is unrolled: one statement per neuron and per weight, constant
    /// offsets. Larger layers loop over rows with vectorised kernels.
    /// </summary>
    public const int UnrollThreshold = 64;

    /// <summary>
    /// An unrolled neuron sums its inputs in one dependent chain of additions, so a long fan-in is latency-bound where
    /// the looped kernels keep several sums in flight.
    /// </summary>
    public const int MaxUnrolledFanIn = 8;

    /// <summary>An unrolled tanh is one scalar Tanh call per neuron, where a looped layer applies a vectorised tanh to the whole layer.</summary>
    public const int MaxUnrolledTanhNeurons = 4;

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
    /// straight-line method holding every input, activation and delta in a local. The largest compact method stays
    /// well inside RyuJIT's limits (JitLimitTests).
    /// </summary>
    public const int CompactWeightLimit = 256;

    /// <summary>The most neurons, over all layers, that a compact network may have: one local each for z, y and the deltas.</summary>
    public const int CompactNeuronLimit = 128;

    /// <summary>
    /// TrainSamples of a compact network with at most this many parameters keeps every one in a local for the whole
    /// run; a larger one updates them in place, as TrainSample does, since that many locals spill to the stack and
    /// cost a copy each way on top.
    /// </summary>
    public const int RegisterParameterLimit = 32;

    /// <summary>The neurons of a vector layer: one Vector128 of floats.</summary>
    public const int VectorLayerWidth = 4;

    /// <summary>
    /// A convolution with fewer values per window than this (K = channels × kernel) forms dW as dot products of rows
    /// (BatchKernels.AddRowProducts) rather than with MultiplyRows, whose 32-float strips it could not fill: for the
    /// 1×3×3 windows of a first convolution on 28×28 (docs/performance.md, "Convolutional network").
    /// </summary>
    public const int RowProductPatchLimit = 32;

    /// <summary>
    /// The most values one per-call buffer of a convolution (its output, its patch matrix) may hold, so that a batch of
    /// a few rows still fits one pooled array: 2^28.
    /// </summary>
    public const long MaxBufferLength = 1L << 28;

    /// <summary>
    /// ForwardBatch runs the caller's rows in chunks of at most this many, so its buffers stay small however many rows
    /// come; the matrix kernels gain nothing from more rows than this at once.
    /// </summary>
    public const int MaxForwardChunkRows = 64;

    /// <summary>
    /// The most values of hidden activations one ForwardBatch chunk may hold (256 KB of floats), so a chunk stays in
    /// the L2 cache between layers; a network wider than this per row runs one row per chunk.
    /// </summary>
    public const int ForwardChunkValueBudget = 65536;

    /// <summary>The most samples in one panel of PanelKernels (its MaxPanelWidth): two 512-bit vectors of floats.</summary>
    public const int PanelWidth = 32;

    /// <summary>The rows of one ForwardBatch chunk for a network holding <paramref name="valuesPerRow"/> buffer values per row.</summary>
    public static int ForwardChunkRows(long valuesPerRow) =>
        valuesPerRow == 0 ? MaxForwardChunkRows : (int)System.Math.Max(1, System.Math.Min(MaxForwardChunkRows, ForwardChunkValueBudget / valuesPerRow));

    /// <summary>The most elements one .NET array can hold (Array.MaxLength).</summary>
    public const long MaxParameterCount = 0x7FFFFFC7;

    /// <summary>Whether a dense layer of this shape and activation is unrolled (see <see cref="UnrollThreshold"/>).</summary>
    public static bool Unrolls(int fanIn, int outputs, ActivationKind activation) =>
        (long)fanIn * outputs <= UnrollThreshold
        && fanIn <= MaxUnrolledFanIn
        && (activation != ActivationKind.Tanh || outputs <= MaxUnrolledTanhNeurons);
}
