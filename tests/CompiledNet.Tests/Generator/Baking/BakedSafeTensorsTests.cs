using System;
using System.IO;
using System.Linq;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Weights;
using CompiledNet.Tests.Convolution;
using CompiledNet.Tests.Persistence;
using Microsoft.CodeAnalysis;
using Xunit;

using GeneratorWeights = CompiledNet.Generator.Weights;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// [Network(Weights = "....safetensors")]: a file PyTorch (or SafeTensors.Save) wrote bakes in bit for bit as
/// SafeTensors.Load reads it, whatever its dtype, and one that does not fit is CNET023 or CNET024.
/// </summary>
public sealed class BakedSafeTensorsTests
{
    [Theory]
    [InlineData("reference_f32.safetensors")]
    [InlineData("reference_f64.safetensors")]
    [InlineData("reference_f16.safetensors")]
    [InlineData("reference_bf16.safetensors")]
    public void A_PyTorch_file_of_any_dtype_bakes_in_as_SafeTensors_Load_reads_it(string reference)
    {
        // The reference files hold nn.Sequential(Linear(3, 5), Tanh(), Linear(5, 2), Sigmoid()): PersistFloatNet's layers.
        byte[] file = File.ReadAllBytes(RepositoryPaths.InRoot("tests", "CompiledNet.Tests", "Persistence", "SafeTensorsReference", reference));
        using var project = new ProjectFiles();
        project.Write("models/torch.safetensors", file);

        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"models/torch.safetensors\""), project);
        var loaded = new PersistFloatNet(seed: 9);
        SafeTensors.Load(file, loaded);

        Assert.Equal(Bits(loaded.Parameters), Bits(baked.Parameters));
    }

    [Fact]
    public void A_double_network_bakes_in_its_own_saved_file_bit_for_bit()
    {
        var saved = new PersistDoubleNet(seed: 6);
        saved.Parameters[0] = -0.0;
        saved.Parameters[1] = double.Epsilon;
        using var project = new ProjectFiles();
        project.Write("net.safetensors", SafeTensors.ToBytes(saved));

        INetwork<double> baked = BakedNetworks.Create<double>(BakedNetworks.FloatNet("\"net.safetensors\"", network: "Precision = Precision.Double, "), project);

        Assert.Equal(saved.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), baked.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void The_trained_spiral_of_the_FromPyTorch_sample_bakes_in_as_loaded()
    {
        byte[] file = File.ReadAllBytes(RepositoryPaths.InRoot("samples", "FromPyTorch", "models", "spiral.safetensors"));
        using var project = new ProjectFiles();
        project.Write("spiral.safetensors", file);
        const string Source = """
            using CompiledNet;
            namespace Baking;
            [Network(Loss = Loss.CrossEntropy, Weights = "spiral.safetensors")]
            [Input(2)]
            [Dense(16, Activation.Tanh)]
            [Dense(16, Activation.Tanh)]
            [Dense(2, Activation.Softmax)]
            public partial class BakedNet;
            """;
        INetwork<float> baked = BakedNetworks.Create<float>(Source, project);
        Type unbaked = BakedNetworks.Create<float>(Source.Replace("Weights = \"spiral.safetensors\"", "Precision = Precision.Single", StringComparison.Ordinal), project).GetType();
        var loaded = (INetwork<float>)Activator.CreateInstance(unbaked)!;
        SafeTensors.Load(file, loaded);

        Assert.Equal(Bits(loaded.Parameters), Bits(baked.Parameters));
    }

    [Fact]
    public void A_convolutional_network_bakes_in_its_safetensors_file_as_loaded()
    {
        // WideKernelCnn's declaration: Conv2d 0 (4-D weight), LeakyReLU 1, MaxPool 2, Dropout 3, Flatten 4, Linear 5, ReLU 6, Linear 7.
        const string Source = """
            using CompiledNet;
            namespace Baking;
            [Network(Loss = Loss.CrossEntropy, Weights = "cnn.safetensors")]
            [Input(8, 11, 11)]
            [Conv2D(4, 5, Activation.LeakyReLU, Padding = 1, NegativeSlope = 0.1f)]
            [MaxPool2D(3, Stride = 2)]
            [Dropout(0.3)]
            [Dense(6, Activation.ReLU)]
            [Dense(3, Activation.Softmax)]
            public partial class BakedNet;
            """;
        var saved = new WideKernelCnn(seed: 4);
        PersistenceKit.Scramble(saved, 8);
        using var project = new ProjectFiles();
        project.Write("cnn.safetensors", SafeTensors.ToBytes(saved));

        INetwork<float> baked = BakedNetworks.Create<float>(Source, project);

        Assert.Equal(saved.Architecture.Description, baked.Architecture.Description);
        Assert.Equal(Bits(saved.Parameters), Bits(baked.Parameters));
        var input = new float[WideKernelCnn.InputSize];
        input.AsSpan().Fill(0.5f);
        var expected = new float[3];
        var actual = new float[3];
        saved.Forward(input, expected);
        baked.Forward(input, actual);
        Assert.Equal(expected, actual);

        // Another kernel's file is CNET024 with the 4-D shapes.
        project.Write("cnn.safetensors", SafeTensors.ToBytes(new TinyCnn(1)));
        GeneratorOutput output = BakedNetworks.Generate(Source, project);
        string message = DiagnosticAssert.Single(output, "CNET024", DiagnosticSeverity.Error, "\"cnn.safetensors\"", 3);
        Assert.Contains("'0.weight' [4, 8, 5, 5]", message, StringComparison.Ordinal);
        Assert.Contains("'0.weight' F32 [3, 1, 3, 3]", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TinyCnn")]
    [InlineData("StridedCnn")]
    [InlineData("WideKernelCnn")]
    [InlineData("PoolFirstCnn")]
    [InlineData("DoubleCnn")]
    [InlineData("FashionCnn")]
    [InlineData("DropoutMlp")]
    public void The_generator_names_and_shapes_a_convolutional_networks_tensors_as_the_runtime_does(string network)
    {
        // The declarations of the convolution tests, parsed by the generator, against the same types compiled here.
        string source = File.ReadAllText(RepositoryPaths.InRoot("tests", "CompiledNet.Tests", "Convolution", "ConvNetworks.cs"));
        NetworkSpec spec = WeightFileAgreementTests.SpecOf(GeneratorHarness.Compile("using CompiledNet;\n" + source), "CompiledNet.Tests.Convolution." + network);
        GeneratorWeights.SafeTensorsLayer[] baked = SafeTensorsBaking.LayersOf(spec);
        Type type = typeof(TinyCnn).Assembly.GetType("CompiledNet.Tests.Convolution." + network, throwOnError: true)!;
        var architecture = (NetworkArchitecture)type.GetProperty("Architecture")!.GetValue(Activator.CreateInstance(type))!;
        CompiledNet.SafeTensorsLayer[] loaded = SafeTensors.LayersOf(architecture);

        Assert.Equal(SafeTensorsLayout.DefaultNames(loaded), GeneratorWeights.SafeTensorsLayout.DefaultNames(baked));
        Assert.Equal(
            loaded.Where(l => l.HasParameters).SelectMany(l => new[] { l.WeightShape(), l.BiasShape() }),
            baked.Where(l => l.HasParameters).SelectMany(l => new[] { l.WeightShape(), l.BiasShape() }));
    }

    [Fact]
    public void A_truncated_file_is_CNET023()
    {
        using var project = new ProjectFiles();
        project.Write("net.safetensors", SafeTensors.ToBytes(new PersistFloatNet(1)).AsSpan(0, 6).ToArray());

        string message = Expect(project, "CNET023");
        Assert.Contains("the file has 6 bytes, but a safetensors file starts with an 8-byte header length", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_of_another_shape_are_CNET024_listing_expected_and_found()
    {
        using var project = new ProjectFiles();
        project.Write("net.safetensors", SafeTensors.ToBytes(new PersistWiderNet(1)));

        string message = Expect(project, "CNET024");
        Assert.Contains("[5, 3]", message, StringComparison.Ordinal);
        Assert.Contains("[6, 3]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_parameter_is_CNET023()
    {
        var network = new PersistFloatNet(1);
        network.Parameters[7] = float.NaN;
        using var project = new ProjectFiles();
        project.Write("net.safetensors", SafeTensors.ToBytes(network));

        Assert.Contains("parameter 7 is NaN; only finite parameters can be compiled in", Expect(project, "CNET023"), StringComparison.Ordinal);
    }

    private static string Expect(ProjectFiles project, string id)
    {
        GeneratorOutput output = BakedNetworks.Generate(BakedNetworks.FloatNet("\"net.safetensors\""), project);
        return DiagnosticAssert.Single(output, id, DiagnosticSeverity.Error, "\"net.safetensors\"", 3);
    }

    private static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
