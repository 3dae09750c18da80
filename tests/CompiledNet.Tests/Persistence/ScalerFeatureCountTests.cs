using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>A feature scaler belongs to the network's inputs: one for another number of features is refused on save and on load.</summary>
public sealed class ScalerFeatureCountTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Save_refuses_a_scaler_for_another_number_of_features_and_writes_nothing()
    {
        string path = _folder.File("model.cnet");

        ArgumentException error = Assert.Throws<ArgumentException>(() => WeightFile.Save(path, new PersistFloatNet(seed: 1), Scaler(features: 5)));

        Assert.Equal("scaler", error.ParamName);
        Assert.Contains("5 features", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 inputs", error.Message, StringComparison.Ordinal);
        Assert.Empty(_folder.Entries());
    }

    [Fact]
    public void Save_refusing_a_scaler_leaves_an_existing_file_unchanged()
    {
        string path = _folder.File("model.cnet");
        WeightFile.Save(path, new PersistFloatNet(seed: 1), PersistenceKit.Scaler<float>(ScalingKind.MinMax));
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => WeightFile.Save(path, new PersistFloatNet(seed: 2), Scaler(features: 2)));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "model.cnet" }, _folder.Entries());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(2)]
    [InlineData(1)]
    public void Load_refuses_a_file_whose_scaler_has_another_feature_count(int features)
    {
        string path = _folder.File("model.cnet");
        File.WriteAllBytes(path, FileWithScalerOf(new PersistFloatNet(seed: 1), features));
        var network = new PersistFloatNet(seed: 2);
        long[] before = PersistenceKit.Bits<float>(network.Parameters);

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Load(path, network));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{features} features", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 inputs", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, PersistenceKit.Bits<float>(network.Parameters));
    }

    [Fact]
    public void The_crafted_file_with_three_features_loads()
    {
        // The crafting itself is sound: the same bytes with the network's feature count are a valid file.
        string path = _folder.File("model.cnet");
        var source = new PersistFloatNet(seed: 1);
        File.WriteAllBytes(path, FileWithScalerOf(source, 3));
        var network = new PersistFloatNet(seed: 2);

        FeatureScaler<float>? scaler = WeightFile.Load(path, network);

        Assert.Equal(3, scaler!.FeatureCount);
        Assert.Equal(source.Parameters.ToArray(), network.Parameters.ToArray());
    }

    /// <summary>A standardising scaler fitted on rows of <paramref name="features"/> values.</summary>
    private static FeatureScaler<float> Scaler(int features)
    {
        var random = new Random(3);
        float[][] inputs = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, features).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        float[][] targets = inputs.Select(_ => new float[] { 0, 1 }).ToArray();
        return FeatureScaler<float>.FitStandardize(DataSet<float>.FromRows(inputs, targets));
    }

    /// <summary>
    /// A saved file without a scaler, its scaler section replaced by a min-max one of <paramref name="features"/>
    /// features (offsets 0.5, scales 2), resealed with a correct CRC-32.
    /// </summary>
    private byte[] FileWithScalerOf(INetwork<float> network, int features)
    {
        string plain = _folder.File("plain.cnet");
        WeightFile.Save(plain, network);
        byte[] saved = File.ReadAllBytes(plain);
        File.Delete(plain);

        // Everything before the scaler kind byte (the last byte before the checksum) is kept.
        int head = saved.Length - 5;
        byte[] file = new byte[head + 1 + 4 + (2 * features * 4) + 4];
        saved.AsSpan(0, head).CopyTo(file);
        file[head] = (byte)ScalingKind.MinMax;
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(head + 1), features);
        for (int i = 0; i < features; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(head + 5 + (i * 4)), 0.5f);
            BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(head + 5 + ((features + i) * 4)), 2f);
        }

        ReferenceCrc32.Reseal(file);
        return file;
    }
}
