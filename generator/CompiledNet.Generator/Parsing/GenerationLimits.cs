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

    /// <summary>The most elements one .NET array can hold (Array.MaxLength).</summary>
    public const long MaxParameterCount = 0x7FFFFFC7;
}
