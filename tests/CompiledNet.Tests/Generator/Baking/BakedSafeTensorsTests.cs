using System;
using System.IO;
using System.Linq;
using CompiledNet.Tests.Persistence;
using Microsoft.CodeAnalysis;
using Xunit;

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
