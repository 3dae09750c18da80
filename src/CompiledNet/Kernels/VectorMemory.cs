using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet;

/// <summary>Unaligned <see cref="Vector{T}"/> loads and stores, and a fused multiply-add, for every vector loop of the runtime.</summary>
internal static class VectorMemory
{
    /// <summary>Whether a loop over <paramref name="length"/> elements should take the vector path before its scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool UseVectors<T>(int length)
        where T : unmanaged =>
        Vector.IsHardwareAccelerated && Vector<T>.IsSupported && length >= Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<T>(ref T start, int offset)
        where T : unmanaged =>
        Unsafe.ReadUnaligned<Vector<T>>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref start, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector<T> value, ref T start, int offset)
        where T : unmanaged =>
        Unsafe.WriteUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref start, offset)), value);

    /// <summary>acc + x·y, fused into one rounding where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> x, Vector<T> y, Vector<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Fma.IsSupported && Vector<T>.Count * Unsafe.SizeOf<T>() == 32)
        {
            if (typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(x.AsVector256().AsSingle(), y.AsVector256().AsSingle(), acc.AsVector256().AsSingle()).As<float, T>().AsVector();
            }

            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(x.AsVector256().AsDouble(), y.AsVector256().AsDouble(), acc.AsVector256().AsDouble()).As<double, T>().AsVector();
            }
        }

        return acc + (x * y);
    }
}
