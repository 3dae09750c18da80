using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FashionMnist;
using Xunit;

namespace CompiledNet.Tests.FashionMnist;

/// <summary>
/// The sample end to end on the real data, cut down for CI: one epoch on the first 5,000 training images (the CNN:
/// 600), measured on all 10,000 test images, every output written. It needs Debian's dataset-fashion-mnist package,
/// which .ci/run installs; without it the test fails and says so.
/// </summary>
public sealed class FashionMnistSmokeTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("compilednet-fashion-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void One_epoch_on_5000_images_beats_70_percent_and_writes_every_output()
    {
        var log = new StringWriter();
        var options = new SampleOptions { Epochs = 1, TrainLimit = 5000, DataDirectory = InstalledData(), OutputDirectory = _output };

        ExperimentResult result = FashionExperiment.Run(options, new PlainTrainingView(log));

        Assert.IsType<FashionNet>(result.Network);
        Assert.True(result.Test.Accuracy > 0.70, $"Test accuracy {result.Test.Accuracy:P2} after one epoch on 5,000 images; expected above 70%.\n{log}");
        Assert.InRange(result.Test.MeanLoss, 0.1, 1.5);
        AssertOneEpochWroteEverything(result, log.ToString(), trainLimit: 5000, "fashion-net.cnet");
    }

    [Fact]
    public void The_cnn_trains_one_epoch_on_600_images_beats_chance_and_writes_every_output()
    {
        // Few images keep this quick; the CNN's accuracy at its defaults is measured in the README, not here.
        var log = new StringWriter();
        SampleOptions options = SampleOptions.ForModel(FashionModel.Cnn) with { Epochs = 1, TrainLimit = 600, DataDirectory = InstalledData(), OutputDirectory = _output };

        ExperimentResult result = FashionExperiment.Run(options, new PlainTrainingView(log));

        Assert.IsType<FashionCnn>(result.Network);
        Assert.True(result.Test.Accuracy > 0.30, $"Test accuracy {result.Test.Accuracy:P2} after one epoch on 600 images; expected well above chance (10%).\n{log}");
        Assert.Contains("CNN 1×28×28", log.ToString(), StringComparison.Ordinal);
        AssertOneEpochWroteEverything(result, log.ToString(), trainLimit: 600, "fashion-cnn.cnet");
        Assert.Contains("CNN 1×28×28", File.ReadAllText(result.Files.Report), StringComparison.Ordinal);
    }

    private static string InstalledData()
    {
        string data = SampleOptions.DefaultDataDirectory;
        IReadOnlyList<string> missing = FashionData.MissingFiles(data);
        Assert.True(
            missing.Count == 0,
            $"This test trains on the real Fashion-MNIST files. Install them with 'sudo apt-get install {FashionData.PackageName}' (.ci/run does).\n"
            + FashionData.MissingDataMessage(data, missing));
        return data;
    }

    private static void AssertOneEpochWroteEverything(ExperimentResult result, string log, int trainLimit, string weightsFileName)
    {
        Assert.Equal(10_000, result.Test.Total);
        Assert.Equal(trainLimit, result.TrainingCount + result.ValidationCount);
        Assert.Single(result.Epochs);
        Assert.Equal(1, result.BestEpoch);
        Assert.Contains("epoch  1/1: ", log, StringComparison.Ordinal);
        Assert.Contains("Test accuracy: ", log, StringComparison.Ordinal);

        OutputFiles files = result.Files;
        Assert.Equal(weightsFileName, Path.GetFileName(files.Weights));
        AssertPng(files.TrainingCurves);
        AssertPng(files.Misclassified);
        AssertWeightsReload(files.Weights, result.Network);
        AssertConfusionCsv(files.ConfusionMatrix, result.Test);
        string report = File.ReadAllText(files.Report);
        Assert.Contains("Test accuracy: ", report, StringComparison.Ordinal);
        Assert.Contains("Ankle boot", report, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(files.EpochLog).Length);
    }

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} holds only {bytes.Length} bytes.");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
    }

    // Into a fresh network of the same kind, as baking would read them.
    private static void AssertWeightsReload(string path, INetwork<float> trained)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var reloaded = (INetwork<float>)Activator.CreateInstance(trained.GetType())!;
        WeightFile.Load(path, reloaded);
        Assert.Equal(trained.ExportParameters(), reloaded.ExportParameters());
    }

    private static void AssertConfusionCsv(string path, ConfusionMatrix confusion)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(11, lines.Length);
        Assert.Equal("true class,T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot,samples,accuracy", lines[0]);
        Assert.StartsWith("Ankle boot,", lines[10], StringComparison.Ordinal);
        int total = lines.Skip(1).Sum(line => line.Split(',')[1..11].Sum(int.Parse));
        Assert.Equal(confusion.Total, total);
        Assert.Equal(10_000, total);
    }
}
