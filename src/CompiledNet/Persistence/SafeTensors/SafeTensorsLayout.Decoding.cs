// SHARED WITH THE GENERATOR: a part of SafeTensorsLayout (see SafeTensorsLayout.cs), compiled into the runtime and
// into the source generator (netstandard2.0, C# 12, System.Memory only).
using System;
using System.Buffers.Binary;

#if COMPILEDNET_GENERATOR
namespace CompiledNet.Generator.Weights;
#else
namespace CompiledNet;
#endif

/// <summary>Reading the bound tensors' values as doubles, exactly, without <c>Half</c>.</summary>
internal static partial class SafeTensorsLayout
{
    /// <summary>
    /// The bound tensors' values in parameter order, as doubles: per layer with parameters the weight row-major (4-D for a convolution), then the bias.
    /// F16 and BF16 are decoded bit by bit here (netstandard2.0 has no <c>Half</c>), exactly.
    /// </summary>
    public static double[] ReadParameters(ReadOnlySpan<byte> file, SafeTensorsHeader header, SafeTensorsBinding binding)
    {
        long count = 0;
        for (int l = 0; l < binding.Weights.Length; l++)
        {
            count += binding.Weights[l].ElementCount + binding.Biases[l].ElementCount;
        }

        var values = new double[count];
        int at = 0;
        for (int l = 0; l < binding.Weights.Length; l++)
        {
            foreach (SafeTensorInfo tensor in new[] { binding.Weights[l], binding.Biases[l] })
            {
                ReadOnlySpan<byte> data = file.Slice((int)(header.DataStart + tensor.Begin), (int)(tensor.End - tensor.Begin));
                int size = SafeTensorsHeader.DTypeBits(tensor.DType) / 8;
                for (int i = 0; i < data.Length / size; i++)
                {
                    values[at++] = ToDouble(data.Slice(i * size, size), tensor.DType);
                }
            }
        }

        return values;
    }

    /// <summary>One little-endian element of a loadable dtype, as a double; exact for every one of them.</summary>
    public static double ToDouble(ReadOnlySpan<byte> element, string dtype)
    {
        switch (dtype)
        {
            case "F64":
                return BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(element));
            case "F32":
                return FloatBitsToDouble(BinaryPrimitives.ReadUInt32LittleEndian(element));
            case "BF16":
                return FloatBitsToDouble((uint)BinaryPrimitives.ReadUInt16LittleEndian(element) << 16);
            case "F16":
                return HalfBitsToDouble(BinaryPrimitives.ReadUInt16LittleEndian(element));
            default:
                throw new ArgumentException("Not a loadable dtype: " + dtype, nameof(dtype));
        }
    }

    private static double FloatBitsToDouble(uint bits)
    {
        // Decoded field by field rather than reinterpreted: netstandard2.0 has no BitConverter.Int32BitsToSingle.
        bool negative = (bits >> 31) != 0;
        int exponent = (int)((bits >> 23) & 0xFF);
        uint mantissa = bits & 0x7FFFFF;
        double value;
        if (exponent == 0xFF)
        {
            if (mantissa == 0)
            {
                value = double.PositiveInfinity;
            }
            else
            {
                // A NaN keeps its sign and payload: the float's 23 mantissa bits become the top of the double's 52.
                return BitConverter.Int64BitsToDouble((negative ? long.MinValue : 0L) | (0x7FFL << 52) | ((long)mantissa << 29));
            }
        }
        else if (exponent == 0)
        {
            value = mantissa * Pow2(-149);
        }
        else
        {
            value = (mantissa | 0x800000) * Pow2(exponent - 150);
        }

        return negative ? -value : value;
    }

    // 2^e for a normal double exponent, built from its bits: exact, where Math.Pow need not be.
    private static double Pow2(int e) => BitConverter.Int64BitsToDouble((long)(e + 1023) << 52);

    private static double HalfBitsToDouble(ushort bits)
    {
        bool negative = (bits >> 15) != 0;
        int exponent = (bits >> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        double value;
        if (exponent == 0x1F)
        {
            if (mantissa != 0)
            {
                return BitConverter.Int64BitsToDouble((negative ? long.MinValue : 0L) | (0x7FFL << 52) | ((long)mantissa << 42));
            }

            value = double.PositiveInfinity;
        }
        else if (exponent == 0)
        {
            value = mantissa * Pow2(-24);
        }
        else
        {
            value = (mantissa | 0x400) * Pow2(exponent - 25);
        }

        return negative ? -value : value;
    }
}
