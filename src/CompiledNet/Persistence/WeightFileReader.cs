using System;
using System.Buffers.Binary;
using System.IO;
using System.Numerics;
using System.Text;

namespace CompiledNet;

/// <summary>The optional feature-scaling section of a weight file, as raw values.</summary>
internal readonly record struct ScalerSection<T>(byte Kind, T[] Offsets, T[] Scales);

/// <summary>A weight file that passed every structural check, not yet applied to a network.</summary>
internal readonly record struct WeightFileContents<T>(T[] Parameters, ScalerSection<T>? Scaler);

public static partial class WeightFile
{
    /// <summary>Checks <paramref name="bytes"/> completely against <paramref name="network"/>'s architecture; changes nothing.</summary>
    internal static WeightFileContents<T> Deserialize<T>(byte[] bytes, INetwork<T> network, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reader = new ByteReader(bytes, source);
        ReadOnlySpan<byte> magic = reader.Bytes(Magic.Length, "the magic number");
        if (!magic.SequenceEqual(Magic))
        {
            throw new WeightFileException(Format(
                "'{0}' is not a CompiledNet weight file: expected the magic bytes {1} but found {2}.", source, Convert.ToHexString(Magic), Convert.ToHexString(magic)));
        }

        ushort version = reader.UInt16("the format version");
        if (version != FormatVersion)
        {
            throw new WeightFileException(Format("'{0}' has weight-file format version {1}, but this library reads version {2}.", source, version, FormatVersion));
        }

        byte precision = reader.Byte("the precision");
        reader.Byte("the reserved byte");
        ulong fingerprint = reader.UInt64("the architecture fingerprint");
        int descriptionLength = reader.Int32("the architecture description's length");
        string description = Encoding.UTF8.GetString(reader.Bytes(descriptionLength, "the architecture description"));
        int scalarSize = precision == (byte)Precision.Double ? 8 : 4;
        int parameterCount = reader.Int32("the parameter count");
        int parameterStart = reader.Position;
        reader.Bytes((long)parameterCount * scalarSize, "the parameters");
        byte scalerKind = reader.Byte("the scaler kind");
        int featureCount = 0;
        int scalerStart = reader.Position;
        if (scalerKind != 0)
        {
            featureCount = reader.Int32("the scaler's feature count");
            scalerStart = reader.Position;
            reader.Bytes(2L * featureCount * scalarSize, "the scaler's offsets and scales");
        }

        int checksumStart = reader.Position;
        uint storedChecksum = reader.UInt32("the checksum");
        if (reader.Position != bytes.Length)
        {
            throw new WeightFileException(Format(
                "'{0}' is corrupted: its sections end at byte {1} but the file has {2} bytes.", source, reader.Position, bytes.Length));
        }

        uint computedChecksum = Crc32.Compute(bytes.AsSpan(0, checksumStart));
        if (storedChecksum != computedChecksum)
        {
            throw new WeightFileException(Format(
                "'{0}' is corrupted: its checksum is 0x{1:X8} but its contents give 0x{2:X8}.", source, storedChecksum, computedChecksum));
        }

        NetworkArchitecture expected = network.Architecture;
        if (precision != (byte)PrecisionOf<T>() || fingerprint != expected.Fingerprint || description != expected.Description)
        {
            throw new WeightFileException(Format(
                "'{0}' holds weights for the network \"{1}\", but this network is \"{2}\".", source, description, expected.Description));
        }

        if (parameterCount != network.Parameters.Length)
        {
            throw new WeightFileException(Format(
                "'{0}' holds {1} parameters, but this network has {2}.", source, parameterCount, network.Parameters.Length));
        }

        if (scalerKind != 0 && featureCount != network.InputSize)
        {
            throw new WeightFileException(Format(
                "'{0}' holds a feature scaler for {1} features, but this network takes {2} inputs.", source, featureCount, network.InputSize));
        }

        var parameters = new T[parameterCount];
        ReadScalars<T>(bytes.AsSpan(parameterStart), parameters);
        if (scalerKind == 0)
        {
            return new WeightFileContents<T>(parameters, null);
        }

        var offsets = new T[featureCount];
        var scales = new T[featureCount];
        ReadScalars<T>(bytes.AsSpan(scalerStart), offsets);
        ReadScalars<T>(bytes.AsSpan(scalerStart + (featureCount * scalarSize)), scales);
        return new WeightFileContents<T>(parameters, new ScalerSection<T>(scalerKind, offsets, scales));
    }

    private static void ReadScalars<T>(ReadOnlySpan<byte> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = typeof(T) == typeof(double)
                ? T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(source.Slice(i * 8)))
                : T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(source.Slice(i * 4)));
        }
    }

    /// <summary>Reads little-endian values, naming the field and the byte counts when the file ends too soon.</summary>
    private ref struct ByteReader
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private readonly string _source;

        public ByteReader(ReadOnlySpan<byte> bytes, string source)
        {
            _bytes = bytes;
            _source = source;
            Position = 0;
        }

        public int Position { get; private set; }

        // The count is a long: a damaged length field times the value size must not overflow before it is checked.
        public ReadOnlySpan<byte> Bytes(long count, string what)
        {
            if (count < 0)
            {
                throw new WeightFileException(Format("'{0}' is corrupted: {1} has a negative length ({2}).", _source, what, count));
            }

            if ((long)Position + count > _bytes.Length)
            {
                throw new WeightFileException(Format(
                    "'{0}' is truncated: reading {1} needs bytes {2} to {3}, but the file has only {4} bytes.",
                    _source,
                    what,
                    Position,
                    (long)Position + count,
                    _bytes.Length));
            }

            ReadOnlySpan<byte> slice = _bytes.Slice(Position, (int)count);
            Position += (int)count;
            return slice;
        }

        public byte Byte(string what) => Bytes(1, what)[0];

        public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what));

        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what));

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

        public ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8, what));
    }
}
