using CompiledNet.Generated;
using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CompiledNet.Tests.FastPaths;

/// <summary>The runtime's kernels at a width chosen by the test rather than by the CPU.</summary>
internal static class LaneKernels
{
    public static T Dot<T>(LaneWidth width, T[] x, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xRef = ref MemoryMarshal.GetArrayDataReference(x);
        ref T yRef = ref MemoryMarshal.GetArrayDataReference(y);
        return width switch
        {
            LaneWidth.Bits512 => Kernels.Dot<T, Vector512<T>, Lanes512<T>>(ref xRef, ref yRef, x.Length),
            LaneWidth.Bits256 => Kernels.Dot<T, Vector256<T>, Lanes256<T>>(ref xRef, ref yRef, x.Length),
            LaneWidth.Vector => Kernels.Dot<T, Vector<T>, LanesVector<T>>(ref xRef, ref yRef, x.Length),
            _ => Kernels.Dot<T, T, LanesScalar<T>>(ref xRef, ref yRef, x.Length),
        };
    }

    public static void MultiplyAdd(LaneWidth width, float[] x, float scale, float[] destination)
    {
        ref float xRef = ref MemoryMarshal.GetArrayDataReference(x);
        ref float dRef = ref MemoryMarshal.GetArrayDataReference(destination);
        switch (width)
        {
            case LaneWidth.Bits512: Kernels.MultiplyAdd<float, Vector512<float>, Lanes512<float>>(ref xRef, scale, ref dRef, x.Length); break;
            case LaneWidth.Bits256: Kernels.MultiplyAdd<float, Vector256<float>, Lanes256<float>>(ref xRef, scale, ref dRef, x.Length); break;
            case LaneWidth.Vector: Kernels.MultiplyAdd<float, Vector<float>, LanesVector<float>>(ref xRef, scale, ref dRef, x.Length); break;
            default: Kernels.MultiplyAdd<float, float, LanesScalar<float>>(ref xRef, scale, ref dRef, x.Length); break;
        }
    }

    public static void SgdStepRow(LaneWidth width, float[] weights, float[] input, float dz, float negativeRate)
    {
        ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref float x = ref MemoryMarshal.GetArrayDataReference(input);
        switch (width)
        {
            case LaneWidth.Bits512: Kernels.SgdStepRow<float, Vector512<float>, Lanes512<float>>(ref w, ref x, dz, negativeRate, weights.Length); break;
            case LaneWidth.Bits256: Kernels.SgdStepRow<float, Vector256<float>, Lanes256<float>>(ref w, ref x, dz, negativeRate, weights.Length); break;
            case LaneWidth.Vector: Kernels.SgdStepRow<float, Vector<float>, LanesVector<float>>(ref w, ref x, dz, negativeRate, weights.Length); break;
            default: Kernels.SgdStepRow<float, float, LanesScalar<float>>(ref w, ref x, dz, negativeRate, weights.Length); break;
        }
    }

    public static void BackPropagateAndSgdStepRow(LaneWidth width, float[] weights, float[] input, float dz, float negativeRate, float[] inputDelta)
    {
        ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref float x = ref MemoryMarshal.GetArrayDataReference(input);
        ref float d = ref MemoryMarshal.GetArrayDataReference(inputDelta);
        switch (width)
        {
            case LaneWidth.Bits512: Kernels.BackPropagateAndSgdStepRow<float, Vector512<float>, Lanes512<float>>(ref w, ref x, dz, negativeRate, ref d, weights.Length); break;
            case LaneWidth.Bits256: Kernels.BackPropagateAndSgdStepRow<float, Vector256<float>, Lanes256<float>>(ref w, ref x, dz, negativeRate, ref d, weights.Length); break;
            case LaneWidth.Vector: Kernels.BackPropagateAndSgdStepRow<float, Vector<float>, LanesVector<float>>(ref w, ref x, dz, negativeRate, ref d, weights.Length); break;
            default: Kernels.BackPropagateAndSgdStepRow<float, float, LanesScalar<float>>(ref w, ref x, dz, negativeRate, ref d, weights.Length); break;
        }
    }

    public static void DenseForward<T>(LaneWidth width, T[] weights, T[] biases, T[] inputs, T[] z, int count, int inputSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case LaneWidth.Bits512: BatchKernels.DenseForward<T, Vector512<T>, Lanes512<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
            case LaneWidth.Bits256: BatchKernels.DenseForward<T, Vector256<T>, Lanes256<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
            case LaneWidth.Vector: BatchKernels.DenseForward<T, Vector<T>, LanesVector<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
            default: BatchKernels.DenseForward<T, T, LanesScalar<T>>(weights, biases, inputs, z, count, inputSize, outputSize); break;
        }
    }

    public static void MultiplyRows<T>(
        LaneWidth width, T[] a, int aRowStride, int aColumnStride, T[] matrix, T[] c, int rows, int inner, int columns, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case LaneWidth.Bits512: BatchKernels.MultiplyRows<T, Vector512<T>, Lanes512<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
            case LaneWidth.Bits256: BatchKernels.MultiplyRows<T, Vector256<T>, Lanes256<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
            case LaneWidth.Vector: BatchKernels.MultiplyRows<T, Vector<T>, LanesVector<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
            default: BatchKernels.MultiplyRows<T, T, LanesScalar<T>>(a, aRowStride, aColumnStride, matrix, c, rows, inner, columns, accumulate); break;
        }
    }
}
