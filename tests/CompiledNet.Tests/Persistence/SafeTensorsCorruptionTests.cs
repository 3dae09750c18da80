using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>
/// Malformed safetensors files: each is refused with a <see cref="SafeTensorsException"/> whose message has the
/// numbers, and the network being loaded into keeps its parameters.
/// </summary>
public sealed class SafeTensorsCorruptionTests
{
    // The tensors of PersistFloatNet under the default names, F32: 0.weight [5, 3] is 60 bytes, 0.bias 20, 2.weight 40, 2.bias 8.
    private static readonly StTensor[] Good = SafeTensorsKit.Tensors(Scrambled(), "0.weight", "0.bias", "2.weight", "2.bias");

    private static readonly byte[] Data = Good.SelectMany(t => t.Data).ToArray();

    [Fact]
    public void A_well_formed_hand_made_file_loads()
    {
        var network = new PersistFloatNet(2);
        SafeTensors.Load(SafeTensorsKit.File(Good), network);
        Assert.Equal(Scrambled().Parameters.ToArray(), network.Parameters.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_file_shorter_than_the_length_field_is_refused(int length)
    {
        SafeTensorsException error = Fails(new byte[length]);
        Assert.Contains($"The file has {length} bytes, but a safetensors file starts with an 8-byte header length.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(0x8000_0000UL)]
    public void A_header_length_past_the_file_is_refused(ulong length)
    {
        byte[] file = SafeTensorsKit.File(Good);
        BinaryPrimitives.WriteUInt64LittleEndian(file, length);
        SafeTensorsException error = Fails(file);
        Assert.Contains($"The header length field says {length} bytes, but only {file.Length - 8} bytes follow it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_over_the_official_limit_is_refused()
    {
        var file = new byte[8 + 100_000_001];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 100_000_001);
        SafeTensorsException error = Fails(file);
        Assert.Contains("The header is 100000001 bytes long; safetensors allows at most 100000000.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the header must start with '{'")]
    [InlineData(" {}", "the header must start with '{'")]
    [InlineData("[]", "the header must start with '{'")]
    [InlineData("{", "expected a tensor name as a string")]
    [InlineData("{\"a\"", "expected ':' after the key 'a'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "expected ',' or '}' after the entry 'a'")]
    [InlineData("{} x", "only whitespace may follow the header's object, but byte 0x78 does")]
    [InlineData("{}\0", "only whitespace may follow the header's object, but byte 0x00 does")]
    [InlineData("{'a':1}", "expected a tensor name as a string")]
    [InlineData("{\"a\":1}", "expected '{' to open the entry of tensor 'a'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", "tensor 'a' has no \"data_offsets\"")]
    [InlineData("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'a' has no \"dtype\"")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", "tensor 'a' has the key 'extra'; a tensor entry has only dtype, shape and data_offsets")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'a' has the key \"dtype\" twice")]
    [InlineData("{\"a\":{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}}", "expected the dtype of tensor 'a' as a string")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "the shape of tensor 'a' holds a negative number")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", "the shape of tensor 'a' holds a number that is not an integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1e2],\"data_offsets\":[0,4]}}", "the shape of tensor 'a' holds a number that is not an integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[01],\"data_offsets\":[0,4]}}", "the shape of tensor 'a' holds a number with a leading zero")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", "the shape of tensor 'a' must hold non-negative integers")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", "the data_offsets of tensor 'a' holds a number larger than 9223372036854775807")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", "tensor 'a' has 3 data_offsets; it needs two, [begin, end]")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1,],\"data_offsets\":[0,4]}}", "the shape of tensor 'a' must hold non-negative integers")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{}}", "the key 'a' appears twice")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "expected the string value of the __metadata__ key 'k' as a string")]
    [InlineData("{\"__metadata__\":[]}", "expected '{' or null for __metadata__")]
    [InlineData("{\"__metadata__\":{\"k\":\"v\",\"k\":\"w\"}}", "the __metadata__ key 'k' appears twice")]
    [InlineData("{\"a\\q\":{}}", "a string holds the invalid escape \\q")]
    [InlineData("{\"a\\ud800\":{}}", "a string holds a lone high surrogate \\uD800")]
    [InlineData("{\"a\\udc00\":{}}", "a string holds a lone low surrogate \\uDC00")]
    [InlineData("{\"a\\u12\":{}}", "a \\u escape needs four hex digits")]
    [InlineData("{\"a\tb\":{}}", "a string holds the raw control byte 0x09; JSON needs it escaped")]
    [InlineData("{\"a", "a string does not end before the header does")]
    public void A_header_that_is_not_a_safetensors_header_is_refused(string header, string problem)
    {
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, Array.Empty<byte>()));
        Assert.StartsWith("The header is not a valid safetensors header: at byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF_8_in_the_header_is_refused()
    {
        foreach (byte[] bad in new byte[][] { [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80] })
        {
            byte[] json = [.. "{\""u8, .. bad, .. "\":{}}"u8];
            byte[] file = new byte[8 + json.Length];
            BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
            json.CopyTo(file, 8);
            SafeTensorsException error = Fails(file);
            Assert.Contains("the header is not valid UTF-8", error.Message, StringComparison.Ordinal);
            Assert.Contains("at byte 2 of", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Escapes_metadata_and_whitespace_are_read_as_JSON_reads_them()
    {
        // Names spelled with escapes, metadata, whitespace everywhere, padding with newlines: still the default names.
        string header = "\r\n{ \"__metadata__\" : { \"format\" : \"pt\", \"note\": \"\\u00e9\\ud83d\\ude00 \\\"q\\\"\" } ,\n"
            + " \"\\u0030.weight\" : {\"dtype\":\"F32\", \"shape\" : [ 5 , 3 ] , \"data_offsets\":[0,60]},"
            + "\"0.bias\":{\"data_offsets\":[60,80],\"shape\":[5],\"dtype\":\"F32\"},"
            + "\"2\\u002eweight\":{\"dtype\":\"F32\",\"shape\":[2,5],\"data_offsets\":[80,120]},"
            + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[120,128]}}\t\n ";
        byte[] file = SafeTensorsKit.Raw(header.TrimStart(), Data);
        var network = new PersistFloatNet(2);

        SafeTensors.Load(file, network);

        Assert.Equal(Scrambled().Parameters.ToArray(), network.Parameters.ToArray());
        SafeTensorsHeader parsed = SafeTensorsHeader.Parse(file);
        Assert.Equal([new("format", "pt"), new("note", "é😀 \"q\"")], parsed.Metadata);
        Assert.Equal(SafeTensorsMatch.DefaultNames, SafeTensorsLayout.Bind(parsed, SafeTensors.LayersOf(network.Architecture), null).Match);
    }

    [Fact]
    public void Overlapping_offsets_are_refused()
    {
        string header = Header(("0.weight", 0, 60), ("0.bias", 56, 76), ("2.weight", 76, 116), ("2.bias", 116, 124));
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, Data[..124]));
        Assert.Contains("Tensor '0.bias' has data_offsets [56, 76], which overlap tensor '0.weight' at [0, 60].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_that_leave_a_gap_are_refused()
    {
        string header = Header(("0.weight", 0, 60), ("0.bias", 64, 84), ("2.weight", 84, 124), ("2.bias", 124, 132));
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, [.. Data, 0, 0, 0, 0]));
        Assert.Contains("Tensor '0.bias' has data_offsets [64, 84], which leave bytes 60 to 64 of the data section unused.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_that_run_backwards_are_refused()
    {
        string header = Header(("0.weight", 0, 60), ("0.bias", 80, 60), ("2.weight", 80, 120), ("2.bias", 120, 128));
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, Data));
        Assert.Contains("Tensor '0.bias' has data_offsets [80, 60], which run backwards.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_past_the_data_are_refused()
    {
        string header = Header(("0.weight", 0, 60), ("0.bias", 60, 80), ("2.weight", 80, 120), ("2.bias", 120, 128));
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, Data[..127]));
        Assert.Contains("Tensor '2.bias' has data_offsets [120, 128], past the end of the data section, which has 127 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_after_the_last_tensor_is_refused()
    {
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(SafeTensorsKit.Header(Good), [.. Data, 1, 2, 3]));
        Assert.Contains("The tensors end at byte 128 of the data section, but the data section has 131 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_count_that_is_not_shape_times_dtype_size_is_refused()
    {
        string header = Header(("0.weight", 0, 64), ("0.bias", 64, 80), ("2.weight", 80, 120), ("2.bias", 120, 128));
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, Data));
        Assert.Contains("Tensor '0.weight' is F32 [5, 3]: 15 elements of 32 bits, 60 bytes, but its data_offsets [0, 64] hold 64 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_whose_size_overflows_is_refused()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}";
        SafeTensorsException error = Fails(SafeTensorsKit.Raw(header, []));
        Assert.Contains("Tensor 'a' has the shape [4294967296, 4294967296], whose element count overflows.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_dtype_is_refused_naming_it()
    {
        StTensor[] tensors = [Good[0] with { DType = "F33" }, .. Good[1..]];
        SafeTensorsException error = Fails(SafeTensorsKit.File(tensors));
        Assert.Contains("Tensor '0.weight' has the unknown dtype \"F33\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I8", 1)]
    [InlineData("U8", 1)]
    [InlineData("BOOL", 1)]
    [InlineData("F8_E4M3", 1)]
    [InlineData("F8_E5M2", 1)]
    [InlineData("I16", 2)]
    [InlineData("I32", 4)]
    [InlineData("I64", 8)]
    public void A_dtype_CompiledNet_does_not_load_is_refused_naming_it(string dtype, int size)
    {
        StTensor[] tensors = [Good[0] with { DType = dtype, Data = new byte[15 * size] }, .. Good[1..]];
        SafeTensorsException error = Fails(SafeTensorsKit.File(tensors));
        Assert.Contains($"Tensor '0.weight' has the dtype {dtype}, which CompiledNet does not load: it converts F32, F64, F16 and BF16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_values_load_as_they_are()
    {
        StTensor[] tensors = [Good[0] with { Data = SafeTensorsKit.F32([float.NaN, float.PositiveInfinity, float.NegativeInfinity, .. new float[12]]) }, .. Good[1..]];
        var network = new PersistFloatNet(2);

        SafeTensors.Load(SafeTensorsKit.File(tensors), network);

        Assert.True(float.IsNaN(network.Parameters[0]));
        Assert.Equal(float.PositiveInfinity, network.Parameters[1]);
        Assert.Equal(float.NegativeInfinity, network.Parameters[2]);
    }

    [Fact]
    public void Empty_tensors_and_an_empty_header_are_well_formed_but_do_not_fit()
    {
        SafeTensorsException error = Fails(SafeTensorsKit.Raw("{}", []));
        Assert.Contains("Found: no tensors.", error.Message, StringComparison.Ordinal);

        // A zero-sized tensor has equal offsets, possibly at the very end of the data.
        SafeTensorsHeader header = SafeTensorsHeader.Parse(SafeTensorsKit.Raw("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[4,4]},\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4]));
        Assert.Equal(["e", "s"], header.Tensors.Select(t => t.Name));
        Assert.Equal(1, header.Tensors[1].ElementCount);
    }

    [Fact]
    public void Thousands_of_random_mutations_truncations_and_random_files_throw_only_SafeTensorsException()
    {
        AssertFuzzedLoadsFail(new PersistFloatNet(1), new PersistFloatNet(2), seed: 401, mutations: 3000);
        AssertFuzzedLoadsFail(new PersistDoubleNet(1), new PersistDoubleNet(2), seed: 402, mutations: 1500);
    }

    private static void AssertFuzzedLoadsFail<T>(INetwork<T> source, INetwork<T> target, int seed, int mutations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        PersistenceKit.Scramble(source, seed);
        byte[] file = SafeTensors.ToBytes(source);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var random = new SeededRandom(seed);
        int refused = 0;
        for (int i = 0; i < mutations; i++)
        {
            (byte[] damaged, string what) = random.NextInt32(7) switch
            {
                0 => Truncated(file, random.NextInt32(file.Length)),
                1 => Xored(file, random.NextInt32(file.Length), (byte)(1 + random.NextInt32(255))),

                // Mostly the header: that is where the parser and the checks are.
                2 or 3 => Xored(file, 8 + random.NextInt32(headerEnd - 8), (byte)(1 << random.NextInt32(8))),
                4 => Replaced(file, 8 + random.NextInt32(headerEnd - 8), JsonBytes[random.NextInt32(JsonBytes.Length)]),
                5 => Resized(file, headerEnd, random),
                _ => RandomBytes(random),
            };

            if (TryLoad(damaged, target, what, out long[] before))
            {
                continue;
            }

            refused++;
            Assert.True(before.SequenceEqual(PersistenceKit.Bits<T>(target.Parameters)), $"{what}: the network changed");
        }

        // Most damage is caught; some (a flipped data byte, a space turned into a tab) is harmless.
        Assert.True(refused > mutations / 2, $"only {refused} of {mutations} refused");
    }

    // Loads and reports whether it worked; any exception but SafeTensorsException fails the test.
    private static bool TryLoad<T>(byte[] bytes, INetwork<T> target, string what, out long[] before)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        before = PersistenceKit.Bits<T>(target.Parameters);
        try
        {
            SafeTensors.Load(bytes, target);
            return true;
        }
        catch (SafeTensorsException error)
        {
            Assert.Matches(Explains, error.Message);
            return false;
        }
        catch (Exception other)
        {
            Assert.Fail($"{what}: {other.GetType().Name} escaped: {other.Message}");
            return false;
        }
    }

    private static readonly Regex Explains = new(@"\d");

    // The bytes that make or break JSON, for replacements.
    private const string JsonBytes = "{}[],:\"\\0123456789 -.eEu";

    private static (byte[], string) Truncated(byte[] file, int length) => (file[..length], $"truncated to {length} bytes");

    private static (byte[], string) Xored(byte[] file, int position, byte mask)
    {
        byte[] damaged = (byte[])file.Clone();
        damaged[position] ^= mask;
        return (damaged, $"byte {position} XOR 0x{mask:X2}");
    }

    private static (byte[], string) Replaced(byte[] file, int position, char c)
    {
        byte[] damaged = (byte[])file.Clone();
        damaged[position] = (byte)c;
        return (damaged, $"byte {position} = '{c}'");
    }

    // A byte inserted into or removed from the header, the length field kept consistent, so the JSON itself is damaged.
    private static (byte[], string) Resized(byte[] file, int headerEnd, SeededRandom random)
    {
        int position = 8 + random.NextInt32(headerEnd - 8);
        byte[] damaged;
        string what;
        if (random.NextInt32(2) == 0)
        {
            damaged = [.. file[..position], .. file[(position + 1)..]];
            what = $"byte {position} removed";
        }
        else
        {
            byte inserted = (byte)"{}[],:\" 09\\"[random.NextInt32(11)];
            damaged = [.. file[..position], inserted, .. file[position..]];
            what = $"'{(char)inserted}' inserted at {position}";
        }

        BinaryPrimitives.WriteUInt64LittleEndian(damaged, (ulong)(headerEnd - 8 + damaged.Length - file.Length));
        return (damaged, what);
    }

    private static (byte[], string) RandomBytes(SeededRandom random)
    {
        var bytes = new byte[random.NextInt32(300)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.NextInt32(256);
        }

        // Half of them with a plausible length field, so the parser sees random "JSON".
        if (bytes.Length >= 8 && random.NextInt32(2) == 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)random.NextInt32(bytes.Length - 7));
            if (bytes.Length > 8)
            {
                bytes[8] = (byte)'{';
            }
        }

        return (bytes, $"{bytes.Length} random bytes");
    }

    private static string Header(params (string Name, int Begin, int End)[] tensors)
    {
        var shapes = new Dictionary<string, string> { ["0.weight"] = "[5,3]", ["0.bias"] = "[5]", ["2.weight"] = "[2,5]", ["2.bias"] = "[2]" };
        var json = new StringBuilder("{");
        foreach ((string name, int begin, int end) in tensors)
        {
            json.Append(json.Length == 1 ? string.Empty : ",").Append($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":{shapes[name]},\"data_offsets\":[{begin},{end}]}}");
        }

        return json.Append('}').ToString();
    }

    private static SafeTensorsException Fails(byte[] file) => SafeTensorsKit.LoadFails(file, new PersistFloatNet(2), "malformed file");

    private static PersistFloatNet Scrambled()
    {
        var network = new PersistFloatNet(1);
        PersistenceKit.Scramble(network, 21);
        return network;
    }
}
