// SHARED WITH THE GENERATOR. This file is compiled into the runtime (net8.0) and into the source generator
// (netstandard2.0, C# 12, System.Memory only), so that a .safetensors file baked at build time gets exactly the
// verdict SafeTensors.Load gives at run time. Keep it to netstandard2.0 + System.Memory: no System.Text.Json, no
// Half, no runtime types, no records or init accessors. The generator defines COMPILEDNET_GENERATOR, which moves these
// internal types into its own namespace, so the tests (which see both assemblies' internals) never see two of a name.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

#if COMPILEDNET_GENERATOR
namespace CompiledNet.Generator.Weights;
#else
namespace CompiledNet;
#endif

/// <summary>
/// A safetensors file or header that cannot be read, or that does not fit the network. The message is a complete
/// sentence with the numbers in it; the runtime rethrows it as <c>SafeTensorsException</c>, the generator reports it
/// as a diagnostic.
/// </summary>
internal sealed class SafeTensorsFormatError : FormatException
{
    public SafeTensorsFormatError(string message, bool isInvalidNameMap = false)
        : base(message)
    {
        IsInvalidNameMap = isInvalidNameMap;
    }

    /// <summary>
    /// True when the caller's name map is at fault (it maps a name the network does not have), not the file: the
    /// runtime throws an <see cref="ArgumentException"/> for it.
    /// </summary>
    public bool IsInvalidNameMap { get; }
}

/// <summary>One tensor as the header declares it.</summary>
internal sealed class SafeTensorInfo
{
    public SafeTensorInfo(string name, string dtype, long[] shape, long begin, long end)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Begin = begin;
        End = end;
    }

    /// <summary>The tensor's name, a key of the header.</summary>
    public string Name { get; }

    /// <summary>The dtype as written, e.g. "F32".</summary>
    public string DType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public long[] Shape { get; }

    /// <summary>The first byte of the data, relative to the data section after the header.</summary>
    public long Begin { get; }

    /// <summary>One past the last byte of the data, relative to the data section.</summary>
    public long End { get; }

    /// <summary>The number of elements, the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count *= dimension; // Parse checked it does not overflow.
            }

            return count;
        }
    }

    /// <summary>"name DTYPE [d0, d1]", as the error messages list tensors.</summary>
    public override string ToString() => SafeTensorsHeader.Quote(Name) + " " + DType + " " + SafeTensorsHeader.FormatShape(Shape);
}

/// <summary>
/// The parsed and validated header of a safetensors file:
/// <code>
/// u64 little-endian N | N bytes of UTF-8 JSON, padded with spaces | data
/// {"__metadata__": {"key": "value"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
/// </code>
/// <see cref="Parse"/> accepts exactly the files the official implementation (huggingface/safetensors) reads, with
/// its limits (a header of at most 100,000,000 bytes that starts with '{'; tensors that, sorted by their offsets, cover
/// the data section exactly, without gaps or overlaps; each tensor's byte count equal to its element count times its
/// dtype's size), and is stricter in one respect: a tensor entry has exactly the keys dtype, shape and data_offsets.
/// </summary>
internal sealed partial class SafeTensorsHeader
{
    /// <summary>The largest header the official implementation reads.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private SafeTensorsHeader(long headerLength, List<KeyValuePair<string, string>> metadata, List<SafeTensorInfo> tensors, long dataLength)
    {
        HeaderLength = headerLength;
        Metadata = metadata;
        Tensors = tensors;
        DataLength = dataLength;
    }

    /// <summary>N, the length of the JSON header including its padding.</summary>
    public long HeaderLength { get; }

    /// <summary>Where the data section starts in the file: 8 + N.</summary>
    public long DataStart => 8 + HeaderLength;

    /// <summary>The length of the data section.</summary>
    public long DataLength { get; }

    /// <summary>The string pairs of <c>__metadata__</c> in file order; empty when there is none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>The size in bits of one element of a dtype the format defines, or 0 for a dtype it does not.</summary>
    public static int DTypeBits(string dtype)
    {
        switch (dtype)
        {
            case "F64":
            case "I64":
            case "U64":
            case "C64":
                return 64;
            case "F32":
            case "I32":
            case "U32":
                return 32;
            case "F16":
            case "BF16":
            case "I16":
            case "U16":
                return 16;
            case "BOOL":
            case "U8":
            case "I8":
            case "F8_E5M2":
            case "F8_E4M3":
            case "F8_E8M0":
                return 8;
            case "F6_E2M3":
            case "F6_E3M2":
                return 6;
            case "F4":
                return 4;
            default:
                return 0;
        }
    }

    /// <summary>Whether CompiledNet converts this dtype into a network's precision: F32, F64, F16 or BF16.</summary>
    public static bool IsLoadable(string dtype) => dtype == "F32" || dtype == "F64" || dtype == "F16" || dtype == "BF16";

    /// <summary>
    /// Reads and validates the header of a whole safetensors file; checks every tensor's offsets and byte count
    /// against the data section, reads no tensor data.
    /// </summary>
    /// <exception cref="SafeTensorsFormatError">The file is not a well-formed safetensors file; the message says why.</exception>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 8)
        {
            throw Error("The file has {0} bytes, but a safetensors file starts with an 8-byte header length.", file.Length);
        }

        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(file);
        long available = file.Length - 8;
        if (declared > (ulong)available)
        {
            throw Error("The header length field says {0} bytes, but only {1} bytes follow it.", declared, available);
        }

        if (declared > MaxHeaderLength)
        {
            throw Error("The header is {0} bytes long; safetensors allows at most {1}.", declared, MaxHeaderLength);
        }

        int headerLength = (int)declared;
        var reader = new HeaderReader(file.Slice(8, headerLength));
        reader.ReadHeader(out List<KeyValuePair<string, string>> metadata, out List<SafeTensorInfo> tensors);
        long dataLength = available - headerLength;
        Validate(tensors, dataLength);
        return new SafeTensorsHeader(headerLength, metadata, tensors, dataLength);
    }

    /// <summary>"[2, 3]".</summary>
    public static string FormatShape(IReadOnlyList<long> shape)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shape.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    /// <summary>A name in single quotes, with control characters escaped so a message stays on one line.</summary>
    public static string Quote(string name)
    {
        var text = new StringBuilder("'");
        foreach (char c in name)
        {
            if (c < 0x20 || c == 0x7F)
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('\'').ToString();
    }

    internal static SafeTensorsFormatError Error(string format, params object[] arguments) =>
        new SafeTensorsFormatError(string.Format(CultureInfo.InvariantCulture, format, arguments));

    /// <summary>
    /// The checks of the official <c>Metadata::validate</c>, with a message for each: sorted by (begin, end), the
    /// tensors must run forwards, stay inside the data, follow one another without gap or overlap, hold exactly
    /// element count × dtype size bytes, and end where the data section ends.
    /// </summary>
    private static void Validate(List<SafeTensorInfo> tensors, long dataLength)
    {
        var sorted = new List<KeyValuePair<int, SafeTensorInfo>>(tensors.Count);
        for (int i = 0; i < tensors.Count; i++)
        {
            sorted.Add(new KeyValuePair<int, SafeTensorInfo>(i, tensors[i]));
        }

        // List.Sort is not stable: the header index breaks ties so the first error reported is always the same one.
        sorted.Sort((a, b) =>
        {
            int order = a.Value.Begin.CompareTo(b.Value.Begin);
            order = order != 0 ? order : a.Value.End.CompareTo(b.Value.End);
            return order != 0 ? order : a.Key.CompareTo(b.Key);
        });

        long expectedBegin = 0;
        SafeTensorInfo? previous = null;
        foreach (KeyValuePair<int, SafeTensorInfo> entry in sorted)
        {
            SafeTensorInfo tensor = entry.Value;
            if (tensor.End < tensor.Begin)
            {
                throw Error("Tensor {0} has data_offsets [{1}, {2}], which run backwards.", Quote(tensor.Name), tensor.Begin, tensor.End);
            }

            if (tensor.End > dataLength)
            {
                throw Error(
                    "Tensor {0} has data_offsets [{1}, {2}], past the end of the data section, which has {3} bytes.",
                    Quote(tensor.Name),
                    tensor.Begin,
                    tensor.End,
                    dataLength);
            }

            if (tensor.Begin < expectedBegin)
            {
                throw Error(
                    "Tensor {0} has data_offsets [{1}, {2}], which overlap tensor {3} at [{4}, {5}].",
                    Quote(tensor.Name),
                    tensor.Begin,
                    tensor.End,
                    Quote(previous!.Name),
                    previous.Begin,
                    previous.End);
            }

            if (tensor.Begin > expectedBegin)
            {
                throw Error(
                    "Tensor {0} has data_offsets [{1}, {2}], which leave bytes {3} to {1} of the data section unused.",
                    Quote(tensor.Name),
                    tensor.Begin,
                    tensor.End,
                    expectedBegin);
            }

            int bits = DTypeBits(tensor.DType);
            if (bits == 0)
            {
                throw Error(
                    "Tensor {0} has the unknown dtype \"{1}\"; safetensors defines BOOL, U8, I8, I16, U16, I32, U32, I64, U64, F4, F6_E2M3, F6_E3M2, F8_E5M2, F8_E4M3, F8_E8M0, F16, BF16, F32, F64 and C64.",
                    Quote(tensor.Name),
                    tensor.DType);
            }

            long elements = ElementCountChecked(tensor);
            long byteCount = ByteCount(tensor, elements, bits);
            if (tensor.End - tensor.Begin != byteCount)
            {
                throw Error(
                    "Tensor {0} is {1} {2}: {3} elements of {4} bits, {5} bytes, but its data_offsets [{6}, {7}] hold {8} bytes.",
                    Quote(tensor.Name),
                    tensor.DType,
                    FormatShape(tensor.Shape),
                    elements,
                    bits,
                    byteCount,
                    tensor.Begin,
                    tensor.End,
                    tensor.End - tensor.Begin);
            }

            expectedBegin = tensor.End;
            previous = tensor;
        }

        if (expectedBegin != dataLength)
        {
            throw Error(
                "The tensors end at byte {0} of the data section, but the data section has {1} bytes: the rest is not part of any tensor.",
                expectedBegin,
                dataLength);
        }
    }

    private static long ElementCountChecked(SafeTensorInfo tensor)
    {
        long count = 1;
        foreach (long dimension in tensor.Shape)
        {
            if (dimension != 0 && count > long.MaxValue / dimension)
            {
                throw Error("Tensor {0} has the shape {1}, whose element count overflows.", Quote(tensor.Name), FormatShape(tensor.Shape));
            }

            count *= dimension;
        }

        return count;
    }

    private static long ByteCount(SafeTensorInfo tensor, long elements, int bits)
    {
        if (elements > long.MaxValue / bits)
        {
            throw Error("Tensor {0} has the shape {1}, whose byte count overflows.", Quote(tensor.Name), FormatShape(tensor.Shape));
        }

        long totalBits = elements * bits;
        if (totalBits % 8 != 0)
        {
            throw Error(
                "Tensor {0} is {1} {2}: {3} elements of {4} bits do not fill whole bytes.", Quote(tensor.Name), tensor.DType, FormatShape(tensor.Shape), elements, bits);
        }

        return totalBits / 8;
    }
}
