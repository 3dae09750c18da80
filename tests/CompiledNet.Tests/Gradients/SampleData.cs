using System;
using System.Collections.Generic;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>One training pair.</summary>
internal sealed record Sample(double[] Input, double[] Target);

/// <summary>
/// Seeded random parameters, inputs and targets. Every value is drawn in double and rounded to float once, so the
/// generated network (float) and the reference (double) start from exactly the same numbers and differ only in the
/// precision of their arithmetic. Uses System.Random, not the library's SeededRandom, to stay independent of it.
/// </summary>
internal static class SampleData
{
    /// <summary>
    /// Weights U(±1.5·√(3/fanIn)) and biases U(±0.5): pre-activations come out with a spread of about 1.3, so
    /// sigmoid/tanh work off their linear part without saturating and about half of every ReLU-family layer's
    /// pre-activations are negative.
    /// </summary>
    public static double[] Parameters(ReferenceNetwork network, Random random)
    {
        var parameters = new double[network.ParameterCount];
        for (int l = 0; l < network.Layers.Count; l++)
        {
            double limit = 1.5 * Math.Sqrt(3.0 / network.FanIn(l));
            for (int i = network.WeightOffset(l); i < network.BiasOffset(l); i++)
            {
                parameters[i] = Uniform(random, limit);
            }

            for (int o = 0; o < network.Layers[l].Size; o++)
            {
                parameters[network.BiasOffset(l) + o] = Uniform(random, 0.5);
            }
        }

        return parameters;
    }

    public static double[] Input(int size, Random random)
    {
        var input = new double[size];
        for (int i = 0; i < size; i++)
        {
            input[i] = Uniform(random, 1.5);
        }

        return input;
    }

    /// <summary>
    /// A target the loss accepts: any reals for MSE, a probability vector for cross-entropy (one-hot when
    /// <paramref name="hard"/>, soft otherwise), values in [0, 1] for binary cross-entropy (with exact 0 and 1 when hard).
    /// </summary>
    public static double[] Target(ReferenceNetwork network, Random random, bool hard)
    {
        int n = network.OutputSize;
        var target = new double[n];
        switch (network.Loss)
        {
            case Loss.CrossEntropy when hard:
                target[random.Next(n)] = 1;
                break;
            case Loss.CrossEntropy:
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    target[k] = 0.05 + random.NextDouble();
                    sum += target[k];
                }

                for (int k = 0; k < n; k++)
                {
                    target[k] = (float)(target[k] / sum);
                }

                break;
            case Loss.BinaryCrossEntropy:
                for (int k = 0; k < n; k++)
                {
                    target[k] = hard ? random.Next(2) : (float)random.NextDouble();
                }

                break;
            default:
                for (int k = 0; k < n; k++)
                {
                    target[k] = Uniform(random, 1.0);
                }

                break;
        }

        return target;
    }

    /// <summary>
    /// Samples whose every ReLU/LeakyReLU/ELU pre-activation is at least <paramref name="kinkMargin"/> from 0 (see
    /// <see cref="ReferenceNetwork.DistanceToKink"/>); about one draw in fifty is redrawn.
    /// </summary>
    public static List<Sample> Samples(ReferenceNetwork network, double[] parameters, Random random, int count, double kinkMargin = 1e-3)
    {
        var samples = new List<Sample>(count);
        for (int attempt = 0; samples.Count < count; attempt++)
        {
            if (attempt > 100 * count)
            {
                throw new InvalidOperationException("Could not draw samples clear of the activation kinks.");
            }

            double[] input = Input(network.InputSize, random);
            if (network.DistanceToKink(parameters, input) >= kinkMargin)
            {
                samples.Add(new Sample(input, Target(network, random, hard: samples.Count % 2 == 0)));
            }
        }

        return samples;
    }

    /// <summary>A seed that depends only on the text, unlike string.GetHashCode, which changes per process.</summary>
    public static int StableSeed(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    public static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    /// <summary>Builds the generated network and loads <paramref name="parameters"/> into it.</summary>
    public static INetwork<float> CreateWith(NetworkCase networkCase, double[] parameters)
    {
        INetwork<float> network = networkCase.Create(0);
        ToFloat(parameters).CopyTo(network.Parameters);
        return network;
    }

    /// <summary>
    /// TrainSample on <paramref name="fused"/>, and Backward then an SGD step on <paramref name="plain"/>, for one
    /// sample: asserts the two report the same loss, and returns it.
    /// </summary>
    public static float AssertTrainSampleIsBackwardThenSgd(INetwork<float> fused, INetwork<float> plain, Sgd<float> sgd, Sample sample, float learningRate)
    {
        float[] input = ToFloat(sample.Input), target = ToFloat(sample.Target);
        float fusedLoss = fused.TrainSample(input, target, learningRate);
        plain.ZeroGradients();
        float plainLoss = plain.Backward(input, target);
        sgd.Step(plain.Parameters, plain.Gradients, 1f);
        Assert.Equal(plainLoss, fusedLoss);
        return plainLoss;
    }

    // Rounded to float here so both sides use the identical value.
    private static double Uniform(Random random, double limit) => (float)((random.NextDouble() * 2 - 1) * limit);
}
