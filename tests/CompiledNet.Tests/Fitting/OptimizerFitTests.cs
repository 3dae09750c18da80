using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>Every optimizer through Fit, gradient clipping through Fit, and the checks Fit makes before its first step.</summary>
public sealed class OptimizerFitTests
{
    public static TheoryData<string> Optimizers => new()
    {
        "Sgd",
        "Sgd+momentum",
        "Sgd+nesterov",
        "Adam",
        "AdamW",
        "RmsProp",
        "Rprop",
    };

    private static IOptimizer<float> Create(string name) =>
        name switch
        {
            "Sgd" => new Sgd<float>(learningRate: 1),
            "Sgd+momentum" => new Sgd<float>(learningRate: 0.1, momentum: 0.9),
            "Sgd+nesterov" => new Sgd<float>(learningRate: 0.1, momentum: 0.9, nesterov: true),
            "Adam" => new Adam<float>(learningRate: 0.05),
            "AdamW" => new AdamW<float>(learningRate: 0.05, weightDecay: 0.001),
            "RmsProp" => new RmsProp<float>(learningRate: 0.01),
            "Rprop" => new Rprop<float>(),
            _ => throw new ArgumentException($"No optimizer named {name}.", nameof(name)),
        };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_optimizer_learns_xor_through_fit(string name)
    {
        // Three starting points. (2-4-1 XOR has starts from which plain gradient descent settles in the 0.25 plateau
        // whatever the optimizer's settings, such as network seed 3 for plain SGD; these three are not among them.)
        DataSet<float> xor = FitData.Xor<float>();
        foreach (int seed in new[] { 1, 2, 4 })
        {
            var network = new FitXorNet(seed);
            float initialLoss = Evaluate(network, xor);

            // Rprop is a full-batch method: each step sees all four samples.
            var options = new TrainingOptions { Epochs = 1500, BatchSize = name == "Rprop" ? 4 : 1, Seed = seed };
            TrainingHistory<float> history = Trainer.Fit(network, xor, Create(name), options);

            Evaluation result = Evaluator.Evaluate(network, xor);
            Assert.True(result.Loss < 0.01, $"{name}, network seed {seed}: loss {result.Loss} (from {initialLoss}).");
            Assert.Equal(1.0, result.Accuracy);
            Assert.Equal(StopReason.Completed, history.StopReason);
        }
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_optimizer_learns_a_three_class_problem_through_fit(string name)
    {
        DataSet<float> data = FitData.Blobs<float>(90, seed: 61);
        var network = new FitClassifierNet(seed: 4);
        IOptimizer<float> optimizer = name switch
        {
            "Sgd" => new Sgd<float>(learningRate: 0.1),
            "Sgd+momentum" or "Sgd+nesterov" => new Sgd<float>(learningRate: 0.02, momentum: 0.9, nesterov: name == "Sgd+nesterov"),
            "Adam" or "AdamW" or "RmsProp" => Create(name),
            _ => new Rprop<float>(initialStep: 0.01),
        };
        var options = new TrainingOptions { Epochs = 100, BatchSize = name == "Rprop" ? 90 : 10, Seed = 5 };

        Trainer.Fit(network, data, optimizer, options);

        Evaluation result = Evaluator.Evaluate(network, data);
        Assert.True(result.Loss < 0.1, $"{name}: loss {result.Loss}.");
        Assert.True(result.Accuracy >= 0.97, $"{name}: accuracy {result.Accuracy}.");
    }

    [Fact]
    public void Clipping_caps_the_norm_of_each_step_taken()
    {
        const double Rate = 0.05;
        const double Clip = 0.5;
        int clipped = 0, unclipped = 0;
        var optimizer = new RecordingOptimizer<double>(new Sgd<double>(Rate), (step, parameters, gradients, scale) =>
        {
            double meanNorm = Math.Sqrt(gradients.ToArray().Sum(g => g * g)) / 4;
            _ = meanNorm > Clip ? clipped++ : unclipped++;
        });
        var network = new FitDoubleRegressionNet(seed: 3);

        // Targets of 3·sin 2x: the first steps' mean gradients are far above the clip, later ones below it.
        Trainer.Fit(network, FitData.Sine<double>(64, seed: 62, targetScale: 3), optimizer, new TrainingOptions { Epochs = 30, BatchSize = 4, ClipGradientNorm = Clip });

        Assert.True(clipped > 10 && unclipped > 10, $"{clipped} steps clipped, {unclipped} not: the test needs both.");
        for (int step = 1; step < optimizer.History.Count; step++)
        {
            double[] before = optimizer.History[step - 1];
            double[] after = optimizer.History[step];
            double norm = Math.Sqrt(before.Zip(after, (b, a) => (b - a) / Rate).Sum(d => d * d));

            // Parameters of order 1 change by about 0.05·0.5: the subtraction p − η·g and (b − a)/η lose ~1e-14 of it.
            Assert.True(norm <= Clip * (1 + 1e-9), $"Step {step}: the update direction has norm {norm:R}, above the clip {Clip}.");
        }
    }

    [Fact]
    public void Clipped_steps_have_the_clip_norm_and_unclipped_steps_the_mean_gradient()
    {
        const double Rate = 0.05;
        const double Clip = 0.5;
        var meanGradients = new System.Collections.Generic.List<double[]>();
        var optimizer = new RecordingOptimizer<double>(new Sgd<double>(Rate), (_, _, gradients, _) =>
            meanGradients.Add(gradients.ToArray().Select(g => g / 4).ToArray()));
        var network = new FitDoubleRegressionNet(seed: 3);

        Trainer.Fit(network, FitData.Sine<double>(64, seed: 62, targetScale: 3), optimizer, new TrainingOptions { Epochs = 10, BatchSize = 4, ClipGradientNorm = Clip });

        for (int step = 1; step < optimizer.History.Count; step++)
        {
            double[] update = optimizer.History[step - 1].Zip(optimizer.History[step], (b, a) => (b - a) / Rate).ToArray();
            double[] mean = meanGradients[step - 1];
            double meanNorm = Math.Sqrt(mean.Sum(g => g * g));
            double factor = Math.Min(1, Clip / meanNorm);

            // The step is the mean gradient scaled by min(1, clip / ‖mean‖): same direction, norm capped.
            for (int i = 0; i < update.Length; i++)
            {
                double expected = mean[i] * factor;
                Assert.True(Math.Abs(update[i] - expected) <= 1e-9 * Clip, $"Step {step}, parameter {i}: {update[i]:R} vs {expected:R}.");
            }
        }
    }

    [Fact]
    public void A_schedule_with_an_optimizer_without_a_learning_rate_is_refused_before_training()
    {
        var network = new FitXorNet(seed: 1);
        float[] before = network.Parameters.ToArray();
        var optimizer = new CountingOptimizer<float>(new Rprop<float>());
        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, Schedule = new StepDecay(1, 0.5) };

        ArgumentException error = Assert.Throws<ArgumentException>(() => Trainer.Fit(network, FitData.Xor<float>(), optimizer, options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(nameof(CountingOptimizer<float>), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, optimizer.Steps);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => Trainer.Fit(network, FitData.Xor<float>(), new Rprop<float>(), options));
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Theory]
    [InlineData(3, 1)] // one input too many
    [InlineData(2, 2)] // one target too many
    [InlineData(1, 3)]
    public void Training_rows_of_the_wrong_size_are_refused_before_any_step(int inputSize, int targetSize)
    {
        var network = new FitXorNet(seed: 1);
        float[] before = network.Parameters.ToArray();
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(0.1));
        DataSet<float> data = Rows(6, inputSize, targetSize);

        ArgumentException error = Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, optimizer, new TrainingOptions { Epochs = 2 }));

        Assert.Equal("training", error.ParamName);
        AssertNamesSizes(error, inputSize, targetSize);
        Assert.Equal(0, optimizer.Steps);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Validation_rows_of_the_wrong_size_are_refused_before_any_step()
    {
        var network = new FitXorNet(seed: 1);
        float[] before = network.Parameters.ToArray();
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(0.1));

        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            Trainer.Fit(network, FitData.Xor<float>(), optimizer, new TrainingOptions { Epochs = 2 }, Rows(5, 4, 1)));

        Assert.Equal("validation", error.ParamName);
        AssertNamesSizes(error, 4, 1);
        Assert.Equal(0, optimizer.Steps);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Train_with_jagged_rows_of_the_wrong_length_is_refused_before_any_step()
    {
        var network = new FitXorNet(seed: 1);
        float[] before = network.Parameters.ToArray();
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(0.1));
        float[][] inputs = { new float[] { 0, 1 }, new float[] { 1, 0, 1 } };
        float[][] targets = { new float[] { 1 }, new float[] { 1 } };

        Assert.ThrowsAny<ArgumentException>(() => Trainer.Train(network, inputs, targets, optimizer, new TrainingOptions()));

        Assert.Equal(0, optimizer.Steps);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Train_on_jagged_rows_equals_fit_on_the_same_data_set()
    {
        float[][] inputs = { new float[] { 0, 0 }, new float[] { 0, 1 }, new float[] { 1, 0 }, new float[] { 1, 1 } };
        float[][] targets = { new float[] { 0 }, new float[] { 1 }, new float[] { 1 }, new float[] { 0 } };
        var options = new TrainingOptions { Epochs = 20, BatchSize = 2, Seed = 3 };

        var trained = new FitXorNet(seed: 1);
        TrainingHistory<float> viaTrain = Trainer.Train(trained, inputs, targets, new Adam<float>(0.05), options);
        var fitted = new FitXorNet(seed: 1);
        TrainingHistory<float> viaFit = Trainer.Fit(fitted, DataSet<float>.FromRows(inputs, targets), new Adam<float>(0.05), options);

        Assert.Equal(fitted.Parameters.ToArray(), trained.Parameters.ToArray());
        Assert.Equal(viaFit.EpochLosses, viaTrain.EpochLosses);
    }

    private static DataSet<float> Rows(int count, int inputSize, int targetSize) =>
        DataSet<float>.FromFlat(
            Enumerable.Range(0, count * inputSize).Select(i => (float)(i % 3)).ToArray(),
            inputSize,
            Enumerable.Range(0, count * targetSize).Select(i => (float)(i % 2)).ToArray(),
            targetSize);

    /// <summary>The message names the data set's row sizes and the network's (2 inputs, 1 output).</summary>
    private static void AssertNamesSizes(ArgumentException error, int inputSize, int targetSize)
    {
        Assert.Contains($"{inputSize} inputs", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{targetSize} targets", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 inputs", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 outputs", error.Message, StringComparison.Ordinal);
    }

    private static float Evaluate(INetwork<float> network, DataSet<float> data) => (float)Evaluator.Evaluate(network, data).Loss;
}
