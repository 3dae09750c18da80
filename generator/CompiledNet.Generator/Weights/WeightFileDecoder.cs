using System;
using System.Globalization;
using System.Text;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Weights;

/// <summary>What a structurally sound weight file holds, before it is compared with a declaration.</summary>
internal sealed record DecodedWeightFile(
    PrecisionKind Precision,
    ulong Fingerprint,
    string Description,
    double[] Parameters,
    int ScalerKind,
    double[] ScalerOffsets,
    double[] ScalerScales);

/// <summary>
/// Reads the runtime's weight-file format (see WeightFile in the runtime) at build time: the generator cannot
/// reference the runtime, so this mirrors its reader, and a test checks both agree on every file the runtime writes.
/// <code>
/// magic "CNETWGHT" | version u16 = 1 | precision u8 | reserved u8 | fingerprint u64 | description i32 + UTF-8
/// parameter count i32 | parameters | scaler kind u8 [| feature count i32 | offsets | scales] | CRC-32 u32
/// </code>
/// </summary>
internal static class WeightFileDecoder
{
    public const ushort FormatVersion = 1;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CNETWGHT");

    /// <summary>The file's contents, or why they cannot be baked (a sentence fragment naming the numbers).</summary>
    public static (DecodedWeightFile? File, string? Problem) Decode(byte[] bytes)
    {
        try
        {
            return (Read(bytes), null);
        }
        catch (InvalidWeightFileException invalid)
        {
            return (null, invalid.Message);
        }
    }

    private static DecodedWeightFile Read(byte[] bytes)
    {
        var reader = new Reader(bytes);
        byte[] magic = reader.Bytes(Magic.Length, "the magic number");
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw Invalid("it is not a CompiledNet weight file: it starts with the bytes {0}, not {1} (\"CNETWGHT\")", Hex(magic), Hex(Magic));
        }

        ushort version = reader.UInt16("the format version");
        if (version != FormatVersion)
        {
            throw Invalid("it has weight-file format version {0}, but this generator reads version {1}", version, FormatVersion);
        }

        byte precisionByte = reader.Byte("the precision");
        if (precisionByte > 1)
        {
            throw Invalid("its precision byte is {0}; 0 (Single) and 1 (Double) are defined", precisionByte);
        }

        var precision = (PrecisionKind)precisionByte;
        reader.Byte("the reserved byte");
        ulong fingerprint = reader.UInt64("the architecture fingerprint");
        int descriptionLength = reader.Int32("the architecture description's length");
        string description = Encoding.UTF8.GetString(reader.Bytes(descriptionLength, "the architecture description"));
        int scalarSize = precision == PrecisionKind.Double ? 8 : 4;
        int parameterCount = reader.Int32("the parameter count");
        double[] parameters = reader.Scalars(parameterCount, scalarSize, "the parameters");
        int scalerKind = reader.Byte("the scaler kind");
        double[] offsets = Array.Empty<double>();
        double[] scales = Array.Empty<double>();
        if (scalerKind != 0)
        {
            int featureCount = reader.Int32("the scaler's feature count");
            offsets = reader.Scalars(featureCount, scalarSize, "the scaler's offsets");
            scales = reader.Scalars(featureCount, scalarSize, "the scaler's scales");
        }

        int checksumStart = reader.Position;
        uint stored = reader.UInt32("the checksum");
        if (reader.Position != bytes.Length)
        {
            throw Invalid("it is corrupted: its sections end at byte {0} but the file has {1} bytes", reader.Position, bytes.Length);
        }

        uint computed = Crc32(bytes, checksumStart);
        if (stored != computed)
        {
            throw Invalid("it is corrupted: its checksum is 0x{0:X8} but its contents give 0x{1:X8}", stored, computed);
        }

        CheckValues(parameters, scalerKind, offsets, scales);
        return new DecodedWeightFile(precision, fingerprint, description, parameters, scalerKind, offsets, scales);
    }

    // Literal data cannot spell a NaN's payload, and a scaler the runtime would refuse to load must not be baked either.
    private static void CheckValues(double[] parameters, int scalerKind, double[] offsets, double[] scales)
    {
        if (NonFiniteParameter(parameters) is { } problem)
        {
            throw new InvalidWeightFileException(problem);
        }

        if (scalerKind == 0)
        {
            return;
        }

        if (scalerKind is not (1 or 2))
        {
            throw Invalid("its scaler kind is {0}; 1 (MinMax) and 2 (Standardize) are defined", scalerKind);
        }

        if (offsets.Length == 0)
        {
            throw Invalid("its feature scaler covers 0 features");
        }

        for (int i = 0; i < offsets.Length; i++)
        {
            if (!IsFinite(offsets[i]))
            {
                throw Invalid("the scaler's offset {0} is {1}; offsets must be finite", i, offsets[i].ToString("R", CultureInfo.InvariantCulture));
            }

            if (!IsFinite(scales[i]) || scales[i] <= 0)
            {
                throw Invalid("the scaler's scale {0} is {1}; scales must be finite and positive", i, scales[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The first parameter a literal cannot carry exactly (NaN or an infinity), as a problem to report, or null.</summary>
    public static string? NonFiniteParameter(double[] parameters)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!IsFinite(parameters[i]))
            {
                return string.Format(CultureInfo.InvariantCulture, "parameter {0} is {1}; only finite parameters can be compiled in", i, parameters[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    /// <summary>CRC-32 (IEEE 802.3), as the runtime computes it over every byte before the checksum.</summary>
    private static uint Crc32(byte[] bytes, int count)
    {
        uint crc = 0xFFFFFFFFu;
        for (int i = 0; i < count; i++)
        {
            crc ^= bytes[i];
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static string Hex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty);

    private static InvalidWeightFileException Invalid(string format, params object[] arguments) =>
        new(string.Format(CultureInfo.InvariantCulture, format, arguments));

    private sealed class InvalidWeightFileException : Exception
    {
        public InvalidWeightFileException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Reads little-endian fields, naming the field and the byte counts when the file ends too soon.</summary>
    private sealed class Reader
    {
        private readonly byte[] _bytes;

        public Reader(byte[] bytes) => _bytes = bytes;

        public int Position { get; private set; }

        // The count is a long: a damaged length field times the value size must not overflow before it is checked.
        public byte[] Bytes(long count, string what)
        {
            if (count < 0)
            {
                throw Invalid("it is corrupted: {0} has a negative length ({1})", what, count);
            }

            if (Position + count > _bytes.Length)
            {
                throw Invalid("it is truncated: reading {0} needs bytes {1} to {2}, but the file has only {3} bytes", what, Position, Position + count, _bytes.Length);
            }

            var slice = new byte[count];
            Array.Copy(_bytes, Position, slice, 0, count);
            Position += (int)count;
            return slice;
        }

        public byte Byte(string what) => Bytes(1, what)[0];

        public ushort UInt16(string what) => (ushort)Little(Bytes(2, what));

        public int Int32(string what) => (int)Little(Bytes(4, what));

        public uint UInt32(string what) => (uint)Little(Bytes(4, what));

        public ulong UInt64(string what) => Little(Bytes(8, what));

        public double[] Scalars(int count, int size, string what)
        {
            byte[] raw = Bytes((long)count * size, what);
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                ulong bits = Little(raw, i * size, size);
                values[i] = size == 8 ? BitConverter.Int64BitsToDouble((long)bits) : SingleFromBits((uint)bits);
            }

            return values;
        }

        private static ulong Little(byte[] bytes) => Little(bytes, 0, bytes.Length);

        private static ulong Little(byte[] bytes, int start, int count)
        {
            ulong value = 0;
            for (int i = count - 1; i >= 0; i--)
            {
                value = (value << 8) | bytes[start + i];
            }

            return value;
        }

        // netstandard2.0 has no BitConverter.Int32BitsToSingle.
        private static double SingleFromBits(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
    }
}
