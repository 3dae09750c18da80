using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;

namespace CompiledNet;

/// <summary>
/// Saves and loads a network's parameters in CompiledNet's binary weight-file format (little-endian):
/// <code>
/// magic "CNETWGHT" (8 bytes) | format version u16 = 1 | precision u8 (0 float, 1 double) | reserved u8 = 0
/// architecture fingerprint u64 | description length i32 | description (UTF-8)
/// parameter count i32 | parameters (4 or 8 bytes each)
/// scaler kind u8 (0 none) [| feature count i32 | offsets | scales]
/// CRC-32 u32 of every byte before it
/// </code>
/// Saving writes a temporary file beside the target and renames it over the target, so a crash mid-save never
/// leaves a half-written model. Loading checks everything before it touches the network.
/// </summary>
public static partial class WeightFile
{
    /// <summary>The current format version.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "CNETWGHT"u8;

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters, and the <paramref name="scaler"/> its inputs were scaled with if
    /// any, to <paramref name="path"/>, replacing the file atomically.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="scaler"/> was fitted on another number of features than the network's inputs; nothing is written.
    /// </exception>
    /// <exception cref="WeightFileException">
    /// <paramref name="path"/> is a directory, or the file could not be written (its folder does not exist, access is
    /// denied, the disk is full); the message names <paramref name="path"/>, <see cref="Exception.InnerException"/> is
    /// the system's error, and any file already at <paramref name="path"/> is unchanged.
    /// </exception>
    public static void Save<T>(string path, INetwork<T> network, FeatureScaler<T>? scaler = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        if (scaler is not null && scaler.FeatureCount != network.InputSize)
        {
            throw new ArgumentException(
                Format("The feature scaler was fitted on {0} features, but the network takes {1} inputs.", scaler.FeatureCount, network.InputSize),
                nameof(scaler));
        }

        ScalerSection<T>? section = scaler is null
            ? null
            : new ScalerSection<T>((byte)scaler.Kind, scaler.Offsets.ToArray(), scaler.Scales.ToArray());
        WriteAtomically(path, Serialize(network, section));
    }

    /// <summary>
    /// Loads parameters saved by <see cref="Save{T}"/> into <paramref name="network"/>. Every check runs before the
    /// network is touched.
    /// </summary>
    /// <returns>The feature scaler saved with the weights, or null if none was.</returns>
    /// <exception cref="WeightFileException">
    /// <paramref name="path"/> is a directory, or the file is truncated, corrupted, from another architecture, or holds
    /// a scaler for another number of features than the network's inputs; the network is unchanged.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static FeatureScaler<T>? Load<T>(string path, INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        if (Directory.Exists(path))
        {
            throw new WeightFileException(Format("'{0}' is a directory, not a weight file.", path));
        }

        byte[] bytes = File.ReadAllBytes(path);
        WeightFileContents<T> contents = Deserialize(bytes, network, path);
        FeatureScaler<T>? scaler = null;
        if (contents.Scaler is { } section)
        {
            try
            {
                scaler = new FeatureScaler<T>((ScalingKind)section.Kind, section.Offsets, section.Scales);
            }
            catch (ArgumentException invalid)
            {
                throw new WeightFileException(Format("'{0}' holds an invalid feature scaler: {1}", path, invalid.Message));
            }
        }

        // Every check has passed: only now is the network touched.
        contents.Parameters.CopyTo(network.Parameters);
        return scaler;
    }

    /// <summary>Serialises the parameters (and an optional scaler section) to the bytes of a weight file.</summary>
    internal static byte[] Serialize<T>(INetwork<T> network, ScalerSection<T>? scaler)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkArchitecture architecture = network.Architecture;
        byte[] description = Encoding.UTF8.GetBytes(architecture.Description);
        int size = ScalarSize<T>();
        ReadOnlySpan<T> parameters = network.Parameters;
        int scalerBytes = scaler is null ? 1 : 1 + 4 + (2 * scaler.Value.Offsets.Length * size);
        var bytes = new byte[8 + 2 + 1 + 1 + 8 + 4 + description.Length + 4 + (parameters.Length * size) + scalerBytes + 4];
        var writer = new ByteWriter(bytes);
        writer.Bytes(Magic);
        writer.UInt16(FormatVersion);
        writer.Byte((byte)PrecisionOf<T>());
        writer.Byte(0);
        writer.UInt64(architecture.Fingerprint);
        writer.Int32(description.Length);
        writer.Bytes(description);
        writer.Int32(parameters.Length);
        writer.Scalars(parameters);
        if (scaler is { } section)
        {
            writer.Byte(section.Kind);
            writer.Int32(section.Offsets.Length);
            writer.Scalars<T>(section.Offsets);
            writer.Scalars<T>(section.Scales);
        }
        else
        {
            writer.Byte(0);
        }

        writer.UInt32(Crc32.Compute(bytes.AsSpan(0, writer.Position)));
        return bytes;
    }

    /// <summary>Saves <paramref name="bytes"/> atomically (<see cref="AtomicFile"/>), failing with a <see cref="WeightFileException"/>.</summary>
    internal static void WriteAtomically(string path, byte[] bytes) =>
        AtomicFile.Write(path, bytes, "the weights", (message, error) => error is null ? new WeightFileException(message) : new WeightFileException(message, error));

    internal static int ScalarSize<T>() => typeof(T) == typeof(double) ? 8 : 4;

    internal static Precision PrecisionOf<T>() => typeof(T) == typeof(double) ? Precision.Double : Precision.Single;

    internal static string Format(string format, params object[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);

    /// <summary>Writes little-endian values into a buffer sized in advance.</summary>
    private ref struct ByteWriter
    {
        private readonly Span<byte> _buffer;

        public ByteWriter(Span<byte> buffer)
        {
            _buffer = buffer;
            Position = 0;
        }

        public int Position { get; private set; }

        public void Byte(byte value) => _buffer[Position++] = value;

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_buffer.Slice(Position));
            Position += value.Length;
        }

        public void UInt16(ushort value) => Advance(2, BinaryPrimitives.TryWriteUInt16LittleEndian(_buffer.Slice(Position), value));

        public void Int32(int value) => Advance(4, BinaryPrimitives.TryWriteInt32LittleEndian(_buffer.Slice(Position), value));

        public void UInt32(uint value) => Advance(4, BinaryPrimitives.TryWriteUInt32LittleEndian(_buffer.Slice(Position), value));

        public void UInt64(ulong value) => Advance(8, BinaryPrimitives.TryWriteUInt64LittleEndian(_buffer.Slice(Position), value));

        public void Scalars<T>(ReadOnlySpan<T> values)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (T value in values)
            {
                if (typeof(T) == typeof(double))
                {
                    Advance(8, BinaryPrimitives.TryWriteDoubleLittleEndian(_buffer.Slice(Position), double.CreateTruncating(value)));
                }
                else
                {
                    Advance(4, BinaryPrimitives.TryWriteSingleLittleEndian(_buffer.Slice(Position), float.CreateTruncating(value)));
                }
            }
        }

        private void Advance(int count, bool written)
        {
            if (!written)
            {
                throw new InvalidOperationException("The weight-file buffer was sized too small.");
            }

            Position += count;
        }
    }
}
