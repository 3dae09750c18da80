using System;
using System.Globalization;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class ScheduleTests
{
    private const double Tolerance = 1e-15;

    [Theory]
    [InlineData(0, 0.2)]
    [InlineData(2, 0.2)]
    [InlineData(3, 0.1)]
    [InlineData(5, 0.1)]
    [InlineData(6, 0.05)]
    [InlineData(10, 0.025)]
    public void StepDecay_multiplies_by_gamma_every_step_epochs(int epoch, double expected)
    {
        Assert.Equal(expected, new StepDecay(stepEpochs: 3, gamma: 0.5).LearningRate(0.2, epoch, step: 1234), Tolerance);
    }

    [Fact]
    public void CosineAnnealing_falls_from_base_to_min_along_half_a_cosine()
    {
        var schedule = new CosineAnnealing(totalEpochs: 10, minRate: 0.01);

        Assert.Equal(0.1, schedule.LearningRate(0.1, 0, 0), Tolerance);
        Assert.Equal(0.01 + 0.09 * (1 + Math.Cos(Math.PI / 5)) / 2, schedule.LearningRate(0.1, 2, 0), Tolerance);
        Assert.Equal(0.055, schedule.LearningRate(0.1, 5, 0), Tolerance);
        Assert.Equal(0.01 + 0.09 * (1 + Math.Cos(Math.PI * 0.9)) / 2, schedule.LearningRate(0.1, 9, 0), Tolerance);
        Assert.Equal(0.01, schedule.LearningRate(0.1, 10, 0), Tolerance);
    }

    [Fact]
    public void CosineAnnealing_holds_the_minimum_after_total_epochs()
    {
        var schedule = new CosineAnnealing(totalEpochs: 4);

        Assert.Equal(0, schedule.LearningRate(0.3, 4, 0));
        Assert.Equal(0, schedule.LearningRate(0.3, 7, 0));
    }

    [Theory]
    [InlineData(0, 0.025)]
    [InlineData(1, 0.05)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.1)]
    [InlineData(1000, 0.1)]
    public void LinearWarmup_ramps_to_base_then_holds_it(long step, double expected)
    {
        Assert.Equal(expected, new LinearWarmup(warmupSteps: 4).LearningRate(0.1, epoch: 0, step), Tolerance);
    }

    [Fact]
    public void LinearWarmup_hands_over_to_the_next_schedule_counting_from_the_hand_over()
    {
        var schedule = new LinearWarmup(warmupSteps: 4, after: new StepDecay(stepEpochs: 1, gamma: 0.5));

        // During warm-up the ramp ignores the epoch; StepDecay's epoch 0 is the epoch of step 4, then it counts on.
        Assert.Equal(0.075, schedule.LearningRate(0.1, epoch: 5, step: 2), Tolerance);
        Assert.Equal(0.1, schedule.LearningRate(0.1, epoch: 2, step: 4), Tolerance);
        Assert.Equal(0.025, schedule.LearningRate(0.1, epoch: 4, step: 9), Tolerance);
    }

    [Fact]
    public void Schedules_reject_bad_settings_with_the_value()
    {
        AssertRejects("stepEpochs", 0, () => new StepDecay(0, 0.5));
        AssertRejects("gamma", -0.5, () => new StepDecay(1, -0.5));
        AssertRejects("gamma", double.NaN, () => new StepDecay(1, double.NaN));
        AssertRejects("totalEpochs", 0, () => new CosineAnnealing(0));
        AssertRejects("minRate", -1, () => new CosineAnnealing(5, -1));
        AssertRejects("warmupSteps", 0, () => new LinearWarmup(0));
    }

    [Fact]
    public void Schedules_reject_bad_arguments_with_the_value()
    {
        ILearningRateSchedule[] schedules = { new StepDecay(2, 0.5), new CosineAnnealing(5), new LinearWarmup(3) };
        foreach (ILearningRateSchedule schedule in schedules)
        {
            AssertRejects("baseRate", 0, () => schedule.LearningRate(0, 0, 0));
            AssertRejects("baseRate", double.PositiveInfinity, () => schedule.LearningRate(double.PositiveInfinity, 0, 0));
            AssertRejects("epoch", -1, () => schedule.LearningRate(0.1, -1, 0));
            AssertRejects("step", -7, () => schedule.LearningRate(0.1, 0, -7));
        }
    }

    private static void AssertRejects(string parameter, object value, Func<object> action)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => action());
        Assert.Equal(parameter, error.ParamName);
        // The exception formats the value in the current culture (∞ or Infinity, for one).
        Assert.Contains(Convert.ToString(value, CultureInfo.CurrentCulture)!, error.Message, StringComparison.Ordinal);
    }
}
