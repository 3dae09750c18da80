using System;
using System.Buffers.Binary;
using System.Linq;
using CompiledNet.Tests.Persistence;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// Every way a weight file can fail to fit its [Network(Weights = ...)] is a CNET error at the Weights argument that
/// says what was expected and what was found; the generator never throws, and the network still generates, without
/// the baked members, so the error is the only one the user sees.
/// </summary>
public sealed class BakedWeightDiagnosticTests
{
    private const int AttributeLine = 3;

    [Fact]
    public void A_missing_file_is_CNET021_naming_where_it_was_looked_for()
    {
        using var project = new ProjectFiles();
        string message = Expect(project, "\"models/missing.cnet\"", "CNET021");

        Assert.Contains("'models/missing.cnet'", message, StringComparison.Ordinal);
        Assert.Contains(project.Directory.Replace('\\', '/') + "/models/missing.cnet", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_path_is_CNET021()
    {
        using var project = new ProjectFiles();
        Assert.Contains("the path is empty", Expect(project, "\"\"", "CNET021"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_on_disk_but_not_passed_to_the_compiler_is_CNET022_saying_how_to_pass_it()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)), passToCompiler: false);

        string message = Expect(project, "\"net.cnet\"", "CNET022");
        Assert.Contains("<AdditionalFiles Include=\"net.cnet\" />", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_project_folder_the_file_is_found_by_its_path_ending()
    {
        using var project = new ProjectFiles(withProjectDirectory: false);
        project.Write("models/net.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));

        Assert.NotNull(BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"models/net.cnet\""), project).GetType().GetProperty("BakedParameters"));
        Assert.Contains("<AdditionalFiles Include=\"other/net.cnet\" />", Expect(project, "\"other/net.cnet\"", "CNET022"), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_extension_is_CNET023()
    {
        using var project = new ProjectFiles();
        Assert.Contains("neither a .cnet file (WeightFile.Save) nor a .safetensors file", Expect(project, "\"net.bin\"", "CNET023"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("magic", "not a CompiledNet weight file: it starts with the bytes 584E455457474854, not 434E455457474854")]
    [InlineData("version", "format version 2, but this generator reads version 1")]
    [InlineData("truncated", "is truncated: reading the parameters needs bytes")]
    [InlineData("checksum", "corrupted: its checksum is 0x")]
    [InlineData("appended", "its sections end at byte")]
    [InlineData("nan", "parameter 4 is NaN; only finite parameters can be compiled in")]
    [InlineData("empty", "is truncated: reading the magic number needs bytes 0 to 8, but the file has only 0 bytes")]
    public void A_damaged_file_is_CNET023_naming_the_damage(string damage, string expected)
    {
        using var project = new ProjectFiles();
        byte[] file = BakedWeightsTests.SaveToBytes(new PersistFloatNet(1));
        project.Write("net.cnet", Damage(file, damage));

        Assert.Contains(expected, Expect(project, "\"net.cnet\"", "CNET023"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_is_CNET023()
    {
        using var project = new ProjectFiles();
        project.Pass("folder.cnet");
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(project.Directory, "folder.cnet"));

        Assert.Contains("it cannot be read", Expect(project, "\"folder.cnet\"", "CNET023"), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_architecture_is_CNET024_showing_both()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", BakedWeightsTests.SaveToBytes(new PersistWiderNet(1)));

        string message = Expect(project, "\"net.cnet\"", "CNET024");
        Assert.Contains("the network is \"Single; Input 3; Dense 5 Tanh; Dense 2 Sigmoid; MeanSquaredError\"", message, StringComparison.Ordinal);
        Assert.Contains("the file holds weights for \"Single; Input 3; Dense 6 Tanh; Dense 2 Sigmoid; MeanSquaredError\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_activation_parameter_is_CNET024()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", BakedWeightsTests.SaveToBytes(new PersistSteepLeakyNet(1)));
        string source = BakedNetworks.FloatNet("\"net.cnet\"").Replace("Activation.Tanh", "Activation.LeakyReLU", StringComparison.Ordinal);

        GeneratorOutput output = BakedNetworks.Generate(source, project);
        string message = DiagnosticAssert.Single(output, "CNET024", DiagnosticSeverity.Error, "\"net.cnet\"", AttributeLine);
        Assert.Contains("Dense 5 LeakyReLU(0.01)", message, StringComparison.Ordinal);
        Assert.Contains("Dense 5 LeakyReLU(0.2)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_precision_is_CNET024()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", BakedWeightsTests.SaveToBytes(new PersistDoubleNet(1)));

        Assert.Contains("the file holds Double parameters, but the network is declared with Precision.Single", Expect(project, "\"net.cnet\"", "CNET024"), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_parameter_count_behind_a_matching_description_is_CNET024()
    {
        using var project = new ProjectFiles();
        var network = new PersistFloatNet(1);
        byte[] file = WeightFileBytes(network.Architecture.Description, network.Architecture.Fingerprint, new float[31], scalerFeatures: 0);
        project.Write("net.cnet", file);

        Assert.Contains("the network has 32 parameters, but the file holds 31", Expect(project, "\"net.cnet\"", "CNET024"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_scaler_for_another_feature_count_is_CNET024()
    {
        using var project = new ProjectFiles();
        var network = new PersistFloatNet(1);
        byte[] file = WeightFileBytes(network.Architecture.Description, network.Architecture.Fingerprint, new float[32], scalerFeatures: 4);
        project.Write("net.cnet", file);

        Assert.Contains("the network takes 3 inputs, but the file's feature scaler covers 4 features", Expect(project, "\"net.cnet\"", "CNET024"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_file_still_generates_the_network_without_baked_members()
    {
        using var project = new ProjectFiles();
        GeneratorOutput output = BakedNetworks.Generate(BakedNetworks.FloatNet("\"missing.cnet\""), project);

        Assert.Empty(output.Exceptions);
        Assert.Equal(new[] { "CNET021" }, DiagnosticAssert.Ids(output));
        string source = Assert.Single(output.Sources).Value;
        Assert.DoesNotContain("BakedParameters", source, StringComparison.Ordinal);
        Assert.Empty(output.Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Fact]
    public void Only_on_a_network_that_bakes_weights_is_Predict_reserved()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));
        const string Member = "public partial class BakedNet\n{\n    public int Predict() => 1;\n}";

        string baking = BakedNetworks.FloatNet("\"net.cnet\"").Replace("public partial class BakedNet;", Member, StringComparison.Ordinal);
        string message = DiagnosticAssert.Single(BakedNetworks.Generate(baking, project), "CNET016", DiagnosticSeverity.Error, "Predict", 9);
        Assert.Contains("'Predict' is a name the generated part of network 'BakedNet' declares", message, StringComparison.Ordinal);

        string plain = baking.Replace("[Network(Weights = \"net.cnet\")]", string.Empty, StringComparison.Ordinal);
        Assert.Empty(BakedNetworks.Generate(plain, project).CompilationProblems.Select(d => d.ToString()));
    }

    private static string Expect(ProjectFiles project, string weights, string id)
    {
        GeneratorOutput output = BakedNetworks.Generate(BakedNetworks.FloatNet(weights), project);
        string message = DiagnosticAssert.Single(output, id, DiagnosticSeverity.Error, weights, AttributeLine);
        Assert.Contains("Network 'BakedNet'", message, StringComparison.Ordinal);
        return message;
    }

    private static byte[] Damage(byte[] file, string damage)
    {
        byte[] copy = file.ToArray();
        switch (damage)
        {
            case "magic":
                copy[0] = (byte)'X';
                return copy;
            case "version":
                copy[8] = 2;
                return copy;
            case "truncated":
                return copy.AsSpan(0, copy.Length / 2).ToArray();
            case "checksum":
                copy[copy.Length - 10] ^= 0x40;
                return copy;
            case "appended":
                return copy.Append((byte)0).ToArray();
            case "nan":
                var network = new PersistFloatNet(1);
                network.Parameters[4] = float.NaN;
                return BakedWeightsTests.SaveToBytes(network);
            case "empty":
                return Array.Empty<byte>();
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, "Unknown damage.");
        }
    }

    /// <summary>A float weight file written field by field, for contents WeightFile.Save never writes.</summary>
    internal static byte[] WeightFileBytes(string description, ulong fingerprint, float[] parameters, int scalerFeatures)
    {
        byte[] descriptionBytes = System.Text.Encoding.UTF8.GetBytes(description);
        var bytes = new System.Collections.Generic.List<byte>();
        bytes.AddRange("CNETWGHT"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes((ushort)1));
        bytes.Add(0);
        bytes.Add(0);
        bytes.AddRange(BitConverter.GetBytes(fingerprint));
        bytes.AddRange(BitConverter.GetBytes(descriptionBytes.Length));
        bytes.AddRange(descriptionBytes);
        bytes.AddRange(BitConverter.GetBytes(parameters.Length));
        bytes.AddRange(parameters.SelectMany(BitConverter.GetBytes));
        bytes.Add(scalerFeatures == 0 ? (byte)0 : (byte)ScalingKind.MinMax);
        if (scalerFeatures > 0)
        {
            bytes.AddRange(BitConverter.GetBytes(scalerFeatures));
            bytes.AddRange(Enumerable.Repeat(0f, scalerFeatures).SelectMany(BitConverter.GetBytes));
            bytes.AddRange(Enumerable.Repeat(1f, scalerFeatures).SelectMany(BitConverter.GetBytes));
        }

        byte[] body = bytes.ToArray();
        var checksum = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32.Compute(body));
        return body.Concat(checksum).ToArray();
    }
}
