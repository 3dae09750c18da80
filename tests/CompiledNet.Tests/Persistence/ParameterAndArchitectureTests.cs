using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>ExportParameters / ImportParameters, and what <see cref="NetworkArchitecture"/> says about a declared network.</summary>
public sealed class ParameterAndArchitectureTests
{
    [Fact]
    public void Export_then_import_round_trips_float_parameters()
    {
        var source = new PersistFloatNet(seed: 1);
        PersistenceKit.Scramble(source, seed: 2);
        var target = new PersistFloatNet(seed: 3);

        float[] exported = source.ExportParameters();
        target.ImportParameters(exported);

        Assert.Equal(PersistenceKit.Bits<float>(source.Parameters), PersistenceKit.Bits<float>(target.Parameters));
    }

    [Fact]
    public void Export_then_import_round_trips_double_parameters()
    {
        var source = new PersistDoubleNet(seed: 1);
        PersistenceKit.Scramble(source, seed: 2);
        var target = new PersistDoubleNet(seed: 3);

        target.ImportParameters(source.ExportParameters());

        Assert.Equal(PersistenceKit.Bits<double>(source.Parameters), PersistenceKit.Bits<double>(target.Parameters));
    }

    [Fact]
    public void Export_is_a_copy_and_import_copies()
    {
        var network = new PersistFloatNet(seed: 1);
        float[] exported = network.ExportParameters();
        float first = network.Parameters[0];

        exported[0] = first + 1;
        Assert.Equal(first, network.Parameters[0]);

        network.ImportParameters(exported);
        exported[0] = first + 2;
        Assert.Equal(first + 1, network.Parameters[0]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-22)]
    public void Import_of_the_wrong_length_throws_naming_both_lengths_and_changes_nothing(int difference)
    {
        var network = new PersistFloatNet(seed: 1);
        float[] before = network.Parameters.ToArray();
        var values = new float[PersistFloatNet.ParameterCount + difference];
        Array.Fill(values, 7f);

        ArgumentException error = Assert.Throws<ArgumentException>(() => network.ImportParameters(values));

        Assert.Contains(PersistFloatNet.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void The_parameter_layout_is_weights_row_major_then_biases_per_layer()
    {
        // Set one weight and one bias of the first layer and read them back through Forward on a one-hot input.
        var network = new PersistFloatNet(seed: 1);
        network.Parameters.Clear();
        network.Parameters[(1 * 3) + 2] = 2f; // layer 1, neuron 1, input 2
        network.Parameters[15 + 1] = 0.5f; // layer 1, bias of neuron 1
        network.Parameters[20 + (0 * 5) + 1] = 1f; // layer 2, output 0 reads neuron 1
        Assert.Equal((3 * 5) + 5 + (5 * 2) + 2, PersistFloatNet.ParameterCount);

        var output = new float[2];
        network.Forward(new[] { 0f, 0f, 1f }, output);

        Assert.Equal(1 / (1 + MathF.Exp(-MathF.Tanh(2.5f))), output[0], 6);
        Assert.Equal(0.5f, output[1]);
    }

    [Fact]
    public void The_description_reads_as_documented()
    {
        Assert.Equal("Single; Input 3; Dense 5 Tanh; Dense 2 Sigmoid; MeanSquaredError", new PersistFloatNet().Architecture.Description);
        Assert.Equal("Double; Input 3; Dense 5 Tanh; Dense 2 Sigmoid; MeanSquaredError", new PersistDoubleNet().Architecture.Description);
        Assert.Equal("Single; Input 3; Dense 5 Tanh; Dense 2 Sigmoid; BinaryCrossEntropy", new PersistBinaryNet().Architecture.Description);
        Assert.Equal("Single; Input 3; Dense 5 LeakyReLU(0.2); Dense 2 Sigmoid; MeanSquaredError", new PersistSteepLeakyNet().Architecture.Description);
        Assert.Equal("Single; Input 3; Dense 5 ELU(0.5); Dense 2 Sigmoid; MeanSquaredError", new PersistSoftEluNet().Architecture.Description);
        Assert.Equal(new PersistFloatNet().Architecture.Description, new PersistFloatNet().Architecture.ToString());
    }

    [Fact]
    public void The_architecture_matches_the_declaration()
    {
        NetworkArchitecture architecture = new PersistSteepLeakyNet().Architecture;

        Assert.Equal(Precision.Single, architecture.Precision);
        Assert.Equal(3, architecture.InputSize);
        Assert.Equal(2, architecture.OutputSize);
        Assert.Equal(Loss.MeanSquaredError, architecture.Loss);
        Assert.Equal(PersistSteepLeakyNet.ParameterCount, architecture.ParameterCount);
        Assert.Equal(2, architecture.Layers.Count);
        Assert.Equal(new DenseLayerInfo(5, Activation.LeakyReLU, NegativeSlope: 0.2f), architecture.Layers[0]);
        Assert.Equal(Activation.Sigmoid, Assert.IsType<DenseLayerInfo>(architecture.Layers[1]).Activation);
    }

    [Fact]
    public void Only_the_leaky_relu_slope_differs_yet_the_fingerprints_differ()
    {
        NetworkArchitecture standard = new PersistLeakyNet().Architecture;
        NetworkArchitecture steep = new PersistSteepLeakyNet().Architecture;

        Assert.Equal(standard.ParameterCount, steep.ParameterCount);
        Assert.NotEqual(standard.Fingerprint, steep.Fingerprint);
        Assert.NotEqual(standard, steep);
        Assert.Contains("LeakyReLU(0.01)", standard.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_elu_alpha_differs_yet_the_fingerprints_differ()
    {
        NetworkArchitecture standard = new PersistEluNet().Architecture;
        NetworkArchitecture soft = new PersistSoftEluNet().Architecture;

        Assert.NotEqual(standard.Fingerprint, soft.Fingerprint);
        Assert.NotEqual(standard, soft);
        Assert.Contains("ELU(1)", standard.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_declarations_in_two_classes_have_equal_architectures()
    {
        NetworkArchitecture first = new PersistFloatNet().Architecture;
        NetworkArchitecture second = new PersistFloatTwinNet().Architecture;

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.Description, second.Description);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Every_declared_variant_has_its_own_fingerprint()
    {
        ulong[] fingerprints =
        {
            new PersistFloatNet().Architecture.Fingerprint,
            new PersistDoubleNet().Architecture.Fingerprint,
            new PersistWiderNet().Architecture.Fingerprint,
            new PersistReluNet().Architecture.Fingerprint,
            new PersistBinaryNet().Architecture.Fingerprint,
            new PersistLeakyNet().Architecture.Fingerprint,
            new PersistSteepLeakyNet().Architecture.Fingerprint,
            new PersistEluNet().Architecture.Fingerprint,
            new PersistSoftEluNet().Architecture.Fingerprint,
        };

        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Fact]
    public void An_architecture_built_by_hand_equals_the_generated_one()
    {
        var byHand = new NetworkArchitecture(
            Precision.Single, 3, Loss.MeanSquaredError, new DenseLayerInfo(5, Activation.Tanh), new DenseLayerInfo(2, Activation.Sigmoid));

        Assert.Equal(new PersistFloatNet().Architecture, byHand);
        Assert.Equal(new PersistFloatNet().Architecture.Fingerprint, byHand.Fingerprint);
    }

    [Fact]
    public void Activation_parameters_of_other_activations_do_not_enter_the_description()
    {
        // The slope is ignored by Tanh, so it must not make two equal networks look different.
        var plain = new NetworkArchitecture(Precision.Single, 3, Loss.MeanSquaredError, new DenseLayerInfo(5, Activation.Tanh), new DenseLayerInfo(2, Activation.Sigmoid));
        var withSlope = new NetworkArchitecture(
            Precision.Single, 3, Loss.MeanSquaredError, new DenseLayerInfo(5, Activation.Tanh, NegativeSlope: 0.3f, Alpha: 2f), new DenseLayerInfo(2, Activation.Sigmoid));

        Assert.Equal(plain.Description, withSlope.Description);
        Assert.Equal(plain.Fingerprint, withSlope.Fingerprint);
    }
}
