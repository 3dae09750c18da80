using System;

namespace CompiledNet.Benchmarks;

/// <summary>
/// A plain hand-written convolutional network: what a competent C# developer writes without a library, for one fixed
/// architecture. Input 1×28×28 → Conv 32 3×3 pad 1, ReLU → MaxPool 2×2 → Conv 64 3×3 pad 1, ReLU → MaxPool 2×2 →
/// Dense 128 ReLU → Dense 10 softmax, cross-entropy, mini-batch SGD. The model's Dropout(0.25) after the second pool
/// is omitted: it is the identity at inference, so training comparisons must turn it off on the generated side.
/// Nested loops over <c>float[]</c> in an order that walks memory contiguously (a kernel row slides along an image
/// row), spans sliced once per row so the JIT drops most bounds checks, the padding handled at the row ends instead
/// of tested per pixel, scratch allocated once so a step allocates nothing; no hand-written SIMD, no im2col, no
/// unsafe code.
/// Parameters are one flat array in CompiledNet's layout (PyTorch's): per layer the weights ([filters, channels, 3, 3]
/// for a convolution, [outputs, inputs] for a dense layer), then the biases; values are NCHW, and the first dense
/// layer reads the pooled 64×7×7 maps in that order.
/// </summary>
public sealed class PlainCnn
{
    public const int InputSize = Side * Side;
    public const int OutputSize = 10;

    private const int Side = 28;
    private const int Filters1 = 32;
    private const int Side1 = Side / 2;
    private const int Filters2 = 64;
    private const int Side2 = Side1 / 2;
    private const int Flat = Filters2 * Side2 * Side2;
    private const int Hidden = 128;

    private const int Conv1Weights = 0;
    private const int Conv1Biases = Conv1Weights + (Filters1 * 9);
    private const int Conv2Weights = Conv1Biases + Filters1;
    private const int Conv2Biases = Conv2Weights + (Filters2 * Filters1 * 9);
    private const int Dense1Weights = Conv2Biases + Filters2;
    private const int Dense1Biases = Dense1Weights + (Hidden * Flat);
    private const int Dense2Weights = Dense1Biases + Hidden;
    private const int Dense2Biases = Dense2Weights + (OutputSize * Hidden);

    /// <summary>421,642: 320 + 18,496 + 401,536 + 1,290.</summary>
    public const int ParameterCount = Dense2Biases + OutputSize;

    private readonly float[] _gradients = new float[ParameterCount];

    // Each layer's output for the current sample (after its ReLU), and which input each pooled value came from.
    private readonly float[] _conv1 = new float[Filters1 * Side * Side];
    private readonly float[] _pool1 = new float[Filters1 * Side1 * Side1];
    private readonly int[] _pool1Source = new int[Filters1 * Side1 * Side1];
    private readonly float[] _conv2 = new float[Filters2 * Side1 * Side1];
    private readonly float[] _pool2 = new float[Flat];
    private readonly int[] _pool2Source = new int[Flat];
    private readonly float[] _hidden = new float[Hidden];
    private readonly float[] _output = new float[OutputSize];

    // dLoss/d(pre-activation) of each layer, and dLoss/d(pooled value) for the pools.
    private readonly float[] _conv1Delta = new float[Filters1 * Side * Side];
    private readonly float[] _pool1Delta = new float[Filters1 * Side1 * Side1];
    private readonly float[] _conv2Delta = new float[Filters2 * Side1 * Side1];
    private readonly float[] _pool2Delta = new float[Flat];
    private readonly float[] _hiddenDelta = new float[Hidden];
    private readonly float[] _outputDelta = new float[OutputSize];

    /// <summary>
    /// He-uniform weights (limit √(6/fanIn)) for the ReLU layers, Glorot-uniform for the softmax layer, zero biases:
    /// CompiledNet's own initialisation scheme, drawn from System.Random.
    /// </summary>
    public PlainCnn(int seed)
    {
        var random = new Random(seed);
        Fill(random, Parameters.AsSpan(Conv1Weights, Conv1Biases - Conv1Weights), MathF.Sqrt(6f / 9));
        Fill(random, Parameters.AsSpan(Conv2Weights, Conv2Biases - Conv2Weights), MathF.Sqrt(6f / (Filters1 * 9)));
        Fill(random, Parameters.AsSpan(Dense1Weights, Dense1Biases - Dense1Weights), MathF.Sqrt(6f / Flat));
        Fill(random, Parameters.AsSpan(Dense2Weights, Dense2Biases - Dense2Weights), MathF.Sqrt(6f / (Hidden + OutputSize)));
    }

    /// <summary>Every weight and bias, in CompiledNet's flat layout; writable, so tests can load or compare parameters.</summary>
    public float[] Parameters { get; } = new float[ParameterCount];

    /// <summary>Loads parameters from CompiledNet's flat layout.</summary>
    public void LoadParameters(ReadOnlySpan<float> flat) => flat.Slice(0, ParameterCount).CopyTo(Parameters);

    /// <summary>Writes the parameters in CompiledNet's flat layout.</summary>
    public void CopyParametersTo(Span<float> flat) => Parameters.AsSpan().CopyTo(flat);

    /// <summary>Runs the network on one 28×28 image (row by row).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Propagate(input);
        _output.AsSpan().CopyTo(output);
    }

    /// <summary>
    /// One step of mini-batch SGD over <paramref name="count"/> samples stored back to back: gradients summed over
    /// the batch, then W −= η/count · sum (the mean gradient), as <see cref="PlainMlp.TrainBatch"/> does.
    /// </summary>
    /// <returns>The summed loss of the batch.</returns>
    public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, float learningRate)
    {
        float loss = 0f;
        for (int s = 0; s < count; s++)
        {
            ReadOnlySpan<float> input = inputs.Slice(s * InputSize, InputSize);
            Propagate(input);
            loss += OutputDelta(targets.Slice(s * OutputSize, OutputSize));
            Backpropagate(input);
        }

        // The update with the mean gradient, clearing the sums in the same pass.
        float scale = learningRate / count;
        float[] parameters = Parameters;
        float[] gradients = _gradients;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] -= scale * gradients[i];
            gradients[i] = 0f;
        }

        return loss;
    }

    private void Propagate(ReadOnlySpan<float> input)
    {
        if (input.Length != InputSize)
        {
            throw new ArgumentException($"Expected {InputSize} inputs, got {input.Length}.", nameof(input));
        }

        ReadOnlySpan<float> p = Parameters;
        Conv3x3Forward(input, 1, Side, p.Slice(Conv1Weights, Conv1Biases - Conv1Weights), p.Slice(Conv1Biases, Filters1), _conv1);
        MaxPool2x2Forward(_conv1, Filters1, Side, _pool1, _pool1Source);
        Conv3x3Forward(_pool1, Filters1, Side1, p.Slice(Conv2Weights, Conv2Biases - Conv2Weights), p.Slice(Conv2Biases, Filters2), _conv2);
        MaxPool2x2Forward(_conv2, Filters2, Side1, _pool2, _pool2Source);
        DenseForward(_pool2, p.Slice(Dense1Weights, Hidden * Flat), p.Slice(Dense1Biases, Hidden), _hidden);
        for (int i = 0; i < _hidden.Length; i++)
        {
            _hidden[i] = MathF.Max(_hidden[i], 0f);
        }

        DenseForward(_hidden, p.Slice(Dense2Weights, OutputSize * Hidden), p.Slice(Dense2Biases, OutputSize), _output);
        Softmax(_output);
    }

    /// <summary>Adds this sample's gradient to the sums; the deltas run from the output back to the first convolution.</summary>
    private void Backpropagate(ReadOnlySpan<float> input)
    {
        ReadOnlySpan<float> p = Parameters;
        Span<float> g = _gradients;
        DenseBackward(_hidden, p.Slice(Dense2Weights, OutputSize * Hidden), _outputDelta, g.Slice(Dense2Weights, OutputSize * Hidden), g.Slice(Dense2Biases, OutputSize), _hiddenDelta);
        for (int i = 0; i < _hiddenDelta.Length; i++)
        {
            _hiddenDelta[i] = _hidden[i] > 0f ? _hiddenDelta[i] : 0f;
        }

        DenseBackward(_pool2, p.Slice(Dense1Weights, Hidden * Flat), _hiddenDelta, g.Slice(Dense1Weights, Hidden * Flat), g.Slice(Dense1Biases, Hidden), _pool2Delta);
        MaxPool2x2Backward(_pool2Delta, _pool2Source, _conv2, _conv2Delta);
        Conv3x3Backward(_pool1, Filters1, Side1, p.Slice(Conv2Weights, Conv2Biases - Conv2Weights), _conv2Delta, g.Slice(Conv2Weights, Conv2Biases - Conv2Weights), g.Slice(Conv2Biases, Filters2), _pool1Delta);
        MaxPool2x2Backward(_pool1Delta, _pool1Source, _conv1, _conv1Delta);

        // The first layer's input needs no gradient.
        Conv3x3Backward(input, 1, Side, p.Slice(Conv1Weights, Conv1Biases - Conv1Weights), _conv1Delta, g.Slice(Conv1Weights, Conv1Biases - Conv1Weights), g.Slice(Conv1Biases, Filters1), Span<float>.Empty);
    }

    /// <summary>
    /// A 3×3 convolution, stride 1, zero padding 1 (so the output has the input's side), followed by ReLU. Each
    /// kernel row slides along a contiguous input row, three taps per output value; the first and last columns, whose
    /// outer tap would read the padding, are done apart so the inner loop has no bounds tests.
    /// </summary>
    private static void Conv3x3Forward(ReadOnlySpan<float> input, int channels, int side, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, Span<float> output)
    {
        int plane = side * side;
        for (int o = 0; o < biases.Length; o++)
        {
            Span<float> outPlane = output.Slice(o * plane, plane);
            outPlane.Fill(biases[o]);
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> inPlane = input.Slice(c * plane, plane);
                ReadOnlySpan<float> kernel = weights.Slice(((o * channels) + c) * 9, 9);
                for (int ky = 0; ky < 3; ky++)
                {
                    float w0 = kernel[ky * 3], w1 = kernel[(ky * 3) + 1], w2 = kernel[(ky * 3) + 2];

                    // Output rows whose input row y + ky − 1 is inside the image; the padding rows add nothing.
                    int yStart = ky == 0 ? 1 : 0, yEnd = ky == 2 ? side - 1 : side;
                    for (int y = yStart; y < yEnd; y++)
                    {
                        Span<float> outRow = outPlane.Slice(y * side, side);
                        ReadOnlySpan<float> inRow = inPlane.Slice((y + ky - 1) * side, side);
                        outRow[0] += (w1 * inRow[0]) + (w2 * inRow[1]);
                        for (int x = 1; x < side - 1; x++)
                        {
                            outRow[x] += (w0 * inRow[x - 1]) + (w1 * inRow[x]) + (w2 * inRow[x + 1]);
                        }

                        outRow[side - 1] += (w0 * inRow[side - 2]) + (w1 * inRow[side - 1]);
                    }
                }
            }

            for (int i = 0; i < outPlane.Length; i++)
            {
                outPlane[i] = MathF.Max(outPlane[i], 0f);
            }
        }
    }

    /// <summary>
    /// The same row walk read backwards: dLoss/dw[ky, kx] sums delta × the input kx − 1 columns over, dLoss/dinput
    /// gains each tap's weight × the delta it fed, dLoss/db sums the filter's deltas. An empty
    /// <paramref name="inputDelta"/> skips the input gradient (the first layer needs none).
    /// </summary>
    private static void Conv3x3Backward(ReadOnlySpan<float> input, int channels, int side, ReadOnlySpan<float> weights, ReadOnlySpan<float> delta, Span<float> weightGradients, Span<float> biasGradients, Span<float> inputDelta)
    {
        int plane = side * side;
        bool propagate = !inputDelta.IsEmpty;
        inputDelta.Clear();
        for (int o = 0; o < biasGradients.Length; o++)
        {
            ReadOnlySpan<float> deltaPlane = delta.Slice(o * plane, plane);
            float biasSum = 0f;
            for (int i = 0; i < deltaPlane.Length; i++)
            {
                biasSum += deltaPlane[i];
            }

            biasGradients[o] += biasSum;
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> inPlane = input.Slice(c * plane, plane);
                Span<float> inDeltaPlane = propagate ? inputDelta.Slice(c * plane, plane) : Span<float>.Empty;
                int kernel = ((o * channels) + c) * 9;
                for (int ky = 0; ky < 3; ky++)
                {
                    float w0 = weights[kernel + (ky * 3)], w1 = weights[kernel + (ky * 3) + 1], w2 = weights[kernel + (ky * 3) + 2];
                    float g0 = 0f, g1 = 0f, g2 = 0f;
                    int yStart = ky == 0 ? 1 : 0, yEnd = ky == 2 ? side - 1 : side;
                    for (int y = yStart; y < yEnd; y++)
                    {
                        ReadOnlySpan<float> deltaRow = deltaPlane.Slice(y * side, side);
                        ReadOnlySpan<float> inRow = inPlane.Slice((y + ky - 1) * side, side);

                        // Output x read input x + kx − 1: tap 0 has no input left of column 0, tap 2 none right of the last.
                        g1 += deltaRow[0] * inRow[0];
                        g2 += deltaRow[0] * inRow[1];
                        for (int x = 1; x < side - 1; x++)
                        {
                            float d = deltaRow[x];
                            g0 += d * inRow[x - 1];
                            g1 += d * inRow[x];
                            g2 += d * inRow[x + 1];
                        }

                        g0 += deltaRow[side - 1] * inRow[side - 2];
                        g1 += deltaRow[side - 1] * inRow[side - 1];
                        if (propagate)
                        {
                            // Input i fed output i + 1 through tap 0, output i through tap 1 and output i − 1 through tap 2.
                            Span<float> inDeltaRow = inDeltaPlane.Slice((y + ky - 1) * side, side);
                            inDeltaRow[0] += (w0 * deltaRow[1]) + (w1 * deltaRow[0]);
                            for (int x = 1; x < side - 1; x++)
                            {
                                inDeltaRow[x] += (w0 * deltaRow[x + 1]) + (w1 * deltaRow[x]) + (w2 * deltaRow[x - 1]);
                            }

                            inDeltaRow[side - 1] += (w1 * deltaRow[side - 1]) + (w2 * deltaRow[side - 2]);
                        }
                    }

                    weightGradients[kernel + (ky * 3)] += g0;
                    weightGradients[kernel + (ky * 3) + 1] += g1;
                    weightGradients[kernel + (ky * 3) + 2] += g2;
                }
            }
        }
    }

    /// <summary>
    /// 2×2 windows, stride 2. The window is scanned row by row and only a strictly greater value replaces the
    /// maximum, so a tie goes to the first (PyTorch's rule, which decides where the gradient goes).
    /// </summary>
    private static void MaxPool2x2Forward(ReadOnlySpan<float> input, int channels, int side, Span<float> output, Span<int> source)
    {
        int half = side / 2;
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < half; oy++)
            {
                int outRow = ((c * half) + oy) * half;
                for (int ox = 0; ox < half; ox++)
                {
                    int top = (((c * side) + (2 * oy)) * side) + (2 * ox);
                    int best = top;
                    if (input[top + 1] > input[best])
                    {
                        best = top + 1;
                    }

                    if (input[top + side] > input[best])
                    {
                        best = top + side;
                    }

                    if (input[top + side + 1] > input[best])
                    {
                        best = top + side + 1;
                    }

                    output[outRow + ox] = input[best];
                    source[outRow + ox] = best;
                }
            }
        }
    }

    /// <summary>Routes each pooled delta to the value it came from, then applies the ReLU derivative of the layer below.</summary>
    private static void MaxPool2x2Backward(ReadOnlySpan<float> pooledDelta, ReadOnlySpan<int> source, ReadOnlySpan<float> activations, Span<float> delta)
    {
        delta.Clear();
        for (int i = 0; i < pooledDelta.Length; i++)
        {
            int from = source[i];
            delta[from] = activations[from] > 0f ? pooledDelta[i] : 0f;
        }
    }

    /// <summary>y[o] = b[o] + row o of W · x, without the activation.</summary>
    private static void DenseForward(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, Span<float> y)
    {
        int n = x.Length;
        for (int o = 0; o < y.Length; o++)
        {
            ReadOnlySpan<float> row = weights.Slice(o * n, n);
            float sum = biases[o];
            for (int i = 0; i < row.Length; i++)
            {
                sum += row[i] * x[i];
            }

            y[o] = sum;
        }
    }

    /// <summary>Adds dz·xᵀ and dz to the gradient sums and writes dLoss/dx = Wᵀ·dz, one weight row at a time.</summary>
    private static void DenseBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, ReadOnlySpan<float> dz, Span<float> weightGradients, Span<float> biasGradients, Span<float> dx)
    {
        int n = x.Length;
        dx.Clear();
        for (int o = 0; o < dz.Length; o++)
        {
            float d = dz[o];
            ReadOnlySpan<float> row = weights.Slice(o * n, n);
            Span<float> gradientRow = weightGradients.Slice(o * n, n);
            for (int i = 0; i < row.Length; i++)
            {
                dx[i] += row[i] * d;
                gradientRow[i] += d * x[i];
            }

            biasGradients[o] += d;
        }
    }

    private static void Softmax(Span<float> z)
    {
        float max = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            max = MathF.Max(max, z[i]);
        }

        float sum = 0f;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = MathF.Exp(z[i] - max);
            sum += z[i];
        }

        float inverse = 1f / sum;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] *= inverse;
        }
    }

    /// <summary>Cross-entropy −Σ t ln y (t = 0 terms skipped) and the fused softmax gradient dLoss/dz = y − t.</summary>
    private float OutputDelta(ReadOnlySpan<float> target)
    {
        float loss = 0f;
        for (int k = 0; k < OutputSize; k++)
        {
            if (target[k] != 0f)
            {
                loss -= target[k] * MathF.Log(MathF.Max(_output[k], 1e-30f));
            }

            _outputDelta[k] = _output[k] - target[k];
        }

        return loss;
    }

    private static void Fill(Random random, Span<float> weights, float limit)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = ((2f * random.NextSingle()) - 1f) * limit;
        }
    }
}
