using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.ComponentModel;

namespace CompiledNet.Generated;

/// <summary>
/// The logistic sigmoid, 1 / (1 + e^-z), of four floats at once, for hidden layers of four sigmoid neurons that the
/// generator writes as one <see cref="Vector128{T}"/>. Four scalar <c>MathF.Exp</c> calls cost four times one; this
/// costs about one. It is within 4 ulp of the exact sigmoid from z = -87.3 up (3.8 ulp at worst in the tests'
/// sweeps): the table's entries are rounded to float and each step rounds once. Below -87.3, where the exact value
/// is under 2^-126, it returns about 1.2e-38. NaN stays NaN.
/// </summary>
/// <remarks>
/// e^x = 2^(n/16) · e^r with n = round(16x / ln 2) and |r| ≤ ln 2 / 32: 2^(n/16) is a 16-entry table scaled by a power
/// of two in the exponent bits, and e^r a cubic. Every step is one IEEE operation, the multiply-adds fused, so the
/// result is the same bit for bit on every CPU with a fused multiply-add (x64 with FMA, Arm64): with AVX2 the table
/// lookup is two permutes, elsewhere four loads. <see cref="Compute(float)"/> does the same operations on one float.
/// On an x64 CPU without FMA each multiply-add rounds twice, within the same error bound.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FastSigmoid
{
    // -z is clamped so that 2^(n/16) stays a normal float: e^-87.3 ≈ 1.2e-38, e^88.3 ≈ 2.2e38.
    private const float LowestExponent = -87.3f;
    private const float HighestExponent = 88.3f;

    // Adding 1.5·2^23 rounds to an integer and leaves it in the low mantissa bits of the sum.
    private const float RoundingMagic = 12582912f;
    private const int RoundingMagicBits = 0x4B400000;
    private const float SixteenOverLn2 = 23.083120654223414f;

    // ln 2 / 16 in two parts, the first with its low bits clear so that n · hi is exact (Cody and Waite).
    private const float Ln2OverSixteenHigh = 0.0433197021484375f;
    private const float Ln2OverSixteenLow = 1.996636559080389e-6f;

    // e^r ≈ 1 + r + r²/2 + r³/6: for |r| ≤ 0.0217 the next term is below 1e-8.
    private const float Half = 0.5f;
    private const float Sixth = 1f / 6f;

    // 2^(j/16) for j = 0..15, rounded to float.
    private static readonly float[] s_powersOfTwo =
    [
        1f, 1.0442737824274138f, 1.0905077326652577f, 1.1387886347566916f,
        1.189207115002721f, 1.2418578120734840f, 1.2968395546510096f, 1.3542555469368927f,
        1.4142135623730951f, 1.4768261459394993f, 1.5422108254079407f, 1.6104903319492543f,
        1.6817928305074290f, 1.7562521603732995f, 1.8340080864093424f, 1.9152065613971474f,
    ];

    /// <summary>σ(z) for each lane of <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Compute(Vector128<float> z) => Compute(z, portable: !Avx2.IsSupported || !Fma.IsSupported);

    /// <summary>
    /// σ(z) for each lane, with AVX2 and FMA (<paramref name="portable"/> false) or with the operations every CPU has
    /// (true): the two give the same bits. Where no fused multiply-add exists (x64 without FMA, as in a NativeAOT
    /// build for the baseline x64 CPU), or with <paramref name="fused"/> false, each multiply-add rounds twice: the
    /// result stays within the same error bound but is not bit-identical. The tests run every combination.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Compute(Vector128<float> z, bool portable, bool fused = true)
    {
        Vector128<float> x = SigmoidSteps.Clamp(-z, LowestExponent, HighestExponent, portable);
        Vector128<float> magic = Vector128.Create(RoundingMagic);
        Vector128<float> t = SigmoidSteps.MultiplyAdd(x, Vector128.Create(SixteenOverLn2), magic, fused);
        Vector128<float> n = t - magic;
        Vector128<float> r = NegatedMultiplyAdd(n, Vector128.Create(Ln2OverSixteenHigh), x, fused);
        r = NegatedMultiplyAdd(n, Vector128.Create(Ln2OverSixteenLow), r, fused);
        Vector128<float> cubic = SigmoidSteps.MultiplyAdd(Vector128.Create(Sixth), r, Vector128.Create(Half), fused);
        Vector128<float> expR = SigmoidSteps.MultiplyAdd(cubic, r * r, r + Vector128<float>.One, fused);
        Vector128<int> bits = t.AsInt32();
        Vector128<int> scale = PowerOfTwoFraction(bits, portable).AsInt32() + (((bits - Vector128.Create(RoundingMagicBits)) >> 4) << 23);
        return Vector128<float>.One / SigmoidSteps.MultiplyAdd(expR, scale.AsSingle(), Vector128<float>.One, fused);
    }

    /// <summary>c - a·b, rounded once where the CPU has a fused multiply-add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> NegatedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c, bool fused)
    {
        if (fused && Fma.IsSupported)
        {
            return Fma.MultiplyAddNegated(a, b, c);
        }

        if (fused && AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplySubtract(c, a, b);
        }

        return c - (a * b);
    }

    /// <summary>2^(j/16) for the low four bits j of each lane of <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> PowerOfTwoFraction(Vector128<int> bits, bool portable)
    {
        float[] table = s_powersOfTwo;
        if (!portable && Avx2.IsSupported)
        {
            // The low three bits pick within each half of the table, bit 3 picks the half.
            Vector256<int> index = bits.ToVector256Unsafe();
            ref float first = ref table[0];
            Vector128<float> low = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref first), index).GetLower();
            Vector128<float> high = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref first, 8), index).GetLower();
            return Sse41.BlendVariable(low, high, (bits << 28).AsSingle());
        }

        return Vector128.Create(
            table[bits.GetElement(0) & 15],
            table[bits.GetElement(1) & 15],
            table[bits.GetElement(2) & 15],
            table[bits.GetElement(3) & 15]);
    }

    /// <summary>σ(<paramref name="z"/>) by the same operations as one lane of <see cref="Compute(Vector128{float})"/>.</summary>
    public static float Compute(float z)
    {
        float x = MathF.Min(HighestExponent, MathF.Max(LowestExponent, -z));
        float t = MathF.FusedMultiplyAdd(x, SixteenOverLn2, RoundingMagic);
        float n = t - RoundingMagic;
        float r = MathF.FusedMultiplyAdd(-n, Ln2OverSixteenHigh, x);
        r = MathF.FusedMultiplyAdd(-n, Ln2OverSixteenLow, r);
        float cubic = MathF.FusedMultiplyAdd(Sixth, r, Half);
        float expR = MathF.FusedMultiplyAdd(cubic, r * r, r + 1f);
        int bits = BitConverter.SingleToInt32Bits(t);
        int scale = BitConverter.SingleToInt32Bits(s_powersOfTwo[bits & 15]) + (((bits - RoundingMagicBits) >> 4) << 23);
        return 1f / MathF.FusedMultiplyAdd(expR, BitConverter.Int32BitsToSingle(scale), 1f);
    }
}
