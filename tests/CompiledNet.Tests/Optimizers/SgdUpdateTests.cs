using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class SgdUpdateTestsFloat : SgdUpdateTests<float>;

public sealed class SgdUpdateTestsDouble : SgdUpdateTests<double>;

/// <summary>Sgd against PyTorch's SGD formulas (dampening 0), evaluated here in double.</summary>
public abstract class SgdUpdateTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly double[] Initial = { 0.5, -1.25, 2.0, 0.0 };

    private static readonly double[][] Gradients =
    {
        new[] { 0.8, -0.4, 1.6, 0.2 },
        new[] { -0.6, -0.2, 1.0, 0.0 },
        new[] { 0.4, 0.6, -2.0, -0.4 },
    };

    private const double Scale = 0.5;

    [Fact]
    public void Plain_step_by_hand()
    {
        T[] parameters = TestValues.Of<T>(1.0, -2.0);
        new Sgd<T>(learningRate: 0.25).Step(parameters, TestValues.Of<T>(2.0, -4.0), T.CreateTruncating(0.5));

        // p − η·s·g = 1 − 0.25·0.5·2 and −2 − 0.25·0.5·(−4).
        TestValues.AssertClose(new[] { 0.75, -1.5 }, parameters);
    }

    [Fact]
    public void Plain_steps_follow_p_minus_rate_times_mean_gradient()
    {
        T[] actual = TestValues.Run(new Sgd<T>(learningRate: 0.1), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.1, momentum: 0, nesterov: false, weightDecay: 0), actual);
    }

    [Fact]
    public void Momentum_accumulates_velocity()
    {
        T[] actual = TestValues.Run(new Sgd<T>(learningRate: 0.1, momentum: 0.9), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.1, momentum: 0.9, nesterov: false, weightDecay: 0), actual);
    }

    [Fact]
    public void Nesterov_looks_ahead_along_velocity()
    {
        T[] actual = TestValues.Run(new Sgd<T>(learningRate: 0.1, momentum: 0.9, nesterov: true), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.1, momentum: 0.9, nesterov: true, weightDecay: 0), actual);
    }

    [Fact]
    public void Weight_decay_adds_lambda_p_to_the_gradient()
    {
        T[] plain = TestValues.Run(new Sgd<T>(learningRate: 0.1, weightDecay: 0.05), Initial, Gradients, Scale);
        T[] withMomentum = TestValues.Run(new Sgd<T>(learningRate: 0.1, momentum: 0.8, nesterov: true, weightDecay: 0.05), Initial, Gradients, Scale);

        TestValues.AssertClose(Reference(0.1, momentum: 0, nesterov: false, weightDecay: 0.05), plain);
        TestValues.AssertClose(Reference(0.1, momentum: 0.8, nesterov: true, weightDecay: 0.05), withMomentum);
    }

    [Fact]
    public void A_learning_rate_set_between_steps_applies_to_the_next_step()
    {
        var optimizer = new Sgd<T>(learningRate: 0.1, momentum: 0.5);
        T[] parameters = TestValues.Of<T>(Initial);
        optimizer.Step(parameters, TestValues.Of<T>(Gradients[0]), T.CreateTruncating(Scale));
        optimizer.LearningRate = 0.02;
        optimizer.Step(parameters, TestValues.Of<T>(Gradients[1]), T.CreateTruncating(Scale));

        double[] p = TestValues.Rounded<T>(Initial);
        double[][] g = TestValues.RoundedSteps<T>(Gradients);
        for (int i = 0; i < p.Length; i++)
        {
            double b = Scale * g[0][i];
            p[i] -= 0.1 * b;
            b = 0.5 * b + Scale * g[1][i];
            p[i] -= 0.02 * b;
        }

        TestValues.AssertClose(p, parameters);
    }

    private static double[] Reference(double learningRate, double momentum, bool nesterov, double weightDecay)
    {
        double[] p = TestValues.Rounded<T>(Initial);
        double[][] gradients = TestValues.RoundedSteps<T>(Gradients);
        var velocity = new double[p.Length];
        foreach (double[] gradient in gradients)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double g = Scale * gradient[i] + weightDecay * p[i];
                velocity[i] = momentum * velocity[i] + g;
                double direction = momentum == 0 ? g : nesterov ? g + momentum * velocity[i] : velocity[i];
                p[i] -= learningRate * direction;
            }
        }

        return p;
    }
}
