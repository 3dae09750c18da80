using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class RmsPropUpdateTestsFloat : RmsPropUpdateTests<float>;

public sealed class RmsPropUpdateTestsDouble : RmsPropUpdateTests<double>;

/// <summary>RmsProp against PyTorch's RMSprop formula (no momentum, not centered), evaluated here in double.</summary>
public abstract class RmsPropUpdateTests<T>
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
    public void First_step_by_hand()
    {
        // v = (1 − 0.99)·g² = 0.01·4, so the move is η·g / (√v + ε) = 0.01·2 / (0.2 + 1e-8).
        T[] parameters = TestValues.Of<T>(1.0);
        new RmsProp<T>().Step(parameters, TestValues.Of<T>(4.0), T.CreateTruncating(0.5));

        TestValues.AssertClose(new[] { 1 - 0.01 * 2 / (0.2 + 1e-8) }, parameters);
    }

    [Fact]
    public void Steps_divide_by_the_running_root_mean_square()
    {
        T[] actual = TestValues.Run(new RmsProp<T>(learningRate: 0.02, alpha: 0.9, epsilon: 1e-6), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.02, 0.9, 1e-6, weightDecay: 0), actual);
    }

    [Fact]
    public void Weight_decay_adds_lambda_p_to_the_gradient()
    {
        T[] actual = TestValues.Run(new RmsProp<T>(learningRate: 0.02, weightDecay: 0.1), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.02, 0.99, 1e-8, weightDecay: 0.1), actual);
    }

    private static double[] Reference(double learningRate, double alpha, double epsilon, double weightDecay)
    {
        double[] p = TestValues.Rounded<T>(Initial);
        double[][] gradients = TestValues.RoundedSteps<T>(Gradients);
        var v = new double[p.Length];
        foreach (double[] gradient in gradients)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = Scale * gradient[i] + weightDecay * p[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                p[i] -= learningRate * g / (Math.Sqrt(v[i]) + epsilon);
            }
        }

        return p;
    }
}
