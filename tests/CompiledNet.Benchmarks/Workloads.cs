using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace CompiledNet.Benchmarks;

/// <summary>An activation as the hand-written MLP and the FANN wrapper understand it.</summary>
public enum Act
{
    Sigmoid,
    Tanh,
    ReLU,

    /// <summary>Output only, fused with cross-entropy.</summary>
    Softmax,

    /// <summary>FANN's FANN_LINEAR_PIECE with steepness 1: clamp(z, 0, 1); FANN 2.2 trains it with derivative 1 everywhere.</summary>
    LinearPiece,
}

/// <summary>The loss, with CompiledNet's conventions (MSE: mean over outputs; CE: softmax cross-entropy, dL/dz = p − t).</summary>
public enum LossKind
{
    MeanSquaredError,
    CrossEntropy,
}

/// <summary>One dense layer: its width and activation.</summary>
public readonly record struct LayerSpec(int Size, Act Activation);

/// <summary>A benchmark workload: the architecture every contender builds, its learning rate and its FLOP counts.</summary>
public sealed class WorkloadSpec
{
    public WorkloadSpec(string id, string title, int inputs, LossKind loss, float learningRate, params LayerSpec[] layers)
    {
        Id = id;
        Title = title;
        Inputs = inputs;
        Loss = loss;
        LearningRate = learningRate;
        Layers = layers;
    }

    public string Id { get; }

    public string Title { get; }

    public int Inputs { get; }

    public LossKind Loss { get; }

    public float LearningRate { get; }

    public IReadOnlyList<LayerSpec> Layers { get; }

    public int Outputs => Layers[^1].Size;

    public int LayerInputs(int layer) => layer == 0 ? Inputs : Layers[layer - 1].Size;

    /// <summary>Weights and biases over all layers (CompiledNet's layout: per layer weights [out, in] row-major, then biases).</summary>
    public int ParameterCount => Enumerable.Range(0, Layers.Count).Sum(l => (LayerInputs(l) + 1) * Layers[l].Size);

    /// <summary>Offset of layer <paramref name="layer"/>'s weights in the flat parameter array.</summary>
    public int WeightOffset(int layer) => Enumerable.Range(0, layer).Sum(l => (LayerInputs(l) + 1) * Layers[l].Size);

    /// <summary>Offset of layer <paramref name="layer"/>'s biases in the flat parameter array.</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + LayerInputs(layer) * Layers[layer].Size;

    /// <summary>Forward FLOPs per sample: 2·in·out per layer (a multiply and an add per weight).</summary>
    public double ForwardFlops => Enumerable.Range(0, Layers.Count).Sum(l => 2.0 * LayerInputs(l) * Layers[l].Size);

    /// <summary>Training FLOPs per sample, taken as 3× forward (forward, dL/dW, dL/dInput).</summary>
    public double TrainingFlops => 3 * ForwardFlops;

    public string Shape => Inputs.ToString(CultureInfo.InvariantCulture) + "-" + string.Join("-", Layers.Select(l => l.Size.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The same architecture with other activations (the FANN stand-in for W3) and loss.</summary>
    public WorkloadSpec With(LossKind loss, params Act[] activations) =>
        new(Id, Title, Inputs, loss, LearningRate, Layers.Select((l, i) => new LayerSpec(l.Size, activations[i])).ToArray());
}

/// <summary>The three workloads, their data and the initial weights every contender starts from.</summary>
public static class Workloads
{
    public const int FashionEpochSamples = 60_000;

    public static readonly WorkloadSpec W1 = new("W1", "XOR 2-4-1 sigmoid/sigmoid MSE", 2, LossKind.MeanSquaredError, 0.5f,
        new LayerSpec(4, Act.Sigmoid), new LayerSpec(1, Act.Sigmoid));

    public static readonly WorkloadSpec W2 = new("W2", "64-32-10 tanh/sigmoid MSE, random data", 64, LossKind.MeanSquaredError, 0.1f,
        new LayerSpec(32, Act.Tanh), new LayerSpec(10, Act.Sigmoid));

    public static readonly WorkloadSpec W3 = new("W3", "784-128-10 ReLU/softmax cross-entropy, Fashion-MNIST", 784, LossKind.CrossEntropy, 0.01f,
        new LayerSpec(128, Act.ReLU), new LayerSpec(10, Act.Softmax));

    /// <summary>What FANN runs for W3: it has neither ReLU nor softmax/cross-entropy in 2.2.</summary>
    public static readonly WorkloadSpec W3Fann = W3.With(LossKind.MeanSquaredError, Act.LinearPiece, Act.Sigmoid);

    public static WorkloadSpec ById(string id) => id switch
    {
        "W1" => W1,
        "W2" => W2,
        "W3" => W3,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown workload."),
    };

    /// <summary>
    /// The initial parameters every contender copies: the weights CompiledNet's own initialisation draws for
    /// <paramref name="seed"/> (Glorot, or He for ReLU), and small random biases instead of zeros, so that the
    /// correctness check also exercises the bias layout.
    /// </summary>
    public static float[] InitialParameters<TNetwork>(WorkloadSpec spec, TNetwork network, int seed)
        where TNetwork : INetwork<float>
    {
        if (network.ParameterCount != spec.ParameterCount)
        {
            throw new InvalidOperationException($"{typeof(TNetwork).Name} has {network.ParameterCount} parameters, the workload {spec.ParameterCount}.");
        }

        float[] parameters = network.Parameters.ToArray();
        var random = new SeededRandom(seed + 7919);
        for (int l = 0; l < spec.Layers.Count; l++)
        {
            random.FillUniform(parameters.AsSpan(spec.BiasOffset(l), spec.Layers[l].Size), 0.1);
        }

        return parameters;
    }

    /// <summary>XOR: 4 samples, flat inputs and targets.</summary>
    public static (float[] Inputs, float[] Targets, int Count) XorData() =>
        (new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, new float[] { 0, 1, 1, 0 }, 4);

    /// <summary>Random inputs in [−1, 1) and random targets in [0.1, 0.9) (inside the sigmoid's range).</summary>
    public static (float[] Inputs, float[] Targets, int Count) RandomData(WorkloadSpec spec, int count, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[count * spec.Inputs];
        var targets = new float[count * spec.Outputs];
        random.FillUniform<float>(inputs, 1.0);
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = 0.1f + (0.8f * (float)random.NextDouble());
        }

        return (inputs, targets, count);
    }

    /// <summary>Where the Fashion-MNIST .gz files are looked for: <c>CNBENCH_FASHION_MNIST</c>, else /usr/share/datasets/fashion-mnist.</summary>
    public static string FashionMnistDirectory =>
        Environment.GetEnvironmentVariable("CNBENCH_FASHION_MNIST") is { Length: > 0 } directory ? directory : "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// The first <paramref name="count"/> Fashion-MNIST training images (pixels scaled to [0, 1]) with one-hot
    /// targets, from <see cref="FashionMnistDirectory"/> when it exists; otherwise random pixels and labels of the
    /// same shape (only the rows asked for are generated).
    /// </summary>
    public static (float[] Inputs, float[] Targets, int Count, string Source) FashionData(int count)
    {
        string images = Path.Combine(FashionMnistDirectory, "train-images-idx3-ubyte.gz");
        string labels = Path.Combine(FashionMnistDirectory, "train-labels-idx1-ubyte.gz");
        var inputs = new float[count * 784];
        var targets = new float[count * 10];
        if (File.Exists(images) && File.Exists(labels))
        {
            byte[] pixels = ReadIdx(images, 16, count * 784);
            byte[] classes = ReadIdx(labels, 8, count);
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = pixels[i] / 255f;
            }

            for (int i = 0; i < count; i++)
            {
                targets[(i * 10) + classes[i]] = 1f;
            }

            return (inputs, targets, count, $"Fashion-MNIST ({FashionMnistDirectory}), first {count} training images");
        }

        var random = new SeededRandom(784);
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextDouble();
        }

        for (int i = 0; i < count; i++)
        {
            targets[(i * 10) + random.NextInt32(10)] = 1f;
        }

        return (inputs, targets, count, $"random Fashion-MNIST-shaped data ({count} × 784, uniform [0, 1), random one-hot labels)");
    }

    private static byte[] ReadIdx(string path, int headerBytes, int payloadBytes)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var header = new byte[headerBytes];
        gzip.ReadExactly(header);
        var payload = new byte[payloadBytes];
        gzip.ReadExactly(payload);
        return payload;
    }
}
