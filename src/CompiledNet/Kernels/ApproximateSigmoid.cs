using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet.Generated;

/// <summary>
/// <see cref="Activation.ApproximateSigmoid"/>: 1 / (1 + 2^x), x = -z·log2 e, with 2^x from a cubic and no table,
/// built for the shortest dependency chain rather than the last bits. Against the exact sigmoid its relative error is
/// at most 8e-5 from z = -86 up and its absolute error at most 2e-5 everywhere; below -86, where the exact value is
/// under 4.5e-38, it returns about 4.5e-38. ±∞ give 0 and 1 within those bounds, NaN stays NaN. The slope of the
/// approximation is y(1 - y) within 0.4% relative, the derivative the generated backward pass uses.
/// </summary>
/// <remarks>
/// 2^x = 2^n · p(r), n = round(x), |r| ≤ ½, p the cubic of smallest relative error (7.5e-5) against 2^r, evaluated as
/// (c0 + c1·r) + r²(c2 + c3·r) so that its two halves run side by side. 2^n goes into the exponent bits by one
/// integer add. Each step is one IEEE operation, the multiply-adds fused where the CPU has them, so one float and a
/// vector lane give the same bits. A double network computes it in float.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApproximateSigmoid
{
    // z is clamped so that 2^n · p(r) stays a normal float: |x| ≤ 86·log2 e ≈ 124.1.
    private const float Limit = 86f;
    private const float NegativeLog2E = -1.4426950408889634f;

    // Adding 1.5·2^23 rounds to an integer and leaves it in the low mantissa bits of the sum, whose bits shifted
    // left by 23 are then n·2^23 (the magic's own mantissa bits shift out).
    private const float RoundingMagic = 12582912f;

    // p(r) ≈ 2^r on [-½, ½], minimax relative error; p(½) = 2·p(-½) to float precision, so the steps of n join.
    private const float C0 = 0.99992806f;
    private const float C1 = 0.69326102f;
    private const float C2 = 0.24261137f;
    private const float C3 = 0.055171773f;

    /// <summary>The approximate σ of each lane of <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Compute(Vector128<float> z) => Compute(z, portable: false);

    /// <summary>
    /// σ of each lane, with SSE and FMA where the CPU has them, or (<paramref name="portable"/> true) with the
    /// operations every CPU has and each multiply-add rounded twice, as on a CPU without FMA: within the same bounds,
    /// not always the same bits. The tests run both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Compute(Vector128<float> z, bool portable)
    {
        bool fused = !portable;
        Vector128<float> clamped = SigmoidSteps.Clamp(z, -Limit, Limit, portable);
        Vector128<float> magic = Vector128.Create(RoundingMagic);
        Vector128<float> t = SigmoidSteps.MultiplyAdd(clamped, Vector128.Create(NegativeLog2E), magic, fused);
        Vector128<float> n = t - magic;
        Vector128<float> r = MultiplySubtract(clamped, Vector128.Create(NegativeLog2E), n, fused);
        Vector128<float> low = SigmoidSteps.MultiplyAdd(Vector128.Create(C1), r, Vector128.Create(C0), fused);
        Vector128<float> high = SigmoidSteps.MultiplyAdd(Vector128.Create(C3), r, Vector128.Create(C2), fused);
        Vector128<float> fraction = SigmoidSteps.MultiplyAdd(high, r * r, low, fused);
        Vector128<float> power = (fraction.AsInt32() + (t.AsInt32() << 23)).AsSingle();
        return Vector128<float>.One / (Vector128<float>.One + power);
    }

    /// <summary>The approximate σ(<paramref name="z"/>), the same bits as a lane of <see cref="Compute(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Compute(float z) => Compute(Vector128.CreateScalar(z)).ToScalar();

    /// <summary>The approximate σ(<paramref name="z"/>) for a double network, computed in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Compute(double z) => Compute((float)z);

    /// <summary>a·b - c, rounded once where the CPU has a fused multiply-add; one instruction fewer than negating c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplySubtract(Vector128<float> a, Vector128<float> b, Vector128<float> c, bool fused) =>
        fused && Fma.IsSupported ? Fma.MultiplySubtract(a, b, c) : SigmoidSteps.MultiplyAdd(a, b, -c, fused);
}
