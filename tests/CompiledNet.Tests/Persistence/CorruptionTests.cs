using System;
using System.Buffers.Binary;
using System.IO;
using System.Numerics;
using System.Text.RegularExpressions;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>
/// Damaged files: every load throws <see cref="WeightFileException"/> saying what was expected and found, and the
/// network being loaded into keeps its parameters.
/// </summary>
public sealed class CorruptionTests : IDisposable
{
    private const int Corruptions = 100;

    // What every message must contain: a number (an offset, a length, a count) or one of the words that says what failed.
    private static readonly Regex Explains = new(@"\d|expected|found|truncated|checksum", RegexOptions.IgnoreCase);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_hundred_random_corruptions_of_a_float_file_are_each_refused() =>
        AssertRandomCorruptionsRefused(new PersistFloatNet(1), new PersistFloatNet(2), seed: 201);

    [Fact]
    public void A_hundred_random_corruptions_of_a_double_file_are_each_refused() =>
        AssertRandomCorruptionsRefused(new PersistDoubleNet(1), new PersistDoubleNet(2), seed: 202);

    [Fact]
    public void Every_truncation_is_refused_as_truncated()
    {
        byte[] file = Saved(new PersistFloatNet(1), withScaler: true);
        var target = new PersistFloatNet(2);
        float[] before = target.Parameters.ToArray();

        for (int length = 0; length < file.Length; length++)
        {
            WeightFileException error = LoadFails(file.AsSpan(0, length).ToArray(), target, $"truncated to {length} bytes");
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
            Assert.Contains($"only {length} bytes", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, target.Parameters.ToArray());
        }
    }

    [Fact]
    public void A_flipped_bit_in_the_stored_values_is_caught_by_the_checksum()
    {
        byte[] file = Saved(new PersistFloatNet(1), withScaler: false);
        var target = new PersistFloatNet(2);
        int parameterStart = ParameterStart(file);

        for (int bit = 0; bit < 8; bit++)
        {
            byte[] damaged = (byte[])file.Clone();
            damaged[parameterStart + 5] ^= (byte)(1 << bit);
            WeightFileException error = LoadFails(damaged, target, $"bit {bit} of a parameter flipped");
            Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
            Assert.Contains($"0x{BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)):X8}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_appended_byte_is_refused_naming_both_lengths()
    {
        byte[] file = Saved(new PersistFloatNet(1), withScaler: true);
        byte[] longer = new byte[file.Length + 1];
        file.CopyTo(longer, 0);

        WeightFileException error = LoadFails(longer, new PersistFloatNet(2), "one byte appended");

        Assert.Contains($"{file.Length}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{longer.Length} bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A length field damaged into a huge or negative value (the file's checksum is not even reached): each is a
    /// damaged file like any other and must be refused with a <see cref="WeightFileException"/>.
    /// </summary>
    [Theory]
    [InlineData("description length", 0x7FFFFFFF)]
    [InlineData("description length", -5)]
    [InlineData("parameter count", 0x7FFFFFFF)]
    [InlineData("parameter count", 0x40000000)]
    [InlineData("parameter count", -5)]
    [InlineData("parameter count", int.MinValue)]
    [InlineData("feature count", 0x7FFFFFFF)]
    [InlineData("feature count", 0x20000000)]
    [InlineData("feature count", -5)]
    public void A_length_field_damaged_to_an_extreme_value_is_refused(string field, int value)
    {
        byte[] file = Saved(new PersistFloatNet(1), withScaler: true);
        int descriptionLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(20));
        int countOffset = 24 + descriptionLength;
        int parameterCount = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(countOffset));
        int offset = field switch
        {
            "description length" => 20,
            "parameter count" => countOffset,
            _ => countOffset + 4 + (parameterCount * 4) + 1,
        };
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(offset), value);

        var target = new PersistFloatNet(2);
        float[] before = target.Parameters.ToArray();
        LoadFails(file, target, $"{field} set to {value}");
        Assert.Equal(before, target.Parameters.ToArray());
    }

    [Fact]
    public void A_flipped_high_byte_of_the_parameter_count_is_refused()
    {
        // The smallest form of the previous test: one byte of a real file damaged, as a random flip may do.
        byte[] file = Saved(new PersistFloatNet(1), withScaler: false);
        int countOffset = 24 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(20));
        file[countOffset + 3] ^= 0x40;

        LoadFails(file, new PersistFloatNet(2), "high byte of the parameter count flipped");
    }

    [Fact]
    public void An_empty_file_is_refused_as_truncated()
    {
        WeightFileException error = LoadFails(Array.Empty<byte>(), new PersistFloatNet(1), "empty");
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_scaler_behind_a_valid_checksum_is_refused()
    {
        // Rewrite a scale to −1 and reseal: the structure and checksum pass, the scaler itself is invalid.
        byte[] file = Saved(new PersistFloatNet(1), withScaler: true);
        int featureCountOffset = ParameterStart(file) + (BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(ParameterStart(file) - 4)) * 4) + 1;
        int features = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(featureCountOffset));
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(featureCountOffset + 4 + (features * 4)), -1f);
        ReferenceCrc32.Reseal(file);

        var target = new PersistFloatNet(2);
        float[] before = target.Parameters.ToArray();
        WeightFileException error = LoadFails(file, target, "negative scale");

        Assert.Contains("scaler", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    private void AssertRandomCorruptionsRefused<T>(INetwork<T> source, INetwork<T> target, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] file = Saved(source, withScaler: true);
        long[] before = PersistenceKit.Bits<T>(target.Parameters);
        var random = new SeededRandom(seed);

        for (int i = 0; i < Corruptions; i++)
        {
            (byte[] damaged, string what) = (i switch
            {
                // The edge cases first, then a random mix.
                0 => 0,
                1 => 1,
                2 => 2,
                3 => 3,
                _ => random.NextInt32(4),
            }) switch
            {
                0 => Truncate(file, i switch { 0 => 0, 1 => file.Length - 4, 2 => file.Length - 1, _ => random.NextInt32(file.Length) }),
                1 => FlipByte(file, random.NextInt32(file.Length), (byte)(1 + random.NextInt32(255))),
                2 => FlipByte(file, random.NextInt32(file.Length), (byte)(1 << random.NextInt32(8))),
                _ => Append(file, (byte)random.NextInt32(256)),
            };

            LoadFails(damaged, target, $"corruption {i}: {what}");
            Assert.Equal(before, PersistenceKit.Bits<T>(target.Parameters));
        }
    }

    private static (byte[], string) Truncate(byte[] file, int length) => (file.AsSpan(0, length).ToArray(), $"truncated to {length} of {file.Length} bytes");

    private static (byte[], string) FlipByte(byte[] file, int position, byte mask)
    {
        byte[] damaged = (byte[])file.Clone();
        damaged[position] ^= mask;
        return (damaged, $"byte {position} XOR 0x{mask:X2}");
    }

    private static (byte[], string) Append(byte[] file, byte value)
    {
        byte[] damaged = new byte[file.Length + 1];
        file.CopyTo(damaged, 0);
        damaged[^1] = value;
        return (damaged, $"0x{value:X2} appended");
    }

    /// <summary>Loads <paramref name="bytes"/> and returns the <see cref="WeightFileException"/>, failing on anything else.</summary>
    private WeightFileException LoadFails<T>(byte[] bytes, INetwork<T> target, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = _folder.File("damaged.cnet");
        File.WriteAllBytes(path, bytes);
        Exception? thrown = Record.Exception(() => WeightFile.Load(path, target));

        Assert.True(thrown is WeightFileException, $"{what}: expected a WeightFileException but got {thrown?.GetType().Name ?? "no exception"}: {thrown?.Message}");
        Assert.Matches(Explains, thrown!.Message);
        Assert.Contains(path, thrown.Message, StringComparison.Ordinal);
        return (WeightFileException)thrown;
    }

    private byte[] Saved<T>(INetwork<T> network, bool withScaler)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        PersistenceKit.Scramble(network, seed: 203);
        string path = _folder.File("good.cnet");
        WeightFile.Save(path, network, withScaler ? PersistenceKit.Scaler<T>(ScalingKind.Standardize) : null);
        return File.ReadAllBytes(path);
    }

    /// <summary>The offset of the first parameter: after the fixed header, the description and the count.</summary>
    private static int ParameterStart(byte[] file) => 24 + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(20)) + 4;
}
