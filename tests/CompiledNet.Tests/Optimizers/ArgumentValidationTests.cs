using System;
using System.Globalization;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

/// <summary>Every out-of-range setting throws ArgumentOutOfRangeException naming the parameter and showing the value.</summary>
public sealed class ArgumentValidationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Every_learning_rate_optimizer_rejects_a_learning_rate_that_is_not_positive_and_finite(double rate)
    {
        AssertRejects("learningRate", rate, () => new Sgd<float>(rate));
        AssertRejects("learningRate", rate, () => new Adam<double>(rate));
        AssertRejects("learningRate", rate, () => new AdamW<float>(rate));
        AssertRejects("learningRate", rate, () => new RmsProp<double>(rate));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Every_weight_decay_rejects_negative_or_non_finite_values(double decay)
    {
        AssertRejects("weightDecay", decay, () => new Sgd<float>(0.1, weightDecay: decay));
        AssertRejects("weightDecay", decay, () => new Adam<float>(weightDecay: decay));
        AssertRejects("weightDecay", decay, () => new AdamW<double>(weightDecay: decay));
        AssertRejects("weightDecay", decay, () => new RmsProp<float>(weightDecay: decay));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Decay_rates_must_lie_in_zero_to_one(double rate)
    {
        AssertRejects("momentum", rate, () => new Sgd<float>(0.1, momentum: rate));
        AssertRejects("beta1", rate, () => new Adam<float>(beta1: rate));
        AssertRejects("beta2", rate, () => new Adam<double>(beta2: rate));
        AssertRejects("beta1", rate, () => new AdamW<float>(beta1: rate));
        AssertRejects("beta2", rate, () => new AdamW<double>(beta2: rate));
        AssertRejects("alpha", rate, () => new RmsProp<float>(alpha: rate));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-8)]
    [InlineData(double.NaN)]
    public void Epsilon_must_be_positive_and_finite(double epsilon)
    {
        AssertRejects("epsilon", epsilon, () => new Adam<float>(epsilon: epsilon));
        AssertRejects("epsilon", epsilon, () => new AdamW<float>(epsilon: epsilon));
        AssertRejects("epsilon", epsilon, () => new RmsProp<double>(epsilon: epsilon));
    }

    [Fact]
    public void Nesterov_without_momentum_is_rejected()
    {
        AssertRejects("momentum", 0.0, () => new Sgd<float>(0.1, momentum: 0, nesterov: true));
    }

    [Fact]
    public void Rprop_rejects_out_of_range_step_settings()
    {
        AssertRejects("initialStep", 0.0, () => new Rprop<float>(initialStep: 0));
        AssertRejects("initialStep", double.NaN, () => new Rprop<float>(initialStep: double.NaN));
        AssertRejects("increaseFactor", 1.0, () => new Rprop<float>(increaseFactor: 1.0));
        AssertRejects("increaseFactor", double.PositiveInfinity, () => new Rprop<float>(increaseFactor: double.PositiveInfinity));
        AssertRejects("decreaseFactor", 0.0, () => new Rprop<double>(decreaseFactor: 0));
        AssertRejects("decreaseFactor", 1.0, () => new Rprop<double>(decreaseFactor: 1));
        AssertRejects("minStep", -0.001, () => new Rprop<float>(minStep: -0.001));
        AssertRejects("maxStep", double.PositiveInfinity, () => new Rprop<float>(maxStep: double.PositiveInfinity));
        AssertRejects("maxStep", 0.5, () => new Rprop<float>(initialStep: 0.1, minStep: 1, maxStep: 0.5));
        AssertRejects("initialStep", 0.1, () => new Rprop<float>(initialStep: 0.1, minStep: 0.2));
        AssertRejects("initialStep", 60.0, () => new Rprop<float>(initialStep: 60));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void A_scheduled_learning_rate_must_be_finite_and_not_negative(double rate)
    {
        ILearningRateOptimizer<float>[] optimizers = { new Sgd<float>(0.1), new Adam<float>(), new AdamW<float>(), new RmsProp<float>() };
        foreach (ILearningRateOptimizer<float> optimizer in optimizers)
        {
            AssertRejects("value", rate, () => optimizer.LearningRate = rate);
            Assert.NotEqual(rate, optimizer.LearningRate);
        }
    }

    [Fact]
    public void A_schedule_may_anneal_the_learning_rate_to_zero()
    {
        var optimizer = new Sgd<double>(0.1, momentum: 0.9);
        double[] parameters = { 1.0, -2.0 };
        optimizer.LearningRate = 0;
        optimizer.Step(parameters, new[] { 3.0, 4.0 }, 1.0);

        Assert.Equal(new[] { 1.0, -2.0 }, parameters);
    }

    [Fact]
    public void The_quickstart_call_still_compiles_and_keeps_its_rate()
    {
        Assert.Equal(0.5, new Sgd<float>(learningRate: 0.5f).LearningRate);
    }

    private static void AssertRejects(string parameter, double value, Action action)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Equal(value, error.ActualValue);

        // The exception formats the value in the current culture (∞ or Infinity, for one).
        Assert.Contains(value.ToString(CultureInfo.CurrentCulture), error.Message, StringComparison.Ordinal);
    }
}
