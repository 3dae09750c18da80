using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompiledNet;

/// <summary>
/// The operations of one SIMD width. Each matrix kernel is written once over this interface and the JIT compiles a
/// copy per width (the type arguments are structs), so Vector512, Vector256, Vector&lt;T&gt; and one-lane scalar code
/// come from the same source with no virtual calls.
/// </summary>
/// <typeparam name="TVector">The vector type: Vector512&lt;T&gt;, Vector256&lt;T&gt;, Vector&lt;T&gt; or T itself.</typeparam>
/// <typeparam name="T">The element type, float or double.</typeparam>
internal interface ILanes<TVector, T>
    where TVector : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Create(T value);

    static abstract TVector Load(ref T start, int offset);

    static abstract void Store(TVector value, ref T start, int offset);

    static abstract TVector Add(TVector x, TVector y);

    static abstract TVector Multiply(TVector x, TVector y);

    /// <summary>acc + x·y, fused into one rounding where the CPU has FMA at this width.</summary>
    static abstract TVector MultiplyAdd(TVector x, TVector y, TVector acc);

    static abstract T Sum(TVector value);
}

/// <summary>Which width the kernels run at on this machine: the widest the CPU accelerates.</summary>
internal enum LaneWidth
{
    /// <summary>No SIMD acceleration: one element at a time.</summary>
    Scalar,

    /// <summary>Vector&lt;T&gt;: 128 bits on Arm64 and SSE-only x64.</summary>
    Vector,

    /// <summary>Vector256 with FMA where the CPU has it (AVX2).</summary>
    Bits256,

    /// <summary>Vector512 with FMA (AVX-512).</summary>
    Bits512,
}

/// <summary>The width chosen for this process.</summary>
internal static class Lanes
{
    /// <summary>
    /// The widest accelerated width. A JIT-time constant: each check folds away and only one width's code is compiled.
    /// </summary>
    public static LaneWidth Best
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get =>
            Vector512.IsHardwareAccelerated ? LaneWidth.Bits512
            : Vector256.IsHardwareAccelerated ? LaneWidth.Bits256
            : Vector.IsHardwareAccelerated ? LaneWidth.Vector
            : LaneWidth.Scalar;
    }
}

/// <summary>512-bit lanes (AVX-512): 16 floats or 8 doubles.</summary>
internal readonly struct Lanes512<T> : ILanes<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T start, int offset) => Vector512.LoadUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T start, int offset) => value.StoreUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Avx512F.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Avx512F.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }
        }

        return acc + (x * y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Vector512.Sum(value);
}

/// <summary>256-bit lanes (AVX2): 8 floats or 4 doubles.</summary>
internal readonly struct Lanes256<T> : ILanes<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T start, int offset) => Vector256.LoadUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T start, int offset) => value.StoreUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }
        }

        return acc + (x * y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);
}

/// <summary>Vector&lt;T&gt; lanes: the portable fallback (128 bits on Arm64).</summary>
internal readonly struct LanesVector<T> : ILanes<Vector<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector<T>.Count;

    public static Vector<T> Zero => Vector<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Create(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load(ref T start, int offset) => VectorMemory.Load(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<T> value, ref T start, int offset) => VectorMemory.Store(value, ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Add(Vector<T> x, Vector<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Multiply(Vector<T> x, Vector<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd(Vector<T> x, Vector<T> y, Vector<T> acc) => VectorMemory.MultiplyAdd(x, y, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector<T> value) => Vector.Sum(value);
}

/// <summary>One lane: the vector loops run element by element where the CPU accelerates no SIMD width.</summary>
internal readonly struct LanesScalar<T> : ILanes<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Create(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T start, int offset) => Unsafe.Add(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T start, int offset) => Unsafe.Add(ref start, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T x, T y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T x, T y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T x, T y, T acc) => acc + (x * y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;
}
