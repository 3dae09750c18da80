using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CompiledNet.Generated;

namespace CompiledNet.Benchmarks;

/// <summary>
/// The batch-32 training step of <see cref="FashionCnnNoDropout"/> as its generated code runs it (ZeroGradients,
/// BackwardBatch, Sgd.Step), rebuilt from the same public kernel calls with the same constant arguments, layer by layer
/// and sample by sample in the generated order, with a timestamp after every part, for <see cref="CnnProfile"/>. The
/// pooling loops are copied from the generated code. Not used by any timed benchmark. If the generator changes what it
/// emits, <see cref="CnnProfile"/>'s check (gradients equal to BackwardBatch's) fails and this must follow.
/// </summary>
public sealed class CnnStepReplica
{
    public static readonly string[] PartNames =
    [
        "ZeroGradients",
        "conv1 im2col",
        "conv1 bias fill",
        "conv1 forward GEMM W[32×9]·patches[9×784]",
        "conv1 ReLU",
        "pool1 forward 32×28×28 → 32×14×14",
        "conv2 im2col",
        "conv2 bias fill",
        "conv2 forward GEMM W[64×288]·patches[288×196]",
        "conv2 ReLU",
        "pool2 forward 64×14×14 → 64×7×7",
        "dense 3136→128 forward (DenseForward, ReLU)",
        "dense 128→10 forward, softmax, loss",
        "dense 128→10 backward",
        "dense 3136→128 backward (ReLU', dInput and dW GEMMs, bias sums)",
        "pool2 backward",
        "conv2 ReLU'",
        "conv2 dPatches GEMM Wᵀ[288×64]·dz[64×196]",
        "conv2 col2im",
        "conv2 bias sums",
        "conv2 im2row",
        "conv2 dW GEMM dz[64×196]·rows[196×288]",
        "pool1 backward",
        "conv1 ReLU'",
        "conv1 bias sums",
        "conv1 im2col (again, for dW)",
        "conv1 dW row products dz[32×784]·patches[9×784]ᵀ",
        "Sgd step",
    ];

    /// <summary>Multiply-add FLOPs per sample of each part (0 for data movement and element-wise work).</summary>
    public static readonly double[] PartFlops =
    [
        0, 0, 0, CnnWorkload.Conv1.ForwardFlops, 0, 0, 0, 0, CnnWorkload.Conv2.ForwardFlops, 0, 0,
        2.0 * 3136 * 128, 2.0 * 128 * 10, 4.0 * 128 * 10, 4.0 * 3136 * 128, 0, 0,
        CnnWorkload.Conv2.ForwardFlops, 0, 0, 0, CnnWorkload.Conv2.ForwardFlops, 0, 0, 0, 0, CnnWorkload.Conv1.ForwardFlops, 0,
    ];

    public static int PartCount => PartNames.Length;

    private const int B = CnnWorkload.BatchSize;
    private readonly float[] _activations1 = new float[B * 25088], _delta1 = new float[B * 25088], _patches1 = new float[7056];
    private readonly float[] _activations2 = new float[B * 6272], _delta2 = new float[B * 6272];
    private readonly float[] _activations3 = new float[B * 12544], _delta3 = new float[B * 12544], _patches3 = new float[56448];
    private readonly float[] _activations4 = new float[B * 3136], _delta4 = new float[B * 3136];
    private readonly float[] _activations5 = new float[B * 128], _delta5 = new float[B * 128];
    private readonly float[] _activations6 = new float[B * 10], _preActivations6 = new float[B * 10], _delta6 = new float[B * 10];
    private readonly int[] _argmax2 = new int[B * 6272], _argmax4 = new int[B * 3136];

    /// <summary>ZeroGradients, BackwardBatch, then the SGD step with the mean gradient, adding each part's ticks to <paramref name="timings"/>.</summary>
    public float TrainBatch(float[] parameters, float[] gradients, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Sgd<float> sgd, long[] timings)
    {
        long start = Stopwatch.GetTimestamp();
        Array.Clear(gradients);
        long now = Stopwatch.GetTimestamp();
        timings[0] += now - start;
        float loss = BackwardBatch(parameters, inputs, targets, gradients, timings);
        start = Stopwatch.GetTimestamp();
        sgd.Step(parameters, gradients, 1f / B);
        timings[PartCount - 1] += Stopwatch.GetTimestamp() - start;
        return loss;
    }

    /// <summary>What the generated BackwardBatch does for a full batch of 32, in its order.</summary>
    public float BackwardBatch(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients, long[]? timings)
    {
        timings ??= new long[PartCount];
        var clock = new Clock(timings);
        ReadOnlySpan<float> w1 = parameters.Slice(0, 288), b1 = parameters.Slice(288, 32), w3 = parameters.Slice(320, 18432), b3 = parameters.Slice(18752, 64);
        for (int b = 0; b < B; b++)
        {
            Span<float> output = _activations1.AsSpan(b * 25088, 25088);
            clock.Start();
            ConvKernels.Im2Col<float>(inputs.Slice(b * 784, 784), _patches1, channels: 1, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1, outputHeight: 28, outputWidth: 28);
            clock.Mark(1);
            ConvKernels.FillChannels<float>(b1, output, planeSize: 784);
            clock.Mark(2);
            Conv1ForwardGemm(w1, _patches1, output);
            clock.Mark(3);
            Relu(output);
            clock.Mark(4);
        }

        clock.Start();
        for (int b = 0; b < B; b++)
        {
            Pool1Forward(_activations1.AsSpan(b * 25088, 25088), _activations2.AsSpan(b * 6272, 6272), _argmax2.AsSpan(b * 6272, 6272));
        }

        clock.Mark(5);
        for (int b = 0; b < B; b++)
        {
            Span<float> output = _activations3.AsSpan(b * 12544, 12544);
            clock.Start();
            ConvKernels.Im2Col<float>(_activations2.AsSpan(b * 6272, 6272), _patches3, channels: 32, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1, outputHeight: 14, outputWidth: 14);
            clock.Mark(6);
            ConvKernels.FillChannels<float>(b3, output, planeSize: 196);
            clock.Mark(7);
            Conv2ForwardGemm(w3, _patches3, output);
            clock.Mark(8);
            Relu(output);
            clock.Mark(9);
        }

        clock.Start();
        for (int b = 0; b < B; b++)
        {
            Pool2Forward(_activations3.AsSpan(b * 12544, 12544), _activations4.AsSpan(b * 3136, 3136), _argmax4.AsSpan(b * 3136, 3136));
        }

        clock.Mark(10);
        BatchKernels.DenseForward<float>(parameters.Slice(18816, 401408), parameters.Slice(420224, 128), _activations4, _activations5, B, inputSize: 3136, outputSize: 128);
        Relu(_activations5);
        clock.Mark(11);
        BatchKernels.DenseForward<float>(parameters.Slice(420352, 1280), parameters.Slice(421632, 10), _activations5, _preActivations6, B, inputSize: 128, outputSize: 10);
        float loss = 0f;
        for (int b = 0; b < B; b++)
        {
            Activations.Softmax<float>(_preActivations6.AsSpan(b * 10, 10), _activations6.AsSpan(b * 10, 10));
        }

        for (int b = 0; b < B; b++)
        {
            loss += Losses.SoftmaxCrossEntropy<float>(_preActivations6.AsSpan(b * 10, 10), _activations6.AsSpan(b * 10, 10), targets.Slice(b * 10, 10), _delta6.AsSpan(b * 10, 10));
        }

        clock.Mark(12);
        Dense2Backward(parameters.Slice(420352, 1280), _activations5, _delta6, gradients.Slice(420352, 1280), gradients.Slice(421632, 10), _delta5);
        clock.Mark(13);
        Dense1Backward(parameters.Slice(18816, 401408), _activations4, _activations5, _delta5, gradients.Slice(18816, 401408), gradients.Slice(420224, 128), _delta4);
        clock.Mark(14);
        for (int b = 0; b < B; b++)
        {
            PoolBackward(_argmax4.AsSpan(b * 3136, 3136), _delta4.AsSpan(b * 3136, 3136), _delta3.AsSpan(b * 12544, 12544));
        }

        clock.Mark(15);
        Span<float> wg3 = gradients.Slice(320, 18432), bg3 = gradients.Slice(18752, 64);
        for (int b = 0; b < B; b++)
        {
            Span<float> delta = _delta3.AsSpan(b * 12544, 12544);
            clock.Start();
            ReluDerivative(delta, _activations3.AsSpan(b * 12544, 12544));
            clock.Mark(16);
            Conv2PatchGradientGemm(w3, delta, _patches3);
            clock.Mark(17);
            ConvKernels.Col2Im<float>(_patches3, _delta2.AsSpan(b * 6272, 6272), channels: 32, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1, outputHeight: 14, outputWidth: 14);
            clock.Mark(18);
            ConvKernels.AddChannelSums<float>(delta, bg3, planeSize: 196);
            clock.Mark(19);
            ConvKernels.Im2Row<float>(_activations2.AsSpan(b * 6272, 6272), _patches3, channels: 32, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1, outputHeight: 14, outputWidth: 14);
            clock.Mark(20);
            Conv2WeightGradientGemm(delta, _patches3, wg3);
            clock.Mark(21);
        }

        clock.Start();
        for (int b = 0; b < B; b++)
        {
            PoolBackward(_argmax2.AsSpan(b * 6272, 6272), _delta2.AsSpan(b * 6272, 6272), _delta1.AsSpan(b * 25088, 25088));
        }

        clock.Mark(22);
        Span<float> wg1 = gradients.Slice(0, 288), bg1 = gradients.Slice(288, 32);
        for (int b = 0; b < B; b++)
        {
            Span<float> delta = _delta1.AsSpan(b * 25088, 25088);
            clock.Start();
            ReluDerivative(delta, _activations1.AsSpan(b * 25088, 25088));
            clock.Mark(23);
            ConvKernels.AddChannelSums<float>(delta, bg1, planeSize: 784);
            clock.Mark(24);
            ConvKernels.Im2Col<float>(inputs.Slice(b * 784, 784), _patches1, channels: 1, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1, outputHeight: 28, outputWidth: 28);
            clock.Mark(25);
            Conv1WeightGradientGemm(delta, _patches1, wg1);
            clock.Mark(26);
        }

        return loss;
    }

    // Each GEMM in a method of its own with constant sizes, as in the generated layer methods, so that MultiplyRows
    // inlines into it with the same constants.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Conv1ForwardGemm(ReadOnlySpan<float> weights, ReadOnlySpan<float> patches, Span<float> output) =>
        BatchKernels.MultiplyRows<float>(weights, aRowStride: 9, aColumnStride: 1, patches, output, rows: 32, inner: 9, columns: 784, accumulate: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Conv2ForwardGemm(ReadOnlySpan<float> weights, ReadOnlySpan<float> patches, Span<float> output) =>
        BatchKernels.MultiplyRows<float>(weights, aRowStride: 288, aColumnStride: 1, patches, output, rows: 64, inner: 288, columns: 196, accumulate: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Conv2PatchGradientGemm(ReadOnlySpan<float> weights, ReadOnlySpan<float> delta, Span<float> patches) =>
        BatchKernels.MultiplyRows<float>(weights, aRowStride: 1, aColumnStride: 288, delta, patches, rows: 288, inner: 64, columns: 196, accumulate: false);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Conv2WeightGradientGemm(ReadOnlySpan<float> delta, ReadOnlySpan<float> patches, Span<float> weightGradients) =>
        BatchKernels.MultiplyRows<float>(delta, aRowStride: 196, aColumnStride: 1, patches, weightGradients, rows: 64, inner: 196, columns: 288, accumulate: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Conv1WeightGradientGemm(ReadOnlySpan<float> delta, ReadOnlySpan<float> patches, Span<float> weightGradients) =>
        BatchKernels.AddRowProducts<float>(delta, patches, weightGradients, rows: 32, inner: 784, columns: 9);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dense2Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, Span<float> delta, Span<float> weightGradients, Span<float> biasGradients, Span<float> inputDelta)
    {
        BatchKernels.MultiplyRows<float>(delta, aRowStride: 10, aColumnStride: 1, weights, inputDelta, rows: B, inner: 10, columns: 128, accumulate: false);
        BatchKernels.MultiplyRows<float>(delta, aRowStride: 1, aColumnStride: 10, input, weightGradients, rows: 10, inner: B, columns: 128, accumulate: true);
        BatchKernels.AddColumnSums<float>(delta, B, columns: 10, biasGradients);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dense1Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> delta, Span<float> weightGradients, Span<float> biasGradients, Span<float> inputDelta)
    {
        // As the generated Layer5BackwardBatch: the span ReLU derivative.
        ReluDerivative(delta, output);

        BatchKernels.MultiplyRows<float>(delta, aRowStride: 128, aColumnStride: 1, weights, inputDelta, rows: B, inner: 128, columns: 3136, accumulate: false);
        BatchKernels.MultiplyRows<float>(delta, aRowStride: 1, aColumnStride: 128, input, weightGradients, rows: 128, inner: B, columns: 3136, accumulate: true);
        BatchKernels.AddColumnSums<float>(delta, B, columns: 128, biasGradients);
    }

    private static void Relu(Span<float> values) => Activations.ReLU<float>(values, values);

    private static void ReluDerivative(Span<float> delta, ReadOnlySpan<float> output) => Activations.ReLUBackward<float>(output, delta);

    // The generated 2×2 max pooling (Layer2Forward and Layer4Forward), with the sizes as arguments.
    private static void Pool1Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax) => MaxPoolForward(input, output, argmax, 32, 28);

    private static void Pool2Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax) => MaxPoolForward(input, output, argmax, 64, 14);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxPoolForward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, int channels, int side)
    {
        int o = 0, half = side / 2;
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < half; y++)
            {
                for (int x = 0; x < half; x++, o++)
                {
                    int corner = (c * side * side) + (y * 2 * side) + (x * 2);
                    int at = corner;
                    float max = input[corner];
                    if (input[corner + 1] > max || float.IsNaN(input[corner + 1]))
                    {
                        at = corner + 1;
                        max = input[at];
                    }

                    if (input[corner + side] > max || float.IsNaN(input[corner + side]))
                    {
                        at = corner + side;
                        max = input[at];
                    }

                    if (input[corner + side + 1] > max || float.IsNaN(input[corner + side + 1]))
                    {
                        at = corner + side + 1;
                        max = input[at];
                    }

                    output[o] = max;
                    argmax[o] = at;
                }
            }
        }
    }

    // The generated pooling backward (Layer2Backward and Layer4Backward).
    private static void PoolBackward(ReadOnlySpan<int> argmax, ReadOnlySpan<float> delta, Span<float> inputDelta)
    {
        inputDelta.Clear();
        for (int o = 0; o < delta.Length; o++)
        {
            inputDelta[argmax[o]] += delta[o];
        }
    }

    /// <summary>Adds the ticks since the last mark to a part.</summary>
    private struct Clock(long[] timings)
    {
        private long _last;

        public void Start() => _last = Stopwatch.GetTimestamp();

        public void Mark(int part)
        {
            long now = Stopwatch.GetTimestamp();
            timings[part] += now - _last;
            _last = now;
        }
    }
}
