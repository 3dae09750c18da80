using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet.Generated;

/// <summary>The vector steps <see cref="FastSigmoid"/> and <see cref="ApproximateSigmoid"/> share.</summary>
internal static class SigmoidSteps
{
    /// <summary>x limited to [<paramref name="lowest"/>, <paramref name="highest"/>], NaN passing through.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Clamp(Vector128<float> x, float lowest, float highest, bool portable)
    {
        Vector128<float> low = Vector128.Create(lowest), high = Vector128.Create(highest);
        if (!portable && Sse.IsSupported)
        {
            // MAXPS and MINPS return their second operand when either is NaN.
            return Sse.Min(high, Sse.Max(low, x));
        }

        // A comparison with NaN is false, so a NaN lane is kept.
        x = Vector128.ConditionalSelect(Vector128.LessThan(x, low), low, x);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, high), high, x);
    }

    /// <summary>a·b + c, rounded once where the CPU has a fused multiply-add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c, bool fused)
    {
        if (fused && Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (fused && AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c, a, b);
        }

        // Without the instruction a per-lane MathF.FusedMultiplyAdd is a library call each, slower than the exact
        // sigmoid; two roundings cost a few tenths of an ulp instead.
        return (a * b) + c;
    }
}
