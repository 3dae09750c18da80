using System;
using System.Collections.Generic;
using System.IO;
using FashionMnist;
using Xunit;

namespace CompiledNet.Tests.FashionMnist;

/// <summary>The sample's parts that need no data: options, the missing-data message, and watching training.</summary>
public sealed class FashionSampleTests
{
    [Fact]
    public void Options_default_to_the_settings_that_reach_89_percent()
    {
        (SampleOptions? options, string? message) = SampleOptions.Parse([]);

        Assert.Null(message);
        Assert.Equal(new SampleOptions(), options);
        Assert.Equal(FashionModel.Mlp, options!.Model);
        Assert.Equal((20, 128, 1e-3, 1, 5), (options!.Epochs, options.BatchSize, options.LearningRate, options.Seed, options.Patience));
        Assert.Equal("/usr/share/datasets/fashion-mnist", options.DataDirectory);
        Assert.Null(options.TrainLimit);
    }

    [Fact]
    public void Options_are_read_with_a_space_or_an_equals_sign()
    {
        (SampleOptions? options, string? message) = SampleOptions.Parse(
            ["--epochs", "3", "--batch-size=64", "--learning-rate", "0.002", "--seed", "-7", "--data", "some/dir", "--train-limit", "5000", "--output=out", "--patience", "2"]);

        Assert.Null(message);
        Assert.Equal(
            new SampleOptions { Epochs = 3, BatchSize = 64, LearningRate = 0.002, Seed = -7, DataDirectory = "some/dir", TrainLimit = 5000, OutputDirectory = "out", Patience = 2 },
            options);
    }

    [Fact]
    public void The_cnn_has_defaults_of_its_own_which_later_options_override_wherever_model_stands()
    {
        (SampleOptions? cnn, string? message) = SampleOptions.Parse(["--model", "cnn"]);
        (SampleOptions? overridden, _) = SampleOptions.Parse(["--epochs", "2", "--model=CNN"]);
        (SampleOptions? mlp, _) = SampleOptions.Parse(["--model", "mlp"]);

        Assert.Null(message);
        Assert.Equal(SampleOptions.ForModel(FashionModel.Cnn), cnn);
        Assert.Equal((FashionModel.Cnn, 6, 32, 1e-3, 1, 5), (cnn!.Model, cnn.Epochs, cnn.BatchSize, cnn.LearningRate, cnn.Seed, cnn.Patience));
        Assert.Equal("fashion-mnist-cnn-output", cnn.OutputDirectory);
        Assert.Equal(cnn with { Epochs = 2 }, overridden);
        Assert.Equal(new SampleOptions(), mlp);
        Assert.Contains("--model mlp|cnn", SampleOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("(default 20; cnn: 6)", SampleOptions.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "resnet", "--model takes mlp or cnn, not 'resnet'")]
    [InlineData("--epochs", "0", "--epochs must be at least 1, not 0")]
    [InlineData("--batch-size", "many", "--batch-size takes a whole number, not 'many'")]
    [InlineData("--learning-rate", "-1", "--learning-rate takes a positive number, not '-1'")]
    [InlineData("--colour", "red", "Unknown option --colour")]
    public void A_bad_option_is_named_and_the_usage_follows(string name, string value, string expected)
    {
        (SampleOptions? options, string? message) = SampleOptions.Parse([name, value]);

        Assert.Null(options);
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.Contains("Usage: dotnet run --project samples/FashionMnist", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_named()
    {
        (SampleOptions? options, string? message) = SampleOptions.Parse(["--data"]);

        Assert.Null(options);
        Assert.StartsWith("--data needs a value.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_data_says_how_to_install_it_and_how_to_point_elsewhere()
    {
        string empty = Directory.CreateTempSubdirectory("compilednet-no-fashion-").FullName;
        try
        {
            IReadOnlyList<string> missing = FashionData.MissingFiles(empty);
            FileNotFoundException error = Assert.Throws<FileNotFoundException>(() => FashionData.Load(empty, trainLimit: null));

            Assert.Equal(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"], missing);
            Assert.Contains($"Fashion-MNIST was not found in {empty}", error.Message, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install dataset-fashion-mnist", error.Message, StringComparison.Ordinal);
            Assert.Contains("--data DIR", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
