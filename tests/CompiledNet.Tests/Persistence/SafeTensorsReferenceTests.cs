using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>The network of samples/FromPyTorch: 2 → 16 tanh → 16 tanh → 2 softmax, trained in PyTorch.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(2)]
[Dense(16, Activation.Tanh)]
[Dense(16, Activation.Tanh)]
[Dense(2, Activation.Softmax)]
public partial class StSpiralNet;

/// <summary>
/// Files made from PyTorch by SafeTensorsReference/make_reference.py: the state_dict of torch's
/// nn.Sequential(Linear(3, 5), Tanh(), Linear(5, 2), Sigmoid()) as F32, F64, F16 and BF16, written in the layout of
/// safetensors.torch.save_file by a re-implementation of it (the safetensors package itself is not installed on the
/// machine that made them), with torch's parameters and outputs in reference.json.
/// </summary>
public sealed class SafeTensorsReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(SafeTensorsKit.ReferenceFolder, "reference.json"))).RootElement;

    [Fact]
    public void The_F32_file_loads_torchs_parameters_and_computes_torchs_outputs()
    {
        var network = new PersistFloatNet(1);
        SafeTensors.Load(ReferenceFile("f32"), network);

        Assert.Equal(Expected("F32").Select(v => (float)v), network.Parameters.ToArray());
        double[][] inputs = Rows("inputs");
        double[][] outputs = Rows("outputs");
        var output = new float[2];
        for (int i = 0; i < inputs.Length; i++)
        {
            network.Forward(inputs[i].Select(v => (float)v).ToArray(), output);
            for (int k = 0; k < output.Length; k++)
            {
                Assert.True(Math.Abs(output[k] - outputs[i][k]) <= 1e-6, $"input {i}, output {k}: {output[k]} against torch's {outputs[i][k]}");
            }
        }
    }

    [Fact]
    public void Saving_torchs_weights_gives_the_bytes_of_save_file()
    {
        var single = new PersistFloatNet(1);
        byte[] f32 = ReferenceFile("f32");
        SafeTensors.Load(f32, single);
        Assert.Equal(f32, SafeTensors.ToBytes(single));

        var twin = new PersistDoubleNet(1);
        byte[] f64 = ReferenceFile("f64");
        SafeTensors.Load(f64, twin);
        Assert.Equal(f64, SafeTensors.ToBytes(twin));
    }

    [Fact]
    public void The_F64_file_loads_exactly_into_a_double_network()
    {
        var network = new PersistDoubleNet(1);
        SafeTensors.Load(ReferenceFile("f64"), network);
        Assert.Equal(Expected("F64"), network.Parameters.ToArray());
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void Half_precision_files_load_as_torch_converts_them(string dtype)
    {
        var network = new PersistFloatNet(1);
        SafeTensors.Load(ReferenceFile(dtype.ToLowerInvariant()), network);
        Assert.Equal(Expected(dtype).Select(v => (float)v), network.Parameters.ToArray());

        var wide = new PersistDoubleNet(1);
        SafeTensors.Load(ReferenceFile(dtype.ToLowerInvariant()), wide);
        Assert.Equal(Expected(dtype), wide.Parameters.ToArray());
    }

    [Fact]
    public void The_F32_file_loads_into_a_double_network_widened_exactly()
    {
        var network = new PersistDoubleNet(1);
        SafeTensors.Load(ReferenceFile("f32"), network);
        Assert.Equal(Expected("F32"), network.Parameters.ToArray());
    }

    [Fact]
    public void The_trained_spiral_of_the_FromPyTorch_sample_loads_and_gives_torchs_probabilities()
    {
        string models = Path.Combine(SafeTensorsKit.ReferenceFolder, "..", "..", "..", "..", "samples", "FromPyTorch", "models");
        byte[] file = File.ReadAllBytes(Path.Combine(models, "spiral.safetensors"));
        JsonElement expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "expected.json"))).RootElement;
        var network = new StSpiralNet(1);

        SafeTensors.Load(file, network);

        Assert.Equal(file, SafeTensors.ToBytes(network));
        double[][] inputs = expected.GetProperty("test_inputs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        double[][] probabilities = expected.GetProperty("torch_probabilities").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(100, inputs.Length);
        var output = new float[2];
        for (int i = 0; i < inputs.Length; i++)
        {
            network.Forward(inputs[i].Select(v => (float)v).ToArray(), output);
            for (int k = 0; k < 2; k++)
            {
                Assert.True(Math.Abs(output[k] - probabilities[i][k]) <= 1e-5, $"test input {i}, class {k}: {output[k]} against torch's {probabilities[i][k]}");
            }
        }
    }

    private static byte[] ReferenceFile(string dtype) => File.ReadAllBytes(Path.Combine(SafeTensorsKit.ReferenceFolder, $"reference_{dtype}.safetensors"));

    // Python writes each float32 value as the shortest double that parses back to it, so (float) of it is exact.
    private static double[] Expected(string dtype) => Reference.GetProperty("parameters").GetProperty(dtype).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[][] Rows(string name) => Reference.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
}
