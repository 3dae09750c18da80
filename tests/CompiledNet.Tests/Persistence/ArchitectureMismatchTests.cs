using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>A file saved from one architecture does not load into another; the message shows both.</summary>
public sealed class ArchitectureMismatchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Another_layer_size_is_refused() => AssertRefused(new PersistFloatNet(1), new PersistWiderNet(2));

    [Fact]
    public void A_smaller_network_is_refused() => AssertRefused(new PersistWiderNet(1), new PersistFloatNet(2));

    [Fact]
    public void The_same_sizes_with_another_activation_are_refused()
    {
        Assert.Equal(PersistFloatNet.ParameterCount, PersistReluNet.ParameterCount);
        AssertRefused(new PersistFloatNet(1), new PersistReluNet(2));
    }

    [Fact]
    public void The_same_layers_with_another_loss_are_refused() => AssertRefused(new PersistFloatNet(1), new PersistBinaryNet(2));

    [Fact]
    public void Another_leaky_relu_slope_is_refused() => AssertRefused(new PersistLeakyNet(1), new PersistSteepLeakyNet(2));

    [Fact]
    public void Another_elu_alpha_is_refused() => AssertRefused(new PersistEluNet(1), new PersistSoftEluNet(2));

    [Fact]
    public void A_float_file_is_refused_by_a_double_network()
    {
        var saved = new PersistFloatNet(1);
        var target = new PersistDoubleNet(2);
        double[] before = target.Parameters.ToArray();
        string path = _folder.File("float.cnet");
        WeightFile.Save(path, saved);

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Load(path, target));

        AssertNamesBoth(error, saved.Architecture, target.Architecture);
        Assert.Contains("Single", error.Message, StringComparison.Ordinal);
        Assert.Contains("Double", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    [Fact]
    public void A_double_file_is_refused_by_a_float_network()
    {
        var saved = new PersistDoubleNet(1);
        var target = new PersistFloatNet(2);
        float[] before = target.Parameters.ToArray();
        string path = _folder.File("double.cnet");
        WeightFile.Save(path, saved);

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Load(path, target));

        AssertNamesBoth(error, saved.Architecture, target.Architecture);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    [Fact]
    public void A_refused_file_with_a_scaler_leaves_the_network_unchanged()
    {
        var saved = new PersistFloatNet(1);
        var target = new PersistWiderNet(2);
        float[] before = target.Parameters.ToArray();
        string path = _folder.File("scaled.cnet");
        WeightFile.Save(path, saved, PersistenceKit.Scaler<float>(ScalingKind.MinMax));

        Assert.Throws<WeightFileException>(() => WeightFile.Load(path, target));

        Assert.Equal(before, target.Parameters.ToArray());
    }

    private void AssertRefused<T>(INetwork<T> saved, INetwork<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.NotEqual(saved.Architecture.Description, target.Architecture.Description);
        T[] before = target.Parameters.ToArray();
        string path = _folder.File("other.cnet");
        WeightFile.Save(path, saved);

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Load(path, target));

        AssertNamesBoth(error, saved.Architecture, target.Architecture);
        Assert.Equal(before, target.Parameters.ToArray());

        // The file itself is fine: it still loads into a network of its own architecture.
        T[] savedParameters = saved.Parameters.ToArray();
        saved.Parameters.Clear();
        WeightFile.Load(path, saved);
        Assert.Equal(savedParameters, saved.Parameters.ToArray());
    }

    private static void AssertNamesBoth(WeightFileException error, NetworkArchitecture saved, NetworkArchitecture target)
    {
        Assert.Contains(saved.Description, error.Message, StringComparison.Ordinal);
        Assert.Contains(target.Description, error.Message, StringComparison.Ordinal);
    }
}
