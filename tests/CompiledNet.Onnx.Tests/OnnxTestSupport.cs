using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using Microsoft.ML.OnnxRuntime;

namespace CompiledNet.Onnx.Tests;

/// <summary>Random weights and inputs, ONNX Runtime on one thread, and the comparison with Forward.</summary>
internal static class OnnxTestSupport
{
    /// <summary>Float: |onnx - forward| ≤ 1e-5 · max(|onnx|, |forward|) + 1e-6.</summary>
    public const double FloatRelative = 1e-5;

    /// <summary>Float's absolute floor, for outputs near zero, where a relative bound means nothing.</summary>
    public const double FloatAbsolute = 1e-6;

    /// <summary>Double: 1e-12 relative, 1e-14 absolute.</summary>
    public const double DoubleRelative = 1e-12;

    /// <summary>Double's absolute floor.</summary>
    public const double DoubleAbsolute = 1e-14;

    /// <summary>
    /// Double networks with LeakyReLU (or ELU): ONNX holds the slope and α as float attributes, so ONNX Runtime uses
    /// the float nearest the declared value where CompiledNet's double code uses the double nearest it (0.01 against
    /// 0.0099999997764825821), a relative difference of up to 2^-24 in each negative value, which later layers carry
    /// on (and cancellation can make large relative to a small output, hence the absolute floor).
    /// </summary>
    public const double DoubleFloatAttributeRelative = 1e-7;

    /// <summary>The absolute floor that goes with <see cref="DoubleFloatAttributeRelative"/>: the slope's rounding, scaled by the values it multiplies.</summary>
    public const double DoubleFloatAttributeAbsolute = 1e-8;

    /// <summary>Every parameter drawn uniformly from ±0.9, biases included (they start at zero otherwise).</summary>
    public static void Randomize<T>(INetwork<T> network, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        Span<T> parameters = network.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = T.CreateTruncating((random.NextDouble() * 1.8) - 0.9);
        }
    }

    /// <summary>Rows of inputs uniform in ±3, row after row.</summary>
    public static T[] Inputs<T>(int rows, int size, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[rows * size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating((random.NextDouble() * 6) - 3);
        }

        return values;
    }

    public static byte[] Export<T>(INetwork<T> network, FeatureScaler<T>? scaler = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        OnnxModel.Save(stream, network, scaler);
        return stream.ToArray();
    }

    /// <summary>Runs the model in ONNX Runtime on one thread, on a batch of <paramref name="rows"/> rows.</summary>
    public static T[] RunOnnx<T>(byte[] model, T[] inputs, int rows, int inputSize, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
        where T : unmanaged => RunOnnx(model, inputs, new long[] { rows, inputSize }, level);

    /// <summary>The shape of a batch of <paramref name="rows"/> inputs: [rows, n], or [rows, C, H, W] for an image input.</summary>
    public static long[] BatchShape(NetworkArchitecture architecture, int rows) =>
        architecture.InputShape is { } image ? new long[] { rows, image.Channels, image.Height, image.Width } : new long[] { rows, architecture.InputSize };

    /// <summary>Runs the model in ONNX Runtime on one thread, on inputs of the given shape (the batch first).</summary>
    public static T[] RunOnnx<T>(byte[] model, T[] inputs, long[] shape, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
        where T : unmanaged
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results =
            session.Run(runOptions, new[] { OnnxModel.InputName }, new[] { input }, new[] { OnnxModel.OutputName });
        return results[0].GetTensorDataAsSpan<T>().ToArray();
    }

    /// <summary>Forward on each row, after the scaler if there is one.</summary>
    public static T[] RunForward<T>(INetwork<T> network, T[] inputs, int rows, FeatureScaler<T>? scaler = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var outputs = new T[rows * network.OutputSize];
        var scaled = new T[network.InputSize];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = inputs.AsSpan(r * network.InputSize, network.InputSize);
            if (scaler is not null)
            {
                scaler.Transform(row, scaled);
                row = scaled;
            }

            network.Forward(row, outputs.AsSpan(r * network.OutputSize, network.OutputSize));
        }

        return outputs;
    }

    /// <summary>The largest absolute difference, and the largest difference relative to the larger magnitude.</summary>
    public static (double Absolute, double Relative) Differences<T>(T[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (expected.Length != actual.Length)
        {
            throw new ArgumentException($"{expected.Length} values against {actual.Length}.", nameof(actual));
        }

        double absolute = 0;
        double relative = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]);
            double a = double.CreateTruncating(actual[i]);
            double difference = Math.Abs(e - a);
            absolute = Math.Max(absolute, difference);
            double scale = Math.Max(Math.Abs(e), Math.Abs(a));
            if (scale > 0)
            {
                relative = Math.Max(relative, difference / scale);
            }
        }

        return (absolute, relative);
    }

    /// <summary>The index of the first value outside |e - a| ≤ relative · max(|e|, |a|) + absolute, or -1.</summary>
    public static int FirstOutside<T>(T[] expected, T[] actual, double relative, double absolute)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]);
            double a = double.CreateTruncating(actual[i]);
            if (!(Math.Abs(e - a) <= (relative * Math.Max(Math.Abs(e), Math.Abs(a))) + absolute))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool SameBits<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b));
}
