using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class OptimizerStateTestsFloat : OptimizerStateTests<float>;

public sealed class OptimizerStateTestsDouble : OptimizerStateTests<double>;

/// <summary>State binding, Reset and the no-allocation guarantee, for every optimizer.</summary>
public abstract class OptimizerStateTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Length = 37;

    [Theory]
    [MemberData(nameof(OptimizerCatalog.Names), MemberType = typeof(OptimizerCatalog))]
    public void A_step_after_Reset_equals_a_first_step(string name)
    {
        IOptimizer<T> used = OptimizerCatalog.Create<T>(name);
        T[] scratch = Parameters();
        for (int step = 0; step < 3; step++)
        {
            used.Step(scratch, Gradients(step), T.One);
        }

        used.Reset();
        T[] afterReset = Parameters();
        used.Step(afterReset, Gradients(0), T.One);

        T[] fresh = Parameters();
        OptimizerCatalog.Create<T>(name).Step(fresh, Gradients(0), T.One);

        Assert.Equal(fresh, afterReset);
    }

    [Theory]
    [MemberData(nameof(OptimizerCatalog.Names), MemberType = typeof(OptimizerCatalog))]
    public void A_different_length_throws_naming_both_lengths_until_Reset(string name)
    {
        IOptimizer<T> optimizer = OptimizerCatalog.Create<T>(name);
        optimizer.Step(Parameters(), Gradients(0), T.One);

        ArgumentException error = Assert.Throws<ArgumentException>(() => optimizer.Step(new T[5], new T[5], T.One));
        Assert.Contains(Length.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("5", error.Message, StringComparison.Ordinal);

        optimizer.Reset();
        optimizer.Step(new T[5], new T[5], T.One);
    }

    [Theory]
    [MemberData(nameof(OptimizerCatalog.Names), MemberType = typeof(OptimizerCatalog))]
    public void Gradients_of_another_length_than_the_parameters_throw(string name)
    {
        IOptimizer<T> optimizer = OptimizerCatalog.Create<T>(name);

        ArgumentException error = Assert.Throws<ArgumentException>(() => optimizer.Step(new T[4], new T[3], T.One));
        Assert.Equal("gradients", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(OptimizerCatalog.Names), MemberType = typeof(OptimizerCatalog))]
    public void Thousand_steps_after_the_first_allocate_nothing(string name)
    {
        IOptimizer<T> optimizer = OptimizerCatalog.Create<T>(name);
        T[] parameters = Parameters();
        T[] gradients = Gradients(0);
        T scale = T.CreateTruncating(0.25);
        optimizer.Step(parameters, gradients, scale);

        Assert.Equal(0, AllocationMeter.Measure(() =>
        {
            for (int step = 0; step < 1000; step++)
            {
                optimizer.Step(parameters, gradients, scale);
            }
        }));
    }

    [Theory]
    [MemberData(nameof(OptimizerCatalog.Names), MemberType = typeof(OptimizerCatalog))]
    public void Reset_and_a_first_step_at_the_same_length_allocate_nothing(string name)
    {
        IOptimizer<T> optimizer = OptimizerCatalog.Create<T>(name);
        T[] parameters = Parameters();
        T[] gradients = Gradients(0);
        optimizer.Step(parameters, gradients, T.One);
        optimizer.Reset();
        optimizer.Step(parameters, gradients, T.One);

        Assert.Equal(0, AllocationMeter.Measure(() =>
        {
            for (int round = 0; round < 100; round++)
            {
                optimizer.Reset();
                optimizer.Step(parameters, gradients, T.One);
            }
        }));
    }

    [Fact]
    public void A_trainer_style_step_with_a_schedule_and_clipping_allocates_nothing()
    {
        var optimizer = new AdamW<T>(learningRate: 0.01);
        ILearningRateSchedule schedule = new LinearWarmup(100, new CosineAnnealing(totalEpochs: 10, minRate: 1e-4));
        T[] parameters = Parameters();
        T[] gradients = Gradients(0);
        T scale = T.CreateTruncating(1.0 / 32);
        optimizer.Step(parameters, gradients, GradientClipping.ClipScale<T>(gradients, scale, maxNorm: 0.1));

        Assert.Equal(0, AllocationMeter.Measure(() =>
        {
            for (long step = 1; step <= 1000; step++)
            {
                optimizer.LearningRate = schedule.LearningRate(0.01, (int)(step / 100), step);
                optimizer.Step(parameters, gradients, GradientClipping.ClipScale<T>(gradients, scale, maxNorm: 0.1));
            }
        }));
    }

    private static T[] Parameters()
    {
        var values = new T[Length];
        for (int i = 0; i < Length; i++)
        {
            values[i] = T.CreateTruncating(OptimizerCatalog.InitialParameter(i));
        }

        return values;
    }

    private static T[] Gradients(int step)
    {
        var values = new T[Length];
        for (int i = 0; i < Length; i++)
        {
            values[i] = T.CreateTruncating(OptimizerCatalog.Gradient(step, i));
        }

        return values;
    }
}
