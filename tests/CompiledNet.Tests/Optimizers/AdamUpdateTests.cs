using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class AdamUpdateTestsFloat : AdamUpdateTests<float>;

public sealed class AdamUpdateTestsDouble : AdamUpdateTests<double>;

/// <summary>Adam and AdamW against PyTorch's written algorithms, evaluated here in double.</summary>
public abstract class AdamUpdateTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly double[] Initial = { 0.5, -1.25, 2.0, 0.0, 3.0 };

    private static readonly double[][] Gradients =
    {
        new[] { 0.8, -0.4, 1.6, 0.2, 0.0 },
        new[] { -0.6, -0.2, 1.0, 0.0, 0.0 },
        new[] { 0.4, 0.6, -2.0, -0.4, 0.0 },
    };

    private const double Scale = 0.5;

    [Fact]
    public void First_step_moves_each_parameter_by_about_the_learning_rate_against_its_gradient()
    {
        // m̂ = g and v̂ = g² after one step, so the move is η·g / (|g| + ε) ≈ η·sign(g).
        T[] parameters = TestValues.Of<T>(1.0, 1.0, 1.0);
        new Adam<T>(learningRate: 0.01).Step(parameters, TestValues.Of<T>(3.0, -0.002, 0.0), T.One);

        TestValues.AssertClose(new[] { 1 - 0.01 * 3 / (3 + 1e-8), 1 + 0.01 * 0.002 / (0.002 + 1e-8), 1.0 }, parameters);
    }

    [Fact]
    public void Adam_steps_match_the_bias_corrected_moments()
    {
        T[] actual = TestValues.Run(new Adam<T>(learningRate: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-6), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.01, 0.8, 0.95, 1e-6, l2: 0, decoupled: 0), actual);
    }

    [Fact]
    public void Adam_weight_decay_is_an_L2_term_in_the_gradient()
    {
        T[] actual = TestValues.Run(new Adam<T>(learningRate: 0.01, weightDecay: 0.1), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.01, 0.9, 0.999, 1e-8, l2: 0.1, decoupled: 0), actual);
    }

    [Fact]
    public void AdamW_shrinks_the_parameters_before_the_Adam_step()
    {
        T[] actual = TestValues.Run(new AdamW<T>(learningRate: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-6, weightDecay: 0.5), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.01, 0.8, 0.95, 1e-6, l2: 0, decoupled: 0.5), actual);
    }

    [Fact]
    public void AdamW_decay_differs_from_Adam_L2()
    {
        T[] adam = TestValues.Run(new Adam<T>(learningRate: 0.01, weightDecay: 0.5), Initial, Gradients, Scale);
        T[] adamW = TestValues.Run(new AdamW<T>(learningRate: 0.01, weightDecay: 0.5), Initial, Gradients, Scale);

        // The last parameter (3.0) has no gradient: Adam normalises its L2 term into a step of just under η (0.01) each
        // time, while AdamW shrinks it by η·λ·p ≈ 0.015 each time.
        double adamMove = 3.0 - double.CreateTruncating(adam[4]);
        double adamWMove = 3.0 - double.CreateTruncating(adamW[4]);
        Assert.InRange(adamMove, 0.02, 0.03);
        Assert.InRange(adamWMove, 0.04, 0.05);
        Assert.NotEqual(adam[0], adamW[0]);
    }

    [Fact]
    public void AdamW_without_decay_equals_Adam()
    {
        T[] adam = TestValues.Run(new Adam<T>(learningRate: 0.01), Initial, Gradients, Scale);
        T[] adamW = TestValues.Run(new AdamW<T>(learningRate: 0.01, weightDecay: 0), Initial, Gradients, Scale);

        Assert.Equal(adam, adamW);
    }

    private static double[] Reference(double learningRate, double beta1, double beta2, double epsilon, double l2, double decoupled)
    {
        double[] p = TestValues.Rounded<T>(Initial);
        double[][] gradients = TestValues.RoundedSteps<T>(Gradients);
        var m = new double[p.Length];
        var v = new double[p.Length];
        for (int t = 1; t <= gradients.Length; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = Scale * gradients[t - 1][i] + l2 * p[i];
                p[i] *= 1 - learningRate * decoupled;
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                p[i] -= learningRate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }

        return p;
    }
}
