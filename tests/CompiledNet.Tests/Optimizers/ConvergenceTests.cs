using System;
using System.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Optimizers;

public sealed class ConvergenceTestsFloat(ITestOutputHelper output) : ConvergenceTests<float>(output);

public sealed class ConvergenceTestsDouble(ITestOutputHelper output) : ConvergenceTests<double>(output);

/// <summary>
/// An ill-conditioned quadratic f(p) = ½ Σ c_i p_i², c log-spaced from 1 to 1000. Plain SGD must keep its rate
/// below 2 / 1000 to stay stable, so along c = 1 it shrinks p by under 0.2% a step; every other optimizer must
/// reach a loss at least 10× lower than SGD at its best stable rate in the same number of steps.
/// </summary>
public abstract class ConvergenceTests<T>(ITestOutputHelper output)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Dimensions = 10;
    private const int Steps = 300;
    private const double LargestCurvature = 1000;

    private static readonly double[] Curvatures = CreateCurvatures();

    public static TheoryData<string> Contenders => new()
    {
        "Sgd+momentum",
        "Sgd+nesterov",
        "Adam",
        "AdamW",
        "RmsProp",
        "Rprop",
    };

    [Theory]
    [MemberData(nameof(Contenders))]
    public void Beats_plain_sgd_at_its_best_stable_rate_by_ten_times(string name)
    {
        double sgdLoss = BestPlainSgdLoss();
        double loss = Minimise(Create(name));
        output.WriteLine($"{name}: {loss:G4}; plain SGD at its best stable rate: {sgdLoss:G4}");

        Assert.True(loss <= sgdLoss / 10, $"{name} reached {loss:G4}, plain SGD {sgdLoss:G4}.");
    }

    private static IOptimizer<T> Create(string name) =>
        name switch
        {
            "Sgd+momentum" => new Sgd<T>(learningRate: 0.002, momentum: 0.9),

            // Nesterov's look-ahead amplifies the stiff directions, so it needs a smaller rate to stay stable.
            "Sgd+nesterov" => new Sgd<T>(learningRate: 0.001, momentum: 0.9, nesterov: true),
            "Adam" => new Adam<T>(learningRate: 0.05),
            "AdamW" => new AdamW<T>(learningRate: 0.05, weightDecay: 0.01),
            "RmsProp" => new RmsProp<T>(learningRate: 0.01),
            "Rprop" => new Rprop<T>(),
            _ => throw new ArgumentException($"No contender named {name}.", nameof(name)),
        };

    /// <summary>The lowest loss plain SGD reaches over rates spread across its stable range (0, 2 / c_max).</summary>
    private static double BestPlainSgdLoss()
    {
        double best = double.PositiveInfinity;
        for (int k = 1; k < 20; k++)
        {
            double rate = k / 20.0 * (2 / LargestCurvature);
            best = Math.Min(best, Minimise(new Sgd<T>(rate)));
        }

        return best;
    }

    private static double Minimise(IOptimizer<T> optimizer)
    {
        var parameters = new T[Dimensions];
        Array.Fill(parameters, T.One);
        var gradients = new T[Dimensions];
        for (int step = 0; step < Steps; step++)
        {
            for (int i = 0; i < Dimensions; i++)
            {
                gradients[i] = T.CreateTruncating(Curvatures[i]) * parameters[i];
            }

            optimizer.Step(parameters, gradients, T.One);
        }

        double loss = 0;
        for (int i = 0; i < Dimensions; i++)
        {
            double p = double.CreateTruncating(parameters[i]);
            loss += 0.5 * Curvatures[i] * p * p;
        }

        return loss;
    }

    private static double[] CreateCurvatures()
    {
        var curvatures = new double[Dimensions];
        for (int i = 0; i < Dimensions; i++)
        {
            curvatures[i] = Math.Pow(LargestCurvature, i / (Dimensions - 1.0));
        }

        return curvatures;
    }
}
