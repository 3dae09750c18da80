using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>Saving and loading safetensors: round trips, names, matching and conversions.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Float_networks_of_every_activation_round_trip_bit_for_bit()
    {
        AssertRoundTrips(new PersistFloatNet(1), new PersistFloatNet(2));
        AssertRoundTrips(new StActivationsNet(1), new StActivationsNet(2));
        AssertRoundTrips(new StSoftmaxNet(1), new StSoftmaxNet(2));
        AssertRoundTrips(new StSingleNet(1), new StSingleNet(2));
    }

    [Fact]
    public void Double_networks_of_every_activation_round_trip_bit_for_bit()
    {
        AssertRoundTrips(new PersistDoubleNet(1), new PersistDoubleNet(2));
        AssertRoundTrips(new StActivationsDoubleNet(1), new StActivationsDoubleNet(2));
        AssertRoundTrips(new StSoftmaxDoubleNet(1), new StSoftmaxDoubleNet(2));
    }

    [Fact]
    public void Non_finite_values_and_negative_zero_round_trip()
    {
        var source = new PersistFloatNet(1);
        source.Parameters[0] = float.NaN;
        source.Parameters[1] = float.PositiveInfinity;
        source.Parameters[2] = float.NegativeInfinity;
        source.Parameters[3] = -0f;
        source.Parameters[4] = float.Epsilon;
        var target = new PersistFloatNet(2);

        SafeTensors.Load(SafeTensors.ToBytes(source), target);

        Assert.Equal(PersistenceKit.Bits<float>(source.Parameters), PersistenceKit.Bits<float>(target.Parameters));
    }

    [Fact]
    public void Save_writes_the_layout_of_save_file_under_the_default_names()
    {
        var network = new PersistFloatNet(1);
        byte[] bytes = SafeTensors.ToBytes(network);

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)length);
        Assert.Equal(0UL, length % 8);
        Assert.Equal(
            "{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,20]},"
            + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[5,3],\"data_offsets\":[20,80]},"
            + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[80,88]},"
            + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,5],\"data_offsets\":[88,128]}}",
            header.TrimEnd(' '));
        Assert.Equal(8 + (int)length + 128, bytes.Length);

        // The data: 0.bias, then 0.weight row-major, ...: the parameters (weight 15, bias 5, weight 10, bias 2) reordered.
        float[] parameters = network.Parameters.ToArray();
        float[] expected = [.. parameters[15..20], .. parameters[0..15], .. parameters[30..32], .. parameters[20..30]];
        Assert.Equal(SafeTensorsKit.F32(expected), bytes[(8 + (int)length)..]);
    }

    [Fact]
    public void Save_writes_F64_for_a_double_network()
    {
        byte[] bytes = SafeTensors.ToBytes(new PersistDoubleNet(1));
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Contains("\"0.weight\":{\"dtype\":\"F64\",\"shape\":[5,3],\"data_offsets\":[40,160]}", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_names_follow_the_modules_of_an_nn_Sequential()
    {
        Assert.Equal(
            ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias", "8.weight", "8.bias", "10.weight", "10.bias", "12.weight", "12.bias", "14.weight", "14.bias", "16.weight", "16.bias"],
            SafeTensorsLayout.DefaultNames(SafeTensors.LayersOf(new StActivationsNet(1).Architecture)));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], SafeTensorsLayout.DefaultNames(SafeTensors.LayersOf(new StSoftmaxNet(1).Architecture)));

        // A Linear (identity) layer has no activation module, so the next Linear is the next module.
        SafeTensorsLayer[] layers = [new(3, 4, hasActivationModule: false), new(4, 4, hasActivationModule: true), new(4, 2, hasActivationModule: false)];
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"], SafeTensorsLayout.DefaultNames(layers));
    }

    [Fact]
    public void Save_to_a_path_replaces_the_file_and_leaves_no_temporary_file()
    {
        var network = new PersistFloatNet(1);
        string path = _folder.File("model.safetensors");
        File.WriteAllText(path, "old");

        SafeTensors.Save(path, network);

        Assert.Equal(SafeTensors.ToBytes(network), File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], _folder.Entries());
        var loaded = new PersistFloatNet(2);
        SafeTensors.Load(path, loaded);
        Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void Save_to_a_directory_and_load_from_one_are_refused_by_name()
    {
        WeightFileException save = Assert.Throws<WeightFileException>(() => SafeTensors.Save(_folder.Path, new PersistFloatNet(1)));
        Assert.Contains(_folder.Path, save.Message, StringComparison.Ordinal);

        SafeTensorsException load = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(_folder.Path, new PersistFloatNet(1)));
        Assert.Contains(_folder.Path, load.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(_folder.File("missing.safetensors"), new PersistFloatNet(1)));
    }

    [Fact]
    public void A_damaged_file_on_disk_is_refused_naming_the_path()
    {
        string path = _folder.File("damaged.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        SafeTensorsException error = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(path, new PersistFloatNet(1)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("3 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_are_read_from_their_position_and_written_at_it()
    {
        var network = new PersistFloatNet(1);
        using var stream = new MemoryStream();
        stream.Write([9, 9, 9]);
        SafeTensors.Save(stream, network);
        stream.Position = 3;

        var loaded = new PersistFloatNet(2);
        SafeTensors.Load(stream, loaded);

        Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(SafeTensors.ToBytes(network), stream.ToArray()[3..]);
    }

    [Fact]
    public void The_default_names_load_in_any_order_of_the_header()
    {
        var source = new PersistFloatNet(1);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, "0.weight", "0.bias", "2.weight", "2.bias");
        var target = new PersistFloatNet(2);

        SafeTensors.Load(SafeTensorsKit.File(tensors[3], tensors[0], tensors[2], tensors[1]), target);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Theory]
    [InlineData("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")]
    [InlineData("model.layers.0.weight", "model.layers.0.bias", "model.layers.1.weight", "model.layers.1.bias")]
    [InlineData("encoder.weight", "encoder.bias", "head.weight", "head.bias")]
    [InlineData("layers.2.weight", "layers.2.bias", "layers.10.weight", "layers.10.bias")] // 2 before 10: numbers compare as numbers
    [InlineData("1.weight", "1.bias", "3.weight", "3.bias")]
    public void Other_names_load_by_order_and_shape(string w1, string b1, string w2, string b2)
    {
        var source = new PersistFloatNet(1);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, w1, b1, w2, b2);
        var target = new PersistFloatNet(2);

        // The header lists them backwards: only the natural order of the prefixes counts.
        byte[] file = SafeTensorsKit.File(tensors.Reverse().ToArray());
        SafeTensors.Load(file, target);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(SafeTensorsMatch.OrderAndShape, Bind(file, target).Match);
    }

    [Fact]
    public void A_lone_linear_layer_loads_from_weight_and_bias()
    {
        var source = new StSingleNet(1);
        var target = new StSingleNet(2);

        SafeTensors.Load(SafeTensorsKit.File(SafeTensorsKit.Tensors(source, "weight", "bias")), target);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Fact]
    public void Order_and_shape_refuses_pairs_that_do_not_fit_and_says_which()
    {
        var source = new PersistFloatNet(1);

        // fc10 sorts after fc9 numerically, so the 3→5 layer's pair is second and its shapes do not fit layer 1.
        byte[] swapped = SafeTensorsKit.File(SafeTensorsKit.Tensors(source, "fc10.weight", "fc10.bias", "fc9.weight", "fc9.bias"));
        SafeTensorsException error = SafeTensorsKit.LoadFails(swapped, new PersistFloatNet(2), "pairs in the wrong natural order");
        Assert.Contains("pair 1 is 'fc9.weight' [2, 5] and 'fc9.bias' [2], but layer 1 (3 → 5) needs [5, 3] and [5]", error.Message, StringComparison.Ordinal);

        StTensor[] tensors = SafeTensorsKit.Tensors(source, "a.weight", "a.bias", "b.weight", "b.bias");
        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File(tensors[0], tensors[1], tensors[2]), new PersistFloatNet(2), "a missing bias");
        Assert.Contains("'b.weight' has no 'b.bias' beside it", error.Message, StringComparison.Ordinal);

        var stray = new StTensor("running_mean", "F32", [5], SafeTensorsKit.F32(1, 2, 3, 4, 5));
        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File([.. tensors, stray]), new PersistFloatNet(2), "a stray tensor");
        Assert.Contains("'running_mean' is neither a weight nor a bias", error.Message, StringComparison.Ordinal);

        StTensor[] three = SafeTensorsKit.Tensors(new StSingleNet(1), "c.weight", "c.bias");
        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File([.. tensors, .. three]), new PersistFloatNet(2), "a third pair");
        Assert.Contains("holds 3 weight/bias pairs (a.*, b.*, c.*), but the network has 2 layers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_map_chooses_the_tensors_and_others_are_ignored()
    {
        var source = new PersistFloatNet(1);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, "enc.w", "enc.b", "head.w", "head.b");
        var extra = new StTensor("num_batches_tracked", "I64", [], new byte[8]);
        byte[] file = SafeTensorsKit.File([extra, .. tensors]);
        var names = new Dictionary<string, string> { ["0.weight"] = "enc.w", ["0.bias"] = "enc.b", ["2.weight"] = "head.w", ["2.bias"] = "head.b" };
        var target = new PersistFloatNet(2);

        SafeTensors.Load(file, target, names);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(SafeTensorsMatch.ExplicitMap, Bind(file, target, names).Match);
    }

    [Fact]
    public void An_explicit_map_overrides_the_default_names_and_unmapped_names_keep_theirs()
    {
        // The file holds the default names, but the map swaps nothing in but one bias, taken from another tensor.
        var source = new PersistFloatNet(1);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, "0.weight", "0.bias", "2.weight", "2.bias");
        var other = new StTensor("other.bias", "F32", [2], SafeTensorsKit.F32(7, 8));
        var target = new PersistFloatNet(2);

        SafeTensors.Load(SafeTensorsKit.File([.. tensors, other]), target, new Dictionary<string, string> { ["2.bias"] = "other.bias" });

        Assert.Equal(source.Parameters[..30].ToArray(), target.Parameters[..30].ToArray());
        Assert.Equal([7f, 8f], target.Parameters[30..].ToArray());
    }

    [Fact]
    public void A_map_of_a_name_the_network_does_not_have_is_an_argument_error()
    {
        byte[] file = SafeTensors.ToBytes(new PersistFloatNet(1));
        var target = new PersistFloatNet(2);
        float[] before = target.Parameters.ToArray();

        ArgumentException error = Assert.Throws<ArgumentException>(() => SafeTensors.Load(file, target, new Dictionary<string, string> { ["1.weight"] = "x" }));

        Assert.Equal("names", error.ParamName);
        Assert.Contains("'1.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.weight, 0.bias, 2.weight, 2.bias", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Parameters.ToArray());
    }

    [Fact]
    public void A_map_naming_a_missing_tensor_lists_the_expected_and_found_tensors()
    {
        byte[] file = SafeTensors.ToBytes(new PersistFloatNet(1));
        SafeTensorsException error = SafeTensorsKit.LoadFails(file, new PersistFloatNet(2), "map to a missing tensor", new Dictionary<string, string> { ["0.weight"] = "enc.w" });

        Assert.Contains("there is no tensor 'enc.w'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected (F32, F64, F16 or BF16): 'enc.w' [5, 3], '0.bias' [5], '2.weight' [2, 5], '2.bias' [2].", error.Message, StringComparison.Ordinal);
        Assert.Contains("Found: '0.bias' F32 [5], '0.weight' F32 [5, 3], '2.bias' F32 [2], '2.weight' F32 [2, 5].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_architecture_is_refused_listing_the_expected_and_found_tensors()
    {
        byte[] file = SafeTensors.ToBytes(new PersistWiderNet(1));
        SafeTensorsException error = SafeTensorsKit.LoadFails(file, new PersistFloatNet(2), "a wider network's file");

        Assert.Contains("tensor '0.weight' has the shape [6, 3], but layer 1 (3 → 5) needs its weight as [5, 3].", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected (F32, F64, F16 or BF16): '0.weight' [5, 3], '0.bias' [5], '2.weight' [2, 5], '2.bias' [2].", error.Message, StringComparison.Ordinal);
        Assert.Contains("Found: '0.bias' F32 [6], '0.weight' F32 [6, 3], '2.bias' F32 [2], '2.weight' F32 [2, 6].", error.Message, StringComparison.Ordinal);

        // More layers: not the default names of this network, and three pairs for two layers.
        error = SafeTensorsKit.LoadFails(SafeTensors.ToBytes(new StActivationsNet(1)), new PersistFloatNet(2), "a deeper network's file");
        Assert.Contains("holds 9 weight/bias pairs", error.Message, StringComparison.Ordinal);
        Assert.Contains("'16.weight' F32 [2, 4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F16_BF16_and_F64_convert_into_a_float_network_exactly()
    {
        // F16: 1, −2, 1/3 rounded to half (0.333251953125), the smallest subnormal 2^-24, the largest 65504, +∞, −0,
        // 2^-14 (the smallest normal), 0.1 rounded to half, −65504, 1.5, 2^15.
        ushort[] halves = [0x3C00, 0xC000, 0x3555, 0x0001, 0x7BFF, 0x7C00, 0x8000, 0x0400, 0x2E66, 0xFBFF, 0x3E00, 0x7800, 0x3800, 0x3400, 0x4400];
        float[] halfValues = [1f, -2f, 0.333251953125f, 5.9604644775390625E-08f, 65504f, float.PositiveInfinity, -0f, 6.103515625E-05f, 0.0999755859375f, -65504f, 1.5f, 32768f, 0.5f, 0.25f, 4f];

        // BF16: 1, π rounded (3.140625), −123.5, the smallest subnormal 2^-133, +∞.
        ushort[] brains = [0x3F80, 0x4049, 0xC2F7, 0x0001, 0x7F80];
        float[] brainValues = [1f, 3.140625f, -123.5f, 9.183549615799121E-41f, float.PositiveInfinity];

        // F64: 0.1 and 1 + 2^-30 round to nearest; 1e-50 underflows to 0; 1e39 overflows to +∞; 2^-149 stays.
        double[] doubles = [0.1, 1 + Math.Pow(2, -30), 1e-50, 1e39, Math.Pow(2, -149), -7.25];
        float[] doubleValues = [0.1f, 1f, 0f, float.PositiveInfinity, float.Epsilon, -7.25f];

        // PersistFloatNet: 0.weight [5, 3] = 15 values as F16; 0.bias [5] as BF16; 2.weight [2, 5] as F64 (10); 2.bias as F32.
        byte[] file = SafeTensorsKit.File(
            new StTensor("0.weight", "F16", [5, 3], SafeTensorsKit.U16(halves)),
            new StTensor("0.bias", "BF16", [5], SafeTensorsKit.U16(brains)),
            new StTensor("2.weight", "F64", [2, 5], SafeTensorsKit.F64([.. doubles, 2, 3, 4, 5])),
            new StTensor("2.bias", "F32", [2], SafeTensorsKit.F32(0.1f, -0.5f)));
        var network = new PersistFloatNet(1);

        SafeTensors.Load(file, network);

        float[] expected = [.. halfValues, .. brainValues, .. doubleValues, 2, 3, 4, 5, 0.1f, -0.5f];
        Assert.Equal(PersistenceKit.Bits<float>(expected), PersistenceKit.Bits<float>(network.Parameters));
    }

    [Fact]
    public void F32_F16_and_BF16_convert_into_a_double_network_exactly()
    {
        byte[] file = SafeTensorsKit.File(
            new StTensor("0.weight", "F32", [5, 3], SafeTensorsKit.F32(0.1f, -1f / 3, float.MaxValue, float.Epsilon, 16777217f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            new StTensor("0.bias", "F16", [5], SafeTensorsKit.U16(0x3555, 0x0001, 0x7BFF, 0xFC00, 0x2E66)),
            new StTensor("2.weight", "BF16", [2, 5], SafeTensorsKit.U16(0x3F80, 0x4049, 0xC2F7, 0x0001, 0x3DCD, 0, 0, 0, 0, 0)),
            new StTensor("2.bias", "F64", [2], SafeTensorsKit.F64(0.1, -1e300)));
        var network = new PersistDoubleNet(1);

        SafeTensors.Load(file, network);

        double[] expected =
        [
            0.100000001490116119384765625, -0.3333333432674407958984375, 3.4028234663852886E+38, 1.401298464324817E-45, 16777216, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0.333251953125, 5.9604644775390625E-08, 65504, double.NegativeInfinity, 0.0999755859375,
            1, 3.140625, -123.5, Math.Pow(2, -133), 0.10009765625, 0, 0, 0, 0, 0,
            0.1, -1e300,
        ];
        Assert.Equal(PersistenceKit.Bits<double>(expected), PersistenceKit.Bits<double>(network.Parameters));
    }

    [Fact]
    public void The_runtime_conversions_and_the_shared_decoder_agree_on_every_16_bit_pattern()
    {
        // The generator bakes through SafeTensorsLayout.ToDouble (no Half in netstandard2.0); the runtime converts with
        // Half and bit shifts. Both must give the same float and double for all 65,536 patterns of F16 and BF16.
        var bytes = new byte[2];
        var asFloat = new float[1];
        var asDouble = new double[1];
        foreach (string dtype in new[] { "F16", "BF16" })
        {
            for (int bits = 0; bits <= ushort.MaxValue; bits++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)bits);
                double shared = SafeTensorsLayout.ToDouble(bytes, dtype);
                SafeTensors.Convert<float>(bytes, dtype, asFloat);
                SafeTensors.Convert<double>(bytes, dtype, asDouble);
                if (double.IsNaN(shared))
                {
                    Assert.True(float.IsNaN(asFloat[0]) && double.IsNaN(asDouble[0]), $"{dtype} 0x{bits:X4}");
                    continue;
                }

                Assert.True(BitConverter.DoubleToInt64Bits(shared) == BitConverter.DoubleToInt64Bits(asDouble[0]), $"{dtype} 0x{bits:X4}: {shared} against {asDouble[0]}");
                Assert.True(BitConverter.SingleToInt32Bits((float)shared) == BitConverter.SingleToInt32Bits(asFloat[0]), $"{dtype} 0x{bits:X4} as float");
            }
        }
    }

    [Fact]
    public void The_shared_decoder_reads_F32_and_F64_exactly()
    {
        var random = new SeededRandom(31);
        var bytes = new byte[8];
        for (int i = 0; i < 10_000; i++)
        {
            ulong bits = random.NextUInt64();
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, bits);
            double f64 = SafeTensorsLayout.ToDouble(bytes, "F64");
            double f32 = SafeTensorsLayout.ToDouble(bytes.AsSpan(0, 4), "F32");
            float single = BinaryPrimitives.ReadSingleLittleEndian(bytes);
            Assert.Equal(bits, (ulong)BitConverter.DoubleToInt64Bits(f64));
            if (float.IsNaN(single))
            {
                Assert.True(double.IsNaN(f32));
            }
            else
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(single), BitConverter.DoubleToInt64Bits(f32));
            }
        }
    }

    [Fact]
    public void Read_gives_the_generator_the_parameters_in_layout_order()
    {
        var network = new PersistDoubleNet(1);
        PersistenceKit.Scramble(network, 5);

        double[] values = SafeTensorsLayout.Read(SafeTensors.ToBytes(network), SafeTensors.LayersOf(network.Architecture), names: null);

        Assert.Equal(network.Parameters.ToArray(), values);
    }

    [Theory]
    [InlineData("layers.2", "layers.10", -1)]
    [InlineData("layers.10", "layers.9", 1)]
    [InlineData("fc1", "fc1", 0)]
    [InlineData("fc01", "fc1", -1)] // equal as numbers: ordinal order breaks the tie
    [InlineData("a.2.b.10", "a.2.b.9", 1)]
    [InlineData("a", "a.0", -1)]
    [InlineData("", "0", -1)]
    [InlineData("99999999999999999999999", "100000000000000000000000", -1)] // longer than any integer type
    [InlineData("B", "a", -1)] // ordinal within text
    public void Natural_order_compares_numbers_as_numbers(string a, string b, int expected)
    {
        Assert.Equal(expected, SafeTensorsLayout.CompareNatural(a, b));
        Assert.Equal(-expected, SafeTensorsLayout.CompareNatural(b, a));
    }

    private static SafeTensorsBinding Bind<T>(byte[] file, INetwork<T> network, IReadOnlyDictionary<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SafeTensorsLayout.Bind(SafeTensorsHeader.Parse(file), SafeTensors.LayersOf(network.Architecture), names);

    private void AssertRoundTrips<T>(INetwork<T> source, INetwork<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        PersistenceKit.Scramble(source, seed: 11);
        string path = _folder.File(source.GetType().Name + ".safetensors");
        SafeTensors.Save(path, source);
        SafeTensors.Load(path, target);
        Assert.Equal(PersistenceKit.Bits<T>(source.Parameters), PersistenceKit.Bits<T>(target.Parameters));

        PersistenceKit.Scramble(target, seed: 12);
        SafeTensors.Load(SafeTensors.ToBytes(source), target);
        Assert.Equal(PersistenceKit.Bits<T>(source.Parameters), PersistenceKit.Bits<T>(target.Parameters));
        Assert.Equal(SafeTensorsMatch.DefaultNames, Bind(SafeTensors.ToBytes(source), target).Match);

        // The outputs follow: the loaded network computes what the saved one does.
        var input = new T[source.InputSize];
        input.AsSpan().Fill(T.CreateTruncating(0.3));
        var expected = new T[source.OutputSize];
        var actual = new T[source.OutputSize];
        source.Forward(input, expected);
        target.Forward(input, actual);
        Assert.Equal(expected, actual);
    }
}
