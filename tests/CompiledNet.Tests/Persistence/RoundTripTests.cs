using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>Save then Load into a fresh network of the same type gives the same bits back, with or without a scaler.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_float_network_round_trips_bit_identically_without_a_scaler()
    {
        var saved = new PersistFloatNet(seed: 1);
        PersistenceKit.Scramble(saved, seed: 2);
        var loaded = new PersistFloatNet(seed: 3);
        Assert.NotEqual(saved.Parameters.ToArray(), loaded.Parameters.ToArray());

        WeightFile.Save(_folder.File("net.cnet"), saved);
        FeatureScaler<float>? scaler = WeightFile.Load(_folder.File("net.cnet"), loaded);

        Assert.Null(scaler);
        Assert.Equal(PersistenceKit.Bits<float>(saved.Parameters), PersistenceKit.Bits<float>(loaded.Parameters));
    }

    [Fact]
    public void A_double_network_round_trips_bit_identically_without_a_scaler()
    {
        var saved = new PersistDoubleNet(seed: 1);
        PersistenceKit.Scramble(saved, seed: 2);
        var loaded = new PersistDoubleNet(seed: 3);

        WeightFile.Save(_folder.File("net.cnet"), saved);
        FeatureScaler<double>? scaler = WeightFile.Load(_folder.File("net.cnet"), loaded);

        Assert.Null(scaler);
        Assert.Equal(PersistenceKit.Bits<double>(saved.Parameters), PersistenceKit.Bits<double>(loaded.Parameters));
    }

    [Theory]
    [InlineData(ScalingKind.MinMax)]
    [InlineData(ScalingKind.Standardize)]
    public void A_float_network_round_trips_with_its_scaler(ScalingKind kind) => AssertRoundTripWithScaler(new PersistFloatNet(1), new PersistFloatNet(2), kind);

    [Theory]
    [InlineData(ScalingKind.MinMax)]
    [InlineData(ScalingKind.Standardize)]
    public void A_double_network_round_trips_with_its_scaler(ScalingKind kind) => AssertRoundTripWithScaler(new PersistDoubleNet(1), new PersistDoubleNet(2), kind);

    [Fact]
    public void Special_values_round_trip_bit_for_bit()
    {
        var saved = new PersistFloatNet(seed: 1);
        float[] special = { -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-40f, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC01234) };
        special.CopyTo(saved.Parameters);
        var loaded = new PersistFloatNet(seed: 2);

        WeightFile.Save(_folder.File("special.cnet"), saved);
        WeightFile.Load(_folder.File("special.cnet"), loaded);

        Assert.Equal(PersistenceKit.Bits<float>(saved.Parameters), PersistenceKit.Bits<float>(loaded.Parameters));
    }

    [Fact]
    public void A_loaded_network_predicts_exactly_as_the_saved_one()
    {
        var saved = new PersistFloatNet(seed: 4);
        PersistenceKit.Scramble(saved, seed: 5);
        var loaded = new PersistFloatNet(seed: 6);
        WeightFile.Save(_folder.File("net.cnet"), saved);
        WeightFile.Load(_folder.File("net.cnet"), loaded);

        var random = new SeededRandom(8);
        var input = new float[3];
        var expected = new float[2];
        var actual = new float[2];
        for (int i = 0; i < 50; i++)
        {
            random.FillUniform<float>(input, 3);
            saved.Forward(input, expected);
            loaded.Forward(input, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_file_loads_into_another_class_declared_identically()
    {
        var saved = new PersistFloatNet(seed: 1);
        PersistenceKit.Scramble(saved, seed: 9);
        var twin = new PersistFloatTwinNet(seed: 2);

        WeightFile.Save(_folder.File("net.cnet"), saved);
        WeightFile.Load(_folder.File("net.cnet"), twin);

        Assert.Equal(saved.Parameters.ToArray(), twin.Parameters.ToArray());
    }

    [Fact]
    public void Saving_does_not_change_the_network_and_loading_twice_gives_the_same()
    {
        var saved = new PersistFloatNet(seed: 1);
        float[] before = saved.Parameters.ToArray();
        var loaded = new PersistFloatNet(seed: 2);

        WeightFile.Save(_folder.File("net.cnet"), saved, PersistenceKit.Scaler<float>(ScalingKind.MinMax));
        WeightFile.Load(_folder.File("net.cnet"), loaded);
        FeatureScaler<float>? again = WeightFile.Load(_folder.File("net.cnet"), loaded);

        Assert.Equal(before, saved.Parameters.ToArray());
        Assert.Equal(before, loaded.Parameters.ToArray());
        Assert.NotNull(again);
    }

    [Fact]
    public void A_trained_network_and_its_scaler_round_trip()
    {
        FeatureScaler<double> scaler = PersistenceKit.Scaler<double>(ScalingKind.Standardize);
        var network = new PersistDoubleNet(seed: 1);
        var random = new SeededRandom(10);
        var inputs = Enumerable.Range(0, 20).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();
        var targets = inputs.Select(x => new[] { x[0] > 0.5 ? 1.0 : 0.0, x[1] * x[2] }).ToArray();
        Trainer.Fit(network, scaler.Transform(DataSet<double>.FromRows(inputs, targets)), new Adam<double>(0.01), new TrainingOptions { Epochs = 5, BatchSize = 4 });

        WeightFile.Save(_folder.File("trained.cnet"), network, scaler);
        var loaded = new PersistDoubleNet(seed: 2);
        FeatureScaler<double> loadedScaler = WeightFile.Load(_folder.File("trained.cnet"), loaded)!;

        Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        double[] expected = new double[3], actual = new double[3];
        scaler.Transform(inputs[3], expected);
        loadedScaler.Transform(inputs[3], actual);
        Assert.Equal(expected, actual);
    }

    private void AssertRoundTripWithScaler<T>(INetwork<T> saved, INetwork<T> loaded, ScalingKind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        PersistenceKit.Scramble(saved, seed: 11);
        FeatureScaler<T> scaler = PersistenceKit.Scaler<T>(kind);

        WeightFile.Save(_folder.File("scaled.cnet"), saved, scaler);
        FeatureScaler<T>? restored = WeightFile.Load(_folder.File("scaled.cnet"), loaded);

        Assert.NotNull(restored);
        Assert.Equal(kind, restored.Kind);
        Assert.Equal(PersistenceKit.Bits<T>(scaler.Offsets.ToArray()), PersistenceKit.Bits<T>(restored.Offsets.ToArray()));
        Assert.Equal(PersistenceKit.Bits<T>(scaler.Scales.ToArray()), PersistenceKit.Bits<T>(restored.Scales.ToArray()));
        Assert.Equal(PersistenceKit.Bits<T>(saved.Parameters), PersistenceKit.Bits<T>(loaded.Parameters));
    }
}
