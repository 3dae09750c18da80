using System.Numerics;
using System.Runtime.CompilerServices;

namespace CompiledNet;

/// <summary>Unaligned <see cref="Vector{T}"/> loads and stores for the optimizers' element-wise loops.</summary>
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
}
