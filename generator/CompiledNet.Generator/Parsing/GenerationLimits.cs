namespace CompiledNet.Generator.Parsing;

/// <summary>Where the generator switches from straight-line code to loops.</summary>
internal static class GenerationLimits
{
    /// <summary>
    /// A layer with at most this many weights is unrolled: one statement per neuron and per weight, constant offsets.
    /// Its backward method then costs about 20 IL instructions per weight (about 5,000 at this size), a quarter of the
    /// 20,000 at which RyuJIT stops optimising a method. Larger layers loop over rows with vectorised kernels.
    /// </summary>
    public const int UnrollThreshold = 256;

    /// <summary>Unrolled layers up to this many weights are also marked for inlining into Forward and Backward.</summary>
    public const int InlineThreshold = 32;

    /// <summary>The most elements one .NET array can hold (Array.MaxLength).</summary>
    public const long MaxParameterCount = 0x7FFFFFC7;
}
