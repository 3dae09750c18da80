using System;
using System.Text.RegularExpressions;
using Xunit;
using static CompiledNet.Tests.Training.TrainingData;

namespace CompiledNet.Tests.Training;

/// <summary>Bad data sets are rejected with ArgumentException before the first step, so no weight moves.</summary>
public sealed class TrainerValidationTests
{
    private static readonly TrainingOptions Options = new() { Epochs = 3, BatchSize = 1, Shuffle = false };

    [Fact]
    public void An_input_row_of_the_wrong_length_is_named_with_its_index_and_both_lengths()
    {
        // The bad row comes last: had training started before checking, earlier rows would have moved the weights.
        float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1, 0]];
        ArgumentException error = AssertRejectedUnchanged(inputs, XorTargets);
        Assert.Equal("inputs", error.ParamName);
        AssertMentions(error, "Row 3", "3", "2");
    }

    [Fact]
    public void A_target_row_of_the_wrong_length_is_named_with_its_index_and_both_lengths()
    {
        float[][] targets = [[0], [1], [1, 0, 0, 0, 0], [0]];
        ArgumentException error = AssertRejectedUnchanged(XorInputs, targets);
        Assert.Equal("targets", error.ParamName);
        AssertMentions(error, "Row 2", "5", "1");
    }

    [Fact]
    public void Different_numbers_of_inputs_and_targets_are_rejected_naming_both_counts()
    {
        ArgumentException error = AssertRejectedUnchanged(XorInputs, XorTargets[..3]);
        AssertMentions(error, "4", "3");

        error = AssertRejectedUnchanged(XorInputs[..2], XorTargets);
        AssertMentions(error, "2", "4");
    }

    [Fact]
    public void An_empty_data_set_is_rejected()
    {
        AssertRejectedUnchanged([], []);
        AssertRejectedUnchanged([], XorTargets);
    }

    [Fact]
    public void A_null_row_is_rejected_naming_its_index()
    {
        float[][] inputs = [[0, 0], [0, 1], null!, [1, 1]];
        ArgumentException error = AssertRejectedUnchanged(inputs, XorTargets);
        AssertMentions(error, "Row 2");
    }

    [Fact]
    public void Options_reject_non_positive_epochs_and_batch_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { BatchSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { BatchSize = -2 });
    }

    [Fact]
    public void A_batch_larger_than_the_data_set_is_one_batch_of_everything()
    {
        var whole = new XorNetwork(seed: 4);
        var exact = new XorNetwork(seed: 4);
        Trainer.Train(whole, XorInputs, XorTargets, new Sgd<float>(0.5f), new TrainingOptions { Epochs = 5, BatchSize = 100, Shuffle = false });
        Trainer.Train(exact, XorInputs, XorTargets, new Sgd<float>(0.5f), new TrainingOptions { Epochs = 5, BatchSize = 4, Shuffle = false });
        Assert.Equal(exact.Parameters.ToArray(), whole.Parameters.ToArray());
    }

    private static ArgumentException AssertRejectedUnchanged(float[][] inputs, float[][] targets)
    {
        var network = new XorNetwork(seed: 9);
        float[] before = network.Parameters.ToArray();
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(
            () => Trainer.Train(network, inputs, targets, new Sgd<float>(0.5f), Options));
        Assert.Equal(before, network.Parameters.ToArray());
        return error;
    }

    private static void AssertMentions(ArgumentException error, params string[] parts)
    {
        foreach (string part in parts)
        {
            Assert.Matches(new Regex($@"\b{part}\b"), error.Message);
        }
    }
}
