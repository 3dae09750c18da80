using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generated;

namespace CompiledNet.Tests.Convolution;

/// <summary>A generated convolutional network beside the double-precision reference of the same declaration.</summary>
internal sealed record ConvCase(string Name, Func<object> Create, ReferenceConvNetwork Reference)
{
    public INetwork<float> CreateFloat() => (INetwork<float>)Create();

    public INetwork<double> CreateDouble() => (INetwork<double>)Create();

    public bool IsDouble => Create() is INetwork<double>;

    public IReadOnlyList<double> DropoutProbabilities =>
        Enumerable.Range(0, Reference.Layers.Count).Select(l => Reference.Layers[l]).OfType<RefDropout>().Select(d => d.Probability).ToList();
}

/// <summary>The zoo of ConvNetworks.cs, each with its reference, and the data they are tested on.</summary>
internal static class ConvCases
{
    public static readonly ConvCase[] All =
    {
        new("TinyCnn", () => new TinyCnn(), new ReferenceConvNetwork(1, 9, 9, Loss.CrossEntropy,
            new RefConv(3, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2), new RefDense(4, Activation.Softmax))),
        new("StridedCnn", () => new StridedCnn(), new ReferenceConvNetwork(3, 7, 7, Loss.MeanSquaredError,
            new RefConv(8, 3, 3, 2, 0, Activation.Tanh), new RefConv(3, 1, 1, 1, 0, Activation.Sigmoid), new RefAvgPool(2, 1), new RefDense(2, Activation.Linear))),
        new("WideKernelCnn", () => new WideKernelCnn(), new ReferenceConvNetwork(8, 11, 11, Loss.CrossEntropy,
            new RefConv(4, 5, 5, 1, 1, Activation.LeakyReLU, NegativeSlope: 0.1f), new RefMaxPool(3, 2), new RefDropout(0.3), new RefDense(6, Activation.ReLU), new RefDense(3, Activation.Softmax))),
        new("PoolFirstCnn", () => new PoolFirstCnn(), new ReferenceConvNetwork(1, 7, 7, Loss.MeanSquaredError,
            new RefMaxPool(2, 2), new RefConv(2, 2, 3, 1, 0, Activation.ELU), new RefDropout(0.5), new RefDense(3, Activation.Sigmoid))),
        new("DoubleCnn", () => new DoubleCnn(), new ReferenceConvNetwork(1, 9, 9, Loss.CrossEntropy,
            new RefConv(3, 3, 3, 1, 1, Activation.ReLU), new RefAvgPool(2, 2), new RefDropout(0.25), new RefDense(4, Activation.Softmax))),
        new("DropoutMlp", () => new DropoutMlp(), new ReferenceConvNetwork(2, 5, 5, Loss.MeanSquaredError,
            new RefDropout(0.2), new RefDense(3, Activation.Tanh), new RefDropout(0.5), new RefDense(1, Activation.Linear))),
        new("FashionCnn", () => new FashionCnn(), new ReferenceConvNetwork(1, 28, 28, Loss.CrossEntropy,
            new RefConv(32, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2), new RefConv(64, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2),
            new RefDropout(0.25), new RefDense(128, Activation.ReLU), new RefDense(10, Activation.Softmax))),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> FloatNames => All.Where(c => !c.IsDouble).Select(c => new object[] { c.Name });

    public static ConvCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>Parameters drawn uniformly, scaled by 1/√fan-in so every layer's sums stay O(1).</summary>
    public static double[] Parameters(ReferenceConvNetwork reference, Random random)
    {
        var parameters = new double[reference.ParameterCount];
        for (int l = 0; l < reference.Layers.Count; l++)
        {
            if (reference.Layers[l] is not (RefDense or RefConv))
            {
                continue;
            }

            double scale = 1.5 / Math.Sqrt(reference.FanIn(l));
            int end = l + 1 < reference.Layers.Count ? reference.ParameterOffset(l + 1) : reference.ParameterCount;
            for (int i = reference.ParameterOffset(l); i < end; i++)
            {
                parameters[i] = ((2 * random.NextDouble()) - 1) * scale;
            }
        }

        return parameters;
    }

    public static double[] Input(int size, Random random) => Enumerable.Range(0, size).Select(_ => (2 * random.NextDouble()) - 1).ToArray();

    /// <summary>A probability vector for cross-entropy (one-hot or soft), values in [0, 1] otherwise.</summary>
    public static double[] Target(ReferenceConvNetwork reference, Random random)
    {
        var target = new double[reference.OutputSize];
        if (reference.Loss == Loss.CrossEntropy)
        {
            target[random.Next(target.Length)] = 1;
            return target;
        }

        for (int i = 0; i < target.Length; i++)
        {
            target[i] = random.NextDouble();
        }

        return target;
    }

    /// <summary>The masks a network with dropout seed <paramref name="seed"/> draws for training sample <paramref name="sample"/>, as the reference takes them.</summary>
    public static double[][] Masks<T>(ConvCase convCase, ulong seed, ulong sample)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var masks = new List<double[]>();
        int layer = 0;
        for (int l = 0; l < convCase.Reference.Layers.Count; l++)
        {
            if (convCase.Reference.Layers[l] is RefDropout dropout)
            {
                var mask = new T[Size(convCase.Reference.OutputShape(l))];
                DropoutMasks.Fill<T>(mask, seed, sample, layer++, dropout.Probability);
                masks.Add(mask.Select(double.CreateChecked).ToArray());
            }
        }

        return masks.ToArray();
    }

    private static int Size((int C, int H, int W) shape) => shape.C * shape.H * shape.W;
}
