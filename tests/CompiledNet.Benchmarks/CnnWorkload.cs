using System;
using CompiledNet.Benchmarks.Reporting;

namespace CompiledNet.Benchmarks;

/// <summary>One 3×3 convolution of the CNN, for counting its FLOPs: K = inChannels·kh·kw values per window, P windows.</summary>
public readonly record struct ConvLayerShape(string Name, int InChannels, int Filters, int Kernel, int OutputSide, bool HandsDeltaBack)
{
    public int PatchSize => InChannels * Kernel * Kernel;

    public int Positions => OutputSide * OutputSide;

    /// <summary>2·F·K·P per sample: a multiply and an add for every weight at every position.</summary>
    public double ForwardFlops => 2.0 * Filters * PatchSize * Positions;

    /// <summary>dW (one forward's worth) plus dInput (another), except for the first layer, which hands no delta back.</summary>
    public double BackwardFlops => (HandsDeltaBack ? 2 : 1) * ForwardFlops;

    public double TrainingFlops => ForwardFlops + BackwardFlops;
}

/// <summary>
/// W4: the Fashion-MNIST CNN (<see cref="FashionCnn"/>; <see cref="FashionCnnNoDropout"/> and <see cref="PlainCnn"/>
/// compute it without dropout): 1×28×28 → Conv 32 3×3 pad 1 ReLU → MaxPool 2 → Conv 64 3×3 pad 1 ReLU → MaxPool 2
/// → (Dropout 0.25) → Dense 128 ReLU → Dense 10 softmax, cross-entropy, SGD η = 0.01 at batch 32. Its FLOP counts,
/// parameter layout and the initial parameters every contender copies.
/// </summary>
public static class CnnWorkload
{
    public const string Id = "W4";
    public const string Title = "CNN 1×28×28 → conv 32 → pool → conv 64 → pool → 128 → 10, ReLU/softmax cross-entropy, Fashion-MNIST";
    public const float LearningRate = 0.01f;
    public const int BatchSize = 32;
    public const int InputSize = 784;
    public const int OutputSize = 10;
    public const int Flat = 64 * 7 * 7;
    public const int Hidden = 128;

    public static readonly ConvLayerShape Conv1 = new("conv1 1→32, 3×3 on 28×28", 1, 32, 3, 28, HandsDeltaBack: false);
    public static readonly ConvLayerShape Conv2 = new("conv2 32→64, 3×3 on 14×14", 32, 64, 3, 14, HandsDeltaBack: true);

    // Offsets in the flat parameter array (CompiledNet's and PlainCnn's layout: per layer weights, then biases).
    public const int Conv1Weights = 0;
    public const int Conv1Biases = 288;
    public const int Conv2Weights = 320;
    public const int Conv2Biases = 18_752;
    public const int Dense1Weights = 18_816;
    public const int Dense1Biases = 420_224;
    public const int Dense2Weights = 420_352;
    public const int Dense2Biases = 421_632;
    public const int ParameterCount = 421_642;

    /// <summary>Forward FLOPs of the two convolutions per sample: 451,584 + 7,225,344.</summary>
    public static double ConvForwardFlops => Conv1.ForwardFlops + Conv2.ForwardFlops;

    /// <summary>Training FLOPs of the two convolutions per sample (forward, dW, and dInput for the second): 22,579,200.</summary>
    public static double ConvTrainingFlops => Conv1.TrainingFlops + Conv2.TrainingFlops;

    /// <summary>Forward FLOPs of the two dense layers per sample, 2·in·out each: 805,376.</summary>
    public static double DenseForwardFlops => 2.0 * ((Flat * Hidden) + (Hidden * OutputSize));

    /// <summary>The whole network's forward FLOPs per sample (pooling, activations and the loss not counted).</summary>
    public static double ForwardFlops => ConvForwardFlops + DenseForwardFlops;

    /// <summary>The whole network's training FLOPs per sample: the convolutions' as above, the dense layers' 3× forward.</summary>
    public static double TrainingFlops => ConvTrainingFlops + (3 * DenseForwardFlops);

    /// <summary>FLOPs of one operation of a W4 benchmark (one sample), by what it runs.</summary>
    public static double Flops(WorkAttribute work) => (work.Phase, work.ConvolutionsOnly) switch
    {
        (Phase.Training, true) => ConvTrainingFlops,
        (Phase.Training, false) => TrainingFlops,
        (Phase.Inference, true) => ConvForwardFlops,
        _ => ForwardFlops,
    };

    /// <summary>
    /// The parameters every contender starts from: CompiledNet's own initialisation for <paramref name="seed"/> (He
    /// uniform for the ReLU layers, Glorot for the softmax layer) with small random biases instead of zeros, so that
    /// the correctness check also exercises the bias layout.
    /// </summary>
    public static float[] InitialParameters(int seed)
    {
        float[] parameters = new FashionCnnNoDropout(seed).Parameters.ToArray();
        var random = new SeededRandom(seed + 7919);
        random.FillUniform(parameters.AsSpan(Conv1Biases, 32), 0.1);
        random.FillUniform(parameters.AsSpan(Conv2Biases, 64), 0.1);
        random.FillUniform(parameters.AsSpan(Dense1Biases, Hidden), 0.1);
        random.FillUniform(parameters.AsSpan(Dense2Biases, OutputSize), 0.1);
        return parameters;
    }
}
