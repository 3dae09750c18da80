using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FashionMnist;
using Xunit;

namespace CompiledNet.Tests.FashionMnist;

/// <summary>
/// The sample end to end on the real data, cut down for CI: one epoch on the first 5,000 training images, measured
/// on all 10,000 test images, every output written. It needs Debian's dataset-fashion-mnist package, which .ci/run
/// installs; without it the test fails and says so.
/// </summary>
public sealed class FashionMnistSmokeTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("compilednet-fashion-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void One_epoch_on_5000_images_beats_70_percent_and_writes_every_output()
    {
        string data = SampleOptions.DefaultDataDirectory;
        IReadOnlyList<string> missing = FashionData.MissingFiles(data);
        Assert.True(
            missing.Count == 0,
            $"This test trains on the real Fashion-MNIST files. Install them with 'sudo apt-get install {FashionData.PackageName}' (.ci/run does).\n"
            + FashionData.MissingDataMessage(data, missing));
        var log = new StringWriter();
        var options = new SampleOptions { Epochs = 1, TrainLimit = 5000, OutputDirectory = _output };

        ExperimentResult result = FashionExperiment.Run(options, new PlainTrainingView(log));

        Assert.True(result.Test.Accuracy > 0.70, $"Test accuracy {result.Test.Accuracy:P2} after one epoch on 5,000 images; expected above 70%.\n{log}");
        Assert.Equal(10_000, result.Test.Total);
        Assert.InRange(result.Test.MeanLoss, 0.1, 1.5);
        Assert.Equal(5000, result.TrainingCount + result.ValidationCount);
        Assert.Single(result.Epochs);
        Assert.Equal(1, result.BestEpoch);
        Assert.Contains("epoch  1/1: ", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Test accuracy: ", log.ToString(), StringComparison.Ordinal);

        OutputFiles files = result.Files;
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

    private static void AssertWeightsReload(string path, FashionNet trained)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var reloaded = new FashionNet();
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
