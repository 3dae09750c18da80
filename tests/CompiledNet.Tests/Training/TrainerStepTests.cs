using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;

namespace CompiledNet.Tests.Training;

/// <summary>What one epoch of Trainer.Train does, step by step, against a double-precision replay with the reference.</summary>
public sealed class TrainerStepTests
{
    private const float LearningRate = 0.1f;

    [Theory]
    [InlineData(nameof(MixedNet))]
    [InlineData(nameof(MixedBinaryCrossEntropyNet))]
    [InlineData(nameof(LoopSoftmaxCrossEntropyNet))]
    public void A_batch_of_two_identical_samples_takes_the_same_step_as_that_sample_alone(string name)
    {
        (NetworkCase networkCase, double[] parameters, List<Sample> samples) = Setup(name, 1);
        float[] input = SampleData.ToFloat(samples[0].Input), target = SampleData.ToFloat(samples[0].Target);
        INetwork<float> single = SampleData.CreateWith(networkCase, parameters);
        INetwork<float> pair = SampleData.CreateWith(networkCase, parameters);

        Trainer.Train(single, [input], [target], new Sgd<float>(LearningRate), new TrainingOptions { BatchSize = 1, Shuffle = false });
        Trainer.Train(pair, [input, input], [target, target], new Sgd<float>(LearningRate), new TrainingOptions { BatchSize = 2, Shuffle = false });

        // Averaged, (g + g)·½ is g, so both take the same step; a summed gradient would step twice as far. The pair goes
        // through the batched matrix kernels (fused multiply-adds, another summation order) and the single sample
        // through the per-sample path, so the steps agree up to float rounding, far inside a factor of two.
        float[] initial = SampleData.ToFloat(parameters);
        Assert.NotEqual(initial, single.Parameters.ToArray());
        float[] singleStep = single.Parameters.ToArray(), pairStep = pair.Parameters.ToArray();
        for (int i = 0; i < initial.Length; i++)
        {
            float expected = singleStep[i] - initial[i], actual = pairStep[i] - initial[i];
            Assert.True(
                Math.Abs(actual - expected) <= 1e-6f + (1e-4f * Math.Abs(expected)),
                $"Parameter {i}: the pair stepped {actual:R}, the single sample {expected:R}.");
        }
    }

    [Theory]
    [InlineData(nameof(MixedNet))]
    [InlineData(nameof(OutputSoftmaxMseNet))]
    [InlineData(nameof(LoopSoftmaxCrossEntropyNet))]
    [InlineData(nameof(DeepLoopNet))]
    public void One_epoch_matches_averaged_reference_steps_including_the_short_last_batch(string name)
    {
        // Five samples in batches of two: steps over samples {0, 1}, {2, 3}, then {4} alone.
        (NetworkCase networkCase, double[] initial, List<Sample> samples) = Setup(name, 5);
        INetwork<float> network = SampleData.CreateWith(networkCase, initial);
        TrainingHistory<float> history = Trainer.Train(
            network,
            samples.Select(s => SampleData.ToFloat(s.Input)).ToArray(),
            samples.Select(s => SampleData.ToFloat(s.Target)).ToArray(),
            new Sgd<float>(LearningRate),
            new TrainingOptions { Epochs = 1, BatchSize = 2, Shuffle = false });

        (double[] expected, double meanLoss) = Replay(networkCase.Reference, initial, samples, batchSize: 2, lastBatchDivisor: null);
        Tolerance.AllClose(network.Parameters, expected, BackwardMatchesReferenceTests.Relative, BackwardMatchesReferenceTests.Absolute, name + " parameters");
        Assert.Single(history.EpochLosses);
        Tolerance.Close(history.FinalLoss, meanLoss, BackwardMatchesReferenceTests.Relative, BackwardMatchesReferenceTests.Absolute, name + " epoch loss");

        // The steps are large enough for the comparison to mean something: averaging the last batch over 2
        // instead of 1 is detected.
        (double[] wrong, _) = Replay(networkCase.Reference, initial, samples, batchSize: 2, lastBatchDivisor: 2);
        double ratio = Tolerance.WorstRatio(network.Parameters, wrong, BackwardMatchesReferenceTests.Relative, BackwardMatchesReferenceTests.Absolute, out _);
        Assert.True(ratio > 10, $"Halving the last step stays within {ratio:F2}x the tolerance.");
    }

    [Fact]
    public void History_has_one_entry_per_epoch_each_the_mean_sample_loss_at_that_epochs_weights()
    {
        var options = new TrainingOptions { Epochs = 17, BatchSize = 4, Shuffle = false };
        var network = new XorNetwork(seed: 3);
        TrainingHistory<float> history = Trainer.Train(network, TrainingData.XorInputs, TrainingData.XorTargets, new Sgd<float>(0.5f), options);
        Assert.Equal(17, history.EpochLosses.Count);
        Assert.Equal(history.EpochLosses[16], history.FinalLoss);

        // One full batch per epoch: epoch 17's loss is the mean sample loss at the weights after 16 epochs.
        var twin = new XorNetwork(seed: 3);
        TrainingHistory<float> shorter = Trainer.Train(
            twin, TrainingData.XorInputs, TrainingData.XorTargets, new Sgd<float>(0.5f), new TrainingOptions { Epochs = 16, BatchSize = 4, Shuffle = false });
        Assert.Equal(history.EpochLosses.Take(16), shorter.EpochLosses);
        // A batch of four goes through BackwardBatch, so the expected loss is computed the same way.
        float sum = twin.BackwardBatch(
            TrainingData.XorInputs.SelectMany(row => row).ToArray(),
            TrainingData.XorTargets.SelectMany(row => row).ToArray(),
            new float[XorNetwork.ParameterCount]);

        Assert.Equal(sum / 4, history.FinalLoss);
        Assert.NotEqual(history.EpochLosses[0], history.FinalLoss);
    }

    /// <summary>Plain mini-batch SGD in double: p ← p - η·(Σ batch gradients)/(batch count).</summary>
    private static (double[] Parameters, double MeanLoss) Replay(
        ReferenceNetwork reference, double[] initial, List<Sample> samples, int batchSize, int? lastBatchDivisor)
    {
        double[] p = (double[])initial.Clone();
        double totalLoss = 0;
        for (int start = 0; start < samples.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, samples.Count - start);
            var sum = new double[p.Length];
            for (int s = start; s < start + count; s++)
            {
                double[] g = reference.Gradient(p, samples[s].Input, samples[s].Target, out double loss);
                totalLoss += loss;
                for (int i = 0; i < p.Length; i++)
                {
                    sum[i] += g[i];
                }
            }

            bool isLast = start + batchSize >= samples.Count;
            int divisor = isLast && lastBatchDivisor is int forced ? forced : count;
            for (int i = 0; i < p.Length; i++)
            {
                // The learning rate as the float the optimizer holds.
                p[i] -= (double)LearningRate * sum[i] / divisor;
            }
        }

        return (p, totalLoss / samples.Count);
    }

    private static (NetworkCase Case, double[] Parameters, List<Sample> Samples) Setup(string name, int count)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 77);
        double[] parameters = SampleData.Parameters(networkCase.Reference, random);
        return (networkCase, parameters, SampleData.Samples(networkCase.Reference, parameters, random, count));
    }
}
