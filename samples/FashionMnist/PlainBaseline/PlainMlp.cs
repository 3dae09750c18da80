using System;

namespace PlainBaseline;

/// <summary>
/// 784-256-128-10 with ReLU hidden layers, softmax and cross-entropy, written out by hand: flat row-major weight
/// arrays ([outputs, inputs], as CompiledNet lays them out), plain scalar loops, and every buffer allocated once.
/// </summary>
internal sealed class PlainMlp
{
    public const int Inputs = 784;
    public const int Hidden1 = 256;
    public const int Hidden2 = 128;
    public const int Outputs = 10;

    // Parameters, their gradients (summed over a batch), and Adam's two moments, one flat array each per layer.
    private readonly Layer _layer1 = new(Inputs, Hidden1);
    private readonly Layer _layer2 = new(Hidden1, Hidden2);
    private readonly Layer _layer3 = new(Hidden2, Outputs);

    // Per-sample activations and deltas.
    private readonly float[] _a1 = new float[Hidden1];
    private readonly float[] _a2 = new float[Hidden2];
    private readonly float[] _output = new float[Outputs];
    private readonly float[] _d1 = new float[Hidden1];
    private readonly float[] _d2 = new float[Hidden2];
    private readonly float[] _d3 = new float[Outputs];
    private long _adamSteps;

    /// <summary>He-uniform weights (±√(6/fan-in)), as CompiledNet initialises ReLU layers (Glorot for the softmax layer), zero biases.</summary>
    public PlainMlp(int seed)
    {
        var random = new Random(seed);
        _layer1.Initialize(random, MathF.Sqrt(6f / Inputs));
        _layer2.Initialize(random, MathF.Sqrt(6f / Hidden1));
        _layer3.Initialize(random, MathF.Sqrt(6f / (Hidden2 + Outputs)));
    }

    /// <summary>Runs the network on one image; the probabilities are left in the returned buffer.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x)
    {
        Dense(_layer1, x, _a1, relu: true);
        Dense(_layer2, _a1, _a2, relu: true);
        Dense(_layer3, _a2, _output, relu: false);
        float max = _output[0];
        for (int k = 1; k < Outputs; k++)
        {
            max = MathF.Max(max, _output[k]);
        }

        float sum = 0;
        for (int k = 0; k < Outputs; k++)
        {
            _output[k] = MathF.Exp(_output[k] - max);
            sum += _output[k];
        }

        for (int k = 0; k < Outputs; k++)
        {
            _output[k] /= sum;
        }

        return _output;
    }

    /// <summary>Forward and back-propagation of one sample; adds into the gradients and returns the loss.</summary>
    public float Backward(ReadOnlySpan<float> x, int label)
    {
        Forward(x);
        for (int k = 0; k < Outputs; k++)
        {
            _d3[k] = _output[k] - (k == label ? 1f : 0f);   // softmax and cross-entropy together: y - t
        }

        Accumulate(_layer3, _a2, _d3);
        PropagateThroughRelu(_layer3, _d3, _a2, _d2);
        Accumulate(_layer2, _a1, _d2);
        PropagateThroughRelu(_layer2, _d2, _a1, _d1);
        Accumulate(_layer1, x, _d1);
        return -MathF.Log(MathF.Max(_output[label], 1e-30f));
    }

    public void ZeroGradients()
    {
        Array.Clear(_layer1.WeightGradients);
        Array.Clear(_layer1.BiasGradients);
        Array.Clear(_layer2.WeightGradients);
        Array.Clear(_layer2.BiasGradients);
        Array.Clear(_layer3.WeightGradients);
        Array.Clear(_layer3.BiasGradients);
    }

    /// <summary>One Adam step (PyTorch's definition) on the batch's mean gradient.</summary>
    public void AdamStep(float learningRate, int batchSize)
    {
        const double Beta1 = 0.9, Beta2 = 0.999;
        _adamSteps++;
        float stepSize = (float)(learningRate / (1 - Math.Pow(Beta1, _adamSteps)));
        float inverseSqrtCorrection = (float)(1 / Math.Sqrt(1 - Math.Pow(Beta2, _adamSteps)));
        float scale = 1f / batchSize;
        foreach (Layer layer in (Layer[])[_layer1, _layer2, _layer3])
        {
            Adam(layer.Weights, layer.WeightGradients, layer.WeightMoment1, layer.WeightMoment2, scale, stepSize, inverseSqrtCorrection);
            Adam(layer.Biases, layer.BiasGradients, layer.BiasMoment1, layer.BiasMoment2, scale, stepSize, inverseSqrtCorrection);
        }
    }

    private static void Adam(float[] p, float[] g, float[] m, float[] v, float scale, float stepSize, float inverseSqrtCorrection)
    {
        const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
        for (int i = 0; i < p.Length; i++)
        {
            float gradient = g[i] * scale;
            m[i] = (Beta1 * m[i]) + ((1 - Beta1) * gradient);
            v[i] = (Beta2 * v[i]) + ((1 - Beta2) * gradient * gradient);
            p[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) * inverseSqrtCorrection) + Epsilon);
        }
    }

    private static void Dense(Layer layer, ReadOnlySpan<float> input, float[] output, bool relu)
    {
        int inputs = layer.InputCount;
        input = input[..inputs];
        for (int o = 0; o < output.Length; o++)
        {
            ReadOnlySpan<float> row = layer.Weights.AsSpan(o * inputs, inputs);
            float z = layer.Biases[o];
            for (int i = 0; i < row.Length; i++)
            {
                z += row[i] * input[i];
            }

            output[o] = relu && z < 0 ? 0 : z;
        }
    }

    // dL/dW[o, i] += delta[o] · input[i]; dL/db[o] += delta[o].
    private static void Accumulate(Layer layer, ReadOnlySpan<float> input, float[] delta)
    {
        int inputs = layer.InputCount;
        input = input[..inputs];
        for (int o = 0; o < delta.Length; o++)
        {
            float d = delta[o];
            layer.BiasGradients[o] += d;
            Span<float> row = layer.WeightGradients.AsSpan(o * inputs, inputs);
            for (int i = 0; i < row.Length; i++)
            {
                row[i] += d * input[i];
            }
        }
    }

    // The delta of the layer below: (Wᵀ · delta) times ReLU' of that layer's output.
    private static void PropagateThroughRelu(Layer layer, float[] delta, float[] belowOutput, float[] belowDelta)
    {
        int inputs = layer.InputCount;
        Array.Clear(belowDelta);
        for (int o = 0; o < delta.Length; o++)
        {
            float d = delta[o];
            ReadOnlySpan<float> row = layer.Weights.AsSpan(o * inputs, inputs);
            for (int i = 0; i < row.Length; i++)
            {
                belowDelta[i] += row[i] * d;
            }
        }

        for (int i = 0; i < belowDelta.Length; i++)
        {
            if (belowOutput[i] <= 0)
            {
                belowDelta[i] = 0;
            }
        }
    }

    private sealed class Layer(int inputCount, int outputCount)
    {
        public int InputCount { get; } = inputCount;

        public int OutputCount { get; } = outputCount;

        public float[] Weights { get; } = new float[inputCount * outputCount];

        public float[] Biases { get; } = new float[outputCount];

        public float[] WeightGradients { get; } = new float[inputCount * outputCount];

        public float[] BiasGradients { get; } = new float[outputCount];

        public float[] WeightMoment1 { get; } = new float[inputCount * outputCount];

        public float[] WeightMoment2 { get; } = new float[inputCount * outputCount];

        public float[] BiasMoment1 { get; } = new float[outputCount];

        public float[] BiasMoment2 { get; } = new float[outputCount];

        public void Initialize(Random random, float limit)
        {
            for (int i = 0; i < Weights.Length; i++)
            {
                Weights[i] = ((float)random.NextDouble() * 2 - 1) * limit;
            }
        }
    }
}
