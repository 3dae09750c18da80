using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>Validation data: the split held out of the training set, an explicit set, and the metrics reported on it.</summary>
public sealed class ValidationTests
{
    [Theory]
    [InlineData(50, 0.2, 10)]
    [InlineData(45, 0.25, 11)] // 11.25 rounds down
    [InlineData(30, 0.25, 8)] // 7.5: halves round away from zero
    [InlineData(7, 0.5, 4)] // 3.5
    [InlineData(40, 0.01, 0)] // 0.4 rounds to 0: the split cannot hold out anything
    public void The_split_holds_out_round_count_times_fraction_samples(int count, double split, int expected)
    {
        DataSet<float> data = FitData.Sine<float>(count, seed: 11);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, Seed = 5, ValidationSplit = split };
        var network = new FitRegressionNet(seed: 1);
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(0.05));

        if (expected == 0)
        {
            // Holding out nothing would leave no validation data: refused before any step.
            Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(network, data, optimizer, options));
            Assert.Equal(0, optimizer.Steps);
            return;
        }

        TrainingHistory<float> history = Trainer.Fit(network, data, optimizer, options);

        Assert.All(history.Epochs, r => Assert.Equal(expected, r.Validation!.Count));
        Assert.Equal(3 * FitData.BatchesPerEpoch(count - expected, 4), optimizer.Steps);
    }

    [Fact]
    public void The_split_is_the_seeded_split_of_the_data_set_and_training_uses_only_the_rest()
    {
        DataSet<float> data = FitData.Sine<float>(60, seed: 12);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 6, Seed = 9, ValidationSplit = 0.3 };

        var network = new FitRegressionNet(seed: 2);
        TrainingHistory<float> history = Trainer.Fit(network, data, new Adam<float>(0.01), options);

        // The same run spelled out: DataSet.Split with the options' seed, the rest trained on, the held-out part validated.
        (DataSet<float> train, DataSet<float> held) = data.Split(0.3, seed: 9);
        var spelledOut = new FitRegressionNet(seed: 2);
        TrainingHistory<float> explicitHistory = Trainer.Fit(
            spelledOut, train, new Adam<float>(0.01), new TrainingOptions { Epochs = 5, BatchSize = 6, Seed = 9 }, held);

        Assert.Equal(spelledOut.Parameters.ToArray(), network.Parameters.ToArray());
        Assert.Equal(explicitHistory.Epochs.Select(r => r.Validation), history.Epochs.Select(r => r.Validation));
        Assert.Equal(Evaluator.Evaluate(network, held), history.Epochs[^1].Validation);
    }

    [Fact]
    public void The_split_is_deterministic_and_follows_the_seed()
    {
        DataSet<float> data = FitData.Sine<float>(40, seed: 13);
        Evaluation?[] Run(int seed)
        {
            var network = new FitRegressionNet(seed: 2);
            TrainingHistory<float> history = Trainer.Fit(network, data, new Sgd<float>(0.05), new TrainingOptions { Epochs = 2, Seed = seed, ValidationSplit = 0.25 });
            return history.Epochs.Select(r => r.Validation).ToArray();
        }

        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void An_explicit_validation_set_is_used_as_given_and_the_split_is_ignored()
    {
        DataSet<float> data = FitData.Sine<float>(40, seed: 14);
        DataSet<float> validation = FitData.Sine<float>(17, seed: 15, noise: 0.1);

        var withSplit = new FitRegressionNet(seed: 4);
        var optimizer = new RecordingOptimizer<float>(new Sgd<float>(0.05));
        TrainingHistory<float> history = Trainer.Fit(
            withSplit, data, optimizer, new TrainingOptions { Epochs = 4, BatchSize = 5, Seed = 3, ValidationSplit = 0.5 }, validation);

        var withoutSplit = new FitRegressionNet(seed: 4);
        Trainer.Fit(withoutSplit, data, new Sgd<float>(0.05), new TrainingOptions { Epochs = 4, BatchSize = 5, Seed = 3 }, validation);

        // All 40 samples were trained on (8 batches of 5 per epoch), the given 17 validated.
        Assert.Equal(4 * 8, optimizer.Steps);
        Assert.All(history.Epochs, r => Assert.Equal(17, r.Validation!.Count));
        Assert.Equal(withoutSplit.Parameters.ToArray(), withSplit.Parameters.ToArray());
        Assert.Equal(Evaluator.Evaluate(withSplit, validation), history.Epochs[^1].Validation);
    }

    [Fact]
    public void Without_validation_data_reports_carry_none()
    {
        var network = new FitRegressionNet(seed: 4);
        TrainingHistory<float> history = Trainer.Fit(network, FitData.Sine<float>(20, seed: 1), new Sgd<float>(0.05), new TrainingOptions { Epochs = 3 });

        Assert.All(history.Epochs, r => Assert.Null(r.Validation));
    }

    [Fact]
    public void Regression_loss_and_accuracy_agree_with_plain_computation()
    {
        (INetwork<float> network, DataSet<float> data) = Trained("regression");
        Evaluation evaluation = Evaluator.Evaluate(network, data);
        (double[][] outputs, double[][] targets) = Outputs(network, data);

        AssertClose(Mean(outputs, targets, (y, t) => (y - t) * (y - t)), evaluation.Loss);
        AssertClose(Fraction(outputs, targets, (y, t) => (y[0] >= 0.5) == (t[0] >= 0.5)), evaluation.Accuracy);
        Assert.Equal(data.Count, evaluation.Count);
    }

    [Fact]
    public void Cross_entropy_loss_and_accuracy_agree_with_plain_computation()
    {
        (INetwork<float> network, DataSet<float> data) = Trained("softmax");
        Evaluation evaluation = Evaluator.Evaluate(network, data);
        (double[][] outputs, double[][] targets) = Outputs(network, data);

        double loss = outputs.Zip(targets, (y, t) => -Enumerable.Range(0, 3).Sum(k => t[k] == 0 ? 0 : t[k] * Math.Log(y[k]))).Average();
        AssertClose(loss, evaluation.Loss);
        double accuracy = Fraction(outputs, targets, (y, t) => Array.IndexOf(y, y.Max()) == Array.IndexOf(t, t.Max()));
        AssertClose(accuracy, evaluation.Accuracy);
        Assert.InRange(evaluation.Accuracy, 0.5, 1.0); // trained: well above chance, and some blobs overlap
    }

    [Fact]
    public void Binary_cross_entropy_loss_and_accuracy_agree_with_plain_computation()
    {
        (INetwork<float> network, DataSet<float> data) = Trained("sigmoid");
        Evaluation evaluation = Evaluator.Evaluate(network, data);
        (double[][] outputs, double[][] targets) = Outputs(network, data);

        double loss = outputs.Zip(targets, (y, t) => -((t[0] * Math.Log(y[0])) + ((1 - t[0]) * Math.Log(1 - y[0])))).Average();
        AssertClose(loss, evaluation.Loss);
        AssertClose(Fraction(outputs, targets, (y, t) => (y[0] >= 0.5) == (t[0] >= 0.5)), evaluation.Accuracy);
    }

    /// <summary>
    /// MSE and MAE are documented as means of (y − t)² and |y − t|, accumulated in double like the loss. Computed
    /// plainly from the outputs and targets (exact in double), they must agree to double rounding.
    /// </summary>
    [Theory]
    [InlineData("regression")]
    [InlineData("softmax")]
    [InlineData("sigmoid")]
    public void Error_metrics_agree_with_plain_computation(string kind)
    {
        (INetwork<float> network, DataSet<float> data) = Trained(kind);
        Evaluation evaluation = Evaluator.Evaluate(network, data);
        (double[][] outputs, double[][] targets) = Outputs(network, data);

        AssertClose(Mean(outputs, targets, (y, t) => (y - t) * (y - t)), evaluation.MeanSquaredError);
        AssertClose(Mean(outputs, targets, (y, t) => Math.Abs(y - t)), evaluation.MeanAbsoluteError);
    }

    [Fact]
    public void For_a_one_output_mse_network_loss_and_mean_squared_error_are_the_same_number()
    {
        (INetwork<float> network, DataSet<float> data) = Trained("regression");
        Evaluation evaluation = Evaluator.Evaluate(network, data);

        Assert.Equal(evaluation.Loss, evaluation.MeanSquaredError);
    }

    [Fact]
    public void Error_metrics_of_a_double_network_agree_with_plain_computation()
    {
        DataSet<double> data = FitData.Sine<double>(23, seed: 16, noise: 0.2);
        var network = new FitDoubleRegressionNet(seed: 5);
        Trainer.Fit(network, FitData.Sine<double>(40, seed: 17), new Adam<double>(0.01), new TrainingOptions { Epochs = 10, BatchSize = 4 });

        Evaluation evaluation = Evaluator.Evaluate(network, data);
        var output = new double[1];
        double squared = 0, absolute = 0;
        for (int i = 0; i < data.Count; i++)
        {
            network.Forward(data.Input(i), output);
            double error = output[0] - data.Target(i)[0];
            squared += error * error;
            absolute += Math.Abs(error);
        }

        AssertClose(squared / data.Count, evaluation.Loss);
        AssertClose(squared / data.Count, evaluation.MeanSquaredError);
        AssertClose(absolute / data.Count, evaluation.MeanAbsoluteError);
    }

    [Fact]
    public void Reported_validation_equals_evaluating_the_epochs_weights()
    {
        DataSet<float> validation = FitData.Blobs<float>(21, seed: 22);
        var network = new FitClassifierNet(seed: 8);
        var progress = new SnapshotProgress<float>(network);
        TrainingHistory<float> history = Trainer.Fit(
            network, FitData.Blobs<float>(30, seed: 23), new Adam<float>(0.02), new TrainingOptions { Epochs = 4, BatchSize = 3 }, validation, progress);

        for (int e = 0; e < history.Epochs.Count; e++)
        {
            var replica = new FitClassifierNet();
            replica.ImportParameters(progress.Parameters[e]);
            Assert.Equal(Evaluator.Evaluate(replica, validation), history.Epochs[e].Validation);
        }
    }

    /// <summary>A network trained for a few epochs, and a fresh data set to evaluate it on.</summary>
    private static (INetwork<float> Network, DataSet<float> Data) Trained(string kind)
    {
        var options = new TrainingOptions { Epochs = 5, BatchSize = 4 };
        switch (kind)
        {
            case "regression":
                var regression = new FitRegressionNet(seed: 5);
                Trainer.Fit(regression, FitData.Sine<float>(40, seed: 17), new Adam<float>(0.01), options);
                return (regression, FitData.Sine<float>(23, seed: 16, noise: 0.2));
            case "softmax":
                var classifier = new FitClassifierNet(seed: 6);
                Trainer.Fit(classifier, FitData.Blobs<float>(60, seed: 19), new Adam<float>(0.02), options);
                return (classifier, FitData.Blobs<float>(31, seed: 18, spread: 0.8));
            default:
                var binary = new FitBinaryNet(seed: 7);
                Trainer.Fit(binary, FitData.Disc<float>(80, seed: 21), new Adam<float>(0.02), options);
                return (binary, FitData.Disc<float>(29, seed: 20));
        }
    }

    /// <summary>
    /// Each sample's outputs as the evaluator sees them, from ForwardBatch (which agrees with Forward up to float
    /// rounding: ForwardBatchTests), so the metrics below are compared on the very same outputs.
    /// </summary>
    private static (double[][] Outputs, double[][] Targets) Outputs(INetwork<float> network, DataSet<float> data)
    {
        var outputs = new double[data.Count][];
        var targets = new double[data.Count][];
        var all = new float[data.Count * network.OutputSize];
        network.ForwardBatch(data.Inputs.Span, all);
        for (int i = 0; i < data.Count; i++)
        {
            outputs[i] = all.Skip(i * network.OutputSize).Take(network.OutputSize).Select(v => (double)v).ToArray();
            targets[i] = data.Target(i).ToArray().Select(v => (double)v).ToArray();
        }

        return (outputs, targets);
    }

    /// <summary>The mean of f over every output of every sample.</summary>
    private static double Mean(double[][] outputs, double[][] targets, Func<double, double, double> f) =>
        outputs.Zip(targets, (y, t) => y.Zip(t, f).Sum()).Sum() / (outputs.Length * outputs[0].Length);

    private static double Fraction(double[][] outputs, double[][] targets, Func<double[], double[], bool> correct) =>
        (double)outputs.Zip(targets, correct).Count(c => c) / outputs.Length;

    /// <summary>Sums in double over a few dozen terms, in another order than the evaluator's: agreement to 1e-12.</summary>
    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"Expected {expected:R}, got {actual:R}.");
}
