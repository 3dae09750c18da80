using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>
/// The byte layout documented on <see cref="WeightFile"/>, read here by hand, and the messages for files that are
/// structurally sound and correctly checksummed but of another kind or version.
/// </summary>
public sealed class FormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_reference_crc32_gives_the_standard_check_value()
    {
        // The check value of CRC-32/ISO-HDLC (IEEE 802.3, zlib, PNG) for the ASCII digits 1 to 9.
        Assert.Equal(0xCBF43926u, ReferenceCrc32.Compute("123456789"u8));
    }

    [Fact]
    public void A_float_file_without_a_scaler_has_the_documented_layout()
    {
        var network = new PersistFloatNet(seed: 1);
        PersistenceKit.Scramble(network, seed: 2);
        byte[] file = SaveAndRead(network, scaler: null);

        var reader = new Reader(file);
        int end = ReadHeaderAndParameters(ref reader, network.Architecture, precision: 0, scalarSize: 4);
        float[] parameters = Enumerable.Range(0, network.Architecture.ParameterCount).Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(end - (network.Architecture.ParameterCount * 4) + (i * 4)))).ToArray();
        Assert.Equal(PersistenceKit.Bits<float>(network.Parameters), PersistenceKit.Bits<float>(parameters));

        Assert.Equal(0, reader.Byte()); // scaler kind: none
        AssertChecksumCloses(ref reader, file);
    }

    [Fact]
    public void A_double_file_with_a_scaler_has_the_documented_layout()
    {
        var network = new PersistDoubleNet(seed: 3);
        PersistenceKit.Scramble(network, seed: 4);
        FeatureScaler<double> scaler = PersistenceKit.Scaler<double>(ScalingKind.Standardize);
        byte[] file = SaveAndRead(network, scaler);

        var reader = new Reader(file);
        int end = ReadHeaderAndParameters(ref reader, network.Architecture, precision: 1, scalarSize: 8);
        double[] parameters = Enumerable.Range(0, network.Architecture.ParameterCount).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(end - (network.Architecture.ParameterCount * 8) + (i * 8)))).ToArray();
        Assert.Equal(PersistenceKit.Bits<double>(network.Parameters), PersistenceKit.Bits<double>(parameters));

        Assert.Equal((byte)ScalingKind.Standardize, reader.Byte());
        Assert.Equal(3, reader.Int32()); // feature count
        double[] offsets = { reader.Double(), reader.Double(), reader.Double() };
        double[] scales = { reader.Double(), reader.Double(), reader.Double() };
        Assert.Equal(scaler.Offsets, offsets);
        Assert.Equal(scaler.Scales, scales);
        AssertChecksumCloses(ref reader, file);
    }

    [Fact]
    public void A_float_scaler_section_holds_floats()
    {
        var network = new PersistFloatNet(seed: 5);
        FeatureScaler<float> scaler = PersistenceKit.Scaler<float>(ScalingKind.MinMax);
        byte[] file = SaveAndRead(network, scaler);

        int scalerStart = 24 + network.Architecture.Description.Length + 4 + (network.Architecture.ParameterCount * 4);
        Assert.Equal((byte)ScalingKind.MinMax, file[scalerStart]);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(scalerStart + 1)));
        float[] values = Enumerable.Range(0, 6).Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(scalerStart + 5 + (i * 4)))).ToArray();
        Assert.Equal(scaler.Offsets.Concat(scaler.Scales), values);
        Assert.Equal(scalerStart + 5 + 24 + 4, file.Length);
    }

    [Fact]
    public void A_wrong_magic_number_behind_a_valid_checksum_is_named()
    {
        byte[] file = SaveAndRead(new PersistFloatNet(seed: 1), scaler: null);
        Encoding.ASCII.GetBytes("CNETWGHX").CopyTo(file, 0);
        ReferenceCrc32.Reseal(file);

        WeightFileException error = LoadFails(file);

        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
        Assert.Contains("found", error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexString("CNETWGHT"u8), error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexString("CNETWGHX"u8), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_another_kind_is_named_as_not_a_weight_file()
    {
        byte[] file = Encoding.UTF8.GetBytes("{\"weights\": [0.1, 0.2, 0.3], \"bias\": 0.5}\n");

        WeightFileException error = LoadFails(file);

        Assert.Contains("not a CompiledNet weight file", error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexString(file.AsSpan(0, 8)), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    [InlineData(65535)]
    public void Another_format_version_behind_a_valid_checksum_is_named(int version)
    {
        byte[] file = SaveAndRead(new PersistFloatNet(seed: 1), scaler: null);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)version);
        ReferenceCrc32.Reseal(file);

        WeightFileException error = LoadFails(file);

        Assert.Contains($"version {version}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"reads version {WeightFile.FormatVersion}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_format_version_is_one()
    {
        Assert.Equal(1, WeightFile.FormatVersion);
    }

    [Fact]
    public void A_checksum_mismatch_names_both_checksums()
    {
        byte[] file = SaveAndRead(new PersistFloatNet(seed: 1), scaler: null);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4));
        file[30] ^= 0x10; // inside the description
        uint computed = ReferenceCrc32.Compute(file.AsSpan(0, file.Length - 4));

        WeightFileException error = LoadFails(file);

        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains($"0x{stored:X8}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"0x{computed:X8}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fingerprint_that_disagrees_with_the_description_is_refused()
    {
        // The architecture check compares the fingerprint too, not just the description.
        var network = new PersistFloatNet(seed: 1);
        byte[] file = SaveAndRead(network, scaler: null);
        file[12] ^= 0x01;
        ReferenceCrc32.Reseal(file);

        var target = new PersistFloatNet(seed: 2);
        float[] before = target.Parameters.ToArray();
        Assert.Throws<WeightFileException>(() => WeightFile.Load(Write(file), target));
        Assert.Equal(before, target.Parameters.ToArray());
    }

    /// <summary>Reads and checks every field up to the parameters; returns the offset just after them.</summary>
    private static int ReadHeaderAndParameters(ref Reader reader, NetworkArchitecture architecture, byte precision, int scalarSize)
    {
        Assert.Equal("CNETWGHT", Encoding.ASCII.GetString(reader.Bytes(8)));
        Assert.Equal(1, reader.UInt16()); // format version
        Assert.Equal(precision, reader.Byte());
        Assert.Equal(0, reader.Byte()); // reserved
        Assert.Equal(architecture.Fingerprint, reader.UInt64());
        Assert.Equal(Fnv1a64(Encoding.UTF8.GetBytes(architecture.Description)), architecture.Fingerprint);
        int descriptionLength = reader.Int32();
        Assert.Equal(architecture.Description, Encoding.UTF8.GetString(reader.Bytes(descriptionLength)));
        Assert.Equal(architecture.ParameterCount, reader.Int32());
        reader.Bytes(architecture.ParameterCount * scalarSize);
        return reader.Position;
    }

    private static void AssertChecksumCloses(ref Reader reader, byte[] file)
    {
        int checksumStart = reader.Position;
        Assert.Equal(ReferenceCrc32.Compute(file.AsSpan(0, checksumStart)), reader.UInt32());
        Assert.Equal(file.Length, reader.Position);
    }

    private static ulong Fnv1a64(byte[] bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }

        return hash;
    }

    private byte[] SaveAndRead<T>(INetwork<T> network, FeatureScaler<T>? scaler)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        string path = _folder.File("layout.cnet");
        WeightFile.Save(path, network, scaler);
        return File.ReadAllBytes(path);
    }

    private string Write(byte[] file)
    {
        string path = _folder.File("rewritten.cnet");
        File.WriteAllBytes(path, file);
        return path;
    }

    private WeightFileException LoadFails(byte[] file)
    {
        var target = new PersistFloatNet(seed: 9);
        float[] before = target.Parameters.ToArray();
        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Load(Write(file), target));
        Assert.Equal(before, target.Parameters.ToArray());
        return error;
    }

    /// <summary>Little-endian reads over a byte array.</summary>
    private ref struct Reader(byte[] bytes)
    {
        private readonly byte[] _bytes = bytes;

        public int Position { get; private set; }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            ReadOnlySpan<byte> span = _bytes.AsSpan(Position, count);
            Position += count;
            return span;
        }

        public byte Byte() => Bytes(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8));
    }
}
