using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet;

/// <summary>Vector helpers the kernels share.</summary>
internal static class VectorMath
{
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
