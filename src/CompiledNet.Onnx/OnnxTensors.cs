using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;
using Google.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>Converts between spans of T and ONNX tensors (FLOAT or DOUBLE, little-endian raw_data).</summary>
internal static class OnnxTensors
{
    public const int Float = (int)TensorProto.Types.DataType.Float;
    public const int Double = (int)TensorProto.Types.DataType.Double;

    /// <summary>The ONNX element type of T: FLOAT for float, DOUBLE for double.</summary>
    public static int ElementType<T>() => typeof(T) == typeof(double) ? Double : Float;

    /// <summary>A named tensor of T holding <paramref name="values"/> in raw_data, with the given shape.</summary>
    public static TensorProto Create<T>(string name, ReadOnlySpan<T> values, params long[] dims)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool isDouble = typeof(T) == typeof(double);
        int size = isDouble ? 8 : 4;
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (isDouble)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), double.CreateTruncating(values[i]));
            }
            else
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), float.CreateTruncating(values[i]));
            }
        }

        var tensor = new TensorProto { Name = name, DataType = ElementType<T>(), RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>A scalar (rank-0) tensor of T.</summary>
    public static TensorProto Scalar<T>(string name, T value)
        where T : unmanaged, IFloatingPointIeee754<T> => Create<T>(name, new[] { value });

    /// <summary>
    /// The values of a FLOAT or DOUBLE tensor held in the model (raw_data, float_data or double_data), widened to
    /// double, or null with <paramref name="problem"/> saying why they cannot be read.
    /// </summary>
    public static double[]? Read(TensorProto tensor, out string problem)
    {
        problem = string.Empty;
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            problem = "its data is stored in an external file, which CompiledNet does not read";
            return null;
        }

        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            if (dim < 0 || dim > int.MaxValue)
            {
                problem = FormattableString.Invariant($"it has the dimension {dim}");
                return null;
            }

            count *= dim;
            if (count > int.MaxValue)
            {
                problem = "it is too large";
                return null;
            }
        }

        int type = tensor.DataType;
        if (type != Float && type != Double)
        {
            problem = FormattableString.Invariant($"its element type is {DescribeType(type)}, not FLOAT or DOUBLE");
            return null;
        }

        int size = type == Double ? 8 : 4;
        var values = new double[count];
        if (tensor.HasRawData)
        {
            ReadOnlySpan<byte> raw = tensor.RawData.Span;
            if (raw.Length != count * size)
            {
                problem = FormattableString.Invariant($"its raw_data holds {raw.Length} bytes, but {count} values of {size} bytes each need {count * size}");
                return null;
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = type == Double
                    ? BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8))
                    : BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4));
            }

            return values;
        }

        int stored = type == Double ? tensor.DoubleData.Count : tensor.FloatData.Count;
        if (stored != count)
        {
            problem = FormattableString.Invariant($"it holds {stored} values in {(type == Double ? "double_data" : "float_data")}, but its shape needs {count}");
            return null;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = type == Double ? tensor.DoubleData[i] : tensor.FloatData[i];
        }

        return values;
    }

    /// <summary>
    /// The values of an integer or BOOL tensor held in the model (raw_data, int64_data or int32_data), such as a
    /// Reshape's shape or Dropout's training_mode, or null with <paramref name="problem"/> saying why not.
    /// </summary>
    public static long[]? ReadIntegers(TensorProto tensor, out string problem)
    {
        problem = string.Empty;
        var type = (TensorProto.Types.DataType)tensor.DataType;
        int size = type switch
        {
            TensorProto.Types.DataType.Int64 => 8,
            TensorProto.Types.DataType.Int32 => 4,
            TensorProto.Types.DataType.Bool or TensorProto.Types.DataType.Int8 or TensorProto.Types.DataType.Uint8 => 1,
            _ => 0,
        };
        // A shape or a flag: a few values at most, so a damaged extent cannot ask for a huge array.
        const int MostValues = 64;
        long count = 1;
        foreach (long extent in tensor.Dims)
        {
            count = extent is >= 0 and <= MostValues ? count * extent : MostValues + 1;
            count = Math.Min(count, MostValues + 1);
        }

        if (size == 0 || tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0 || count > MostValues)
        {
            problem = FormattableString.Invariant($"it is not a small integer tensor stored in the model (its element type is {DescribeType(tensor.DataType)}, its shape {DescribeShape(tensor.Dims)})");
            return null;
        }
        if (tensor.HasRawData)
        {
            ReadOnlySpan<byte> raw = tensor.RawData.Span;
            if (raw.Length != count * size)
            {
                problem = FormattableString.Invariant($"its raw_data holds {raw.Length} bytes, but {count} values of {size} bytes each need {count * size}");
                return null;
            }

            var values = new long[count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = size switch
                {
                    8 => BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8)),
                    4 => BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4)),
                    _ => type == TensorProto.Types.DataType.Int8 ? (sbyte)raw[i] : raw[i],
                };
            }

            return values;
        }

        // Without raw_data, INT64 is in int64_data and the narrower types in int32_data.
        long[] stored = size == 8 ? tensor.Int64Data.ToArray() : tensor.Int32Data.Select(v => (long)v).ToArray();
        if (stored.Length != count)
        {
            problem = FormattableString.Invariant($"it holds {stored.Length} values, but its shape needs {count}");
            return null;
        }

        return stored;
    }

    /// <summary>The shape as text, e.g. [8, 4].</summary>
    public static string DescribeShape(IEnumerable<long> dims) => "[" + string.Join(", ", dims) + "]";

    /// <summary>An ONNX element type by name where it has one.</summary>
    public static string DescribeType(int type) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), type)
            ? ((TensorProto.Types.DataType)type).ToString().ToUpperInvariant()
            : FormattableString.Invariant($"{type}");
}
