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
internal sealed class SafeTensorsHeader
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

    /// <summary>
    /// A strict reader for exactly the grammar of a safetensors header, over its UTF-8 bytes: one object whose values
    /// are tensor entries ({"dtype": string, "shape": [integers], "data_offsets": [integer, integer]}, each key once)
    /// or, under "__metadata__", an object of strings (or null). Strings follow JSON (escapes, surrogate pairs, no raw
    /// control characters, valid UTF-8); integers are non-negative, without sign, fraction, exponent or leading zeros.
    /// JSON whitespace may surround every token; only whitespace may follow the object (the spaces that pad the header).
    /// </summary>
    private ref struct HeaderReader
    {
        private const string MetadataKey = "__metadata__";

        private readonly ReadOnlySpan<byte> _json;
        private int _position;

        public HeaderReader(ReadOnlySpan<byte> json)
        {
            _json = json;
            _position = 0;
        }

        public void ReadHeader(out List<KeyValuePair<string, string>> metadata, out List<SafeTensorInfo> tensors)
        {
            metadata = new List<KeyValuePair<string, string>>();
            tensors = new List<SafeTensorInfo>();
            if (_json.Length == 0 || _json[0] != (byte)'{')
            {
                throw Fail("the header must start with '{'");
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            Expect((byte)'{', "'{'");
            SkipWhitespace();
            if (!TryConsume((byte)'}'))
            {
                while (true)
                {
                    SkipWhitespace();
                    int keyPosition = _position;
                    string key = ReadString("a tensor name");
                    if (!keys.Add(key))
                    {
                        throw Fail(keyPosition, "the key " + Quote(key) + " appears twice");
                    }

                    SkipWhitespace();
                    Expect((byte)':', "':' after the key " + Quote(key));
                    SkipWhitespace();
                    if (key == MetadataKey)
                    {
                        ReadMetadata(metadata);
                    }
                    else
                    {
                        tensors.Add(ReadTensor(key));
                    }

                    SkipWhitespace();
                    if (TryConsume((byte)'}'))
                    {
                        break;
                    }

                    Expect((byte)',', "',' or '}' after the entry " + Quote(key));
                }
            }

            SkipWhitespace();
            if (_position != _json.Length)
            {
                throw Fail("only whitespace may follow the header's object, but byte 0x" + _json[_position].ToString("X2", CultureInfo.InvariantCulture) + " does");
            }
        }

        private void ReadMetadata(List<KeyValuePair<string, string>> metadata)
        {
            if (TryConsumeLiteral("null"))
            {
                return;
            }

            Expect((byte)'{', "'{' or null for __metadata__");
            var keys = new HashSet<string>(StringComparer.Ordinal);
            SkipWhitespace();
            if (TryConsume((byte)'}'))
            {
                return;
            }

            while (true)
            {
                SkipWhitespace();
                int keyPosition = _position;
                string key = ReadString("a __metadata__ key");
                if (!keys.Add(key))
                {
                    throw Fail(keyPosition, "the __metadata__ key " + Quote(key) + " appears twice");
                }

                SkipWhitespace();
                Expect((byte)':', "':' after the __metadata__ key " + Quote(key));
                SkipWhitespace();
                string value = ReadString("the string value of the __metadata__ key " + Quote(key));
                metadata.Add(new KeyValuePair<string, string>(key, value));
                SkipWhitespace();
                if (TryConsume((byte)'}'))
                {
                    return;
                }

                Expect((byte)',', "',' or '}' in __metadata__");
            }
        }

        private SafeTensorInfo ReadTensor(string name)
        {
            Expect((byte)'{', "'{' to open the entry of tensor " + Quote(name));
            string? dtype = null;
            long[]? shape = null;
            long[]? offsets = null;
            SkipWhitespace();
            if (!TryConsume((byte)'}'))
            {
                while (true)
                {
                    SkipWhitespace();
                    int keyPosition = _position;
                    string key = ReadString("a key of tensor " + Quote(name));
                    SkipWhitespace();
                    Expect((byte)':', "':' after the key " + Quote(key) + " of tensor " + Quote(name));
                    SkipWhitespace();
                    if (key != "dtype" && key != "shape" && key != "data_offsets")
                    {
                        throw Fail(keyPosition, "tensor " + Quote(name) + " has the key " + Quote(key) + "; a tensor entry has only dtype, shape and data_offsets");
                    }

                    if ((key == "dtype" && dtype is not null) || (key == "shape" && shape is not null) || (key == "data_offsets" && offsets is not null))
                    {
                        throw Fail(keyPosition, "tensor " + Quote(name) + " has the key \"" + key + "\" twice");
                    }

                    if (key == "dtype")
                    {
                        dtype = ReadString("the dtype of tensor " + Quote(name));
                    }
                    else if (key == "shape")
                    {
                        shape = ReadIntegers("the shape of tensor " + Quote(name));
                    }
                    else
                    {
                        offsets = ReadIntegers("the data_offsets of tensor " + Quote(name));
                    }

                    SkipWhitespace();
                    if (TryConsume((byte)'}'))
                    {
                        break;
                    }

                    Expect((byte)',', "',' or '}' in the entry of tensor " + Quote(name));
                }
            }

            if (dtype is null || shape is null || offsets is null)
            {
                string missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
                throw Fail("tensor " + Quote(name) + " has no \"" + missing + "\"");
            }

            if (offsets.Length != 2)
            {
                throw Fail("tensor " + Quote(name) + " has " + offsets.Length.ToString(CultureInfo.InvariantCulture) + " data_offsets; it needs two, [begin, end]");
            }

            return new SafeTensorInfo(name, dtype, shape, offsets[0], offsets[1]);
        }

        private long[] ReadIntegers(string what)
        {
            Expect((byte)'[', "'[' to open " + what);
            var values = new List<long>();
            SkipWhitespace();
            if (TryConsume((byte)']'))
            {
                return values.ToArray();
            }

            while (true)
            {
                SkipWhitespace();
                values.Add(ReadInteger(what));
                SkipWhitespace();
                if (TryConsume((byte)']'))
                {
                    return values.ToArray();
                }

                Expect((byte)',', "',' or ']' in " + what);
            }
        }

        private long ReadInteger(string what)
        {
            int start = _position;
            if (_position < _json.Length && _json[_position] == (byte)'-')
            {
                throw Fail(what + " holds a negative number");
            }

            long value = 0;
            while (_position < _json.Length && _json[_position] >= (byte)'0' && _json[_position] <= (byte)'9')
            {
                int digit = _json[_position] - (byte)'0';
                if (value > (long.MaxValue - digit) / 10)
                {
                    throw Fail(start, what + " holds a number larger than " + long.MaxValue.ToString(CultureInfo.InvariantCulture));
                }

                value = (value * 10) + digit;
                _position++;
            }

            if (_position == start)
            {
                throw Fail(what + " must hold non-negative integers");
            }

            if (_json[start] == (byte)'0' && _position - start > 1)
            {
                throw Fail(start, what + " holds a number with a leading zero");
            }

            if (_position < _json.Length && (_json[_position] == (byte)'.' || _json[_position] == (byte)'e' || _json[_position] == (byte)'E'))
            {
                throw Fail(start, what + " holds a number that is not an integer");
            }

            return value;
        }

        private string ReadString(string what)
        {
            if (_position >= _json.Length || _json[_position] != (byte)'"')
            {
                throw Fail("expected " + what + " as a string");
            }

            int start = _position;
            _position++;
            var text = new StringBuilder();
            while (true)
            {
                if (_position >= _json.Length)
                {
                    throw Fail(start, "a string does not end before the header does");
                }

                byte b = _json[_position];
                if (b == (byte)'"')
                {
                    _position++;
                    return text.ToString();
                }

                if (b == (byte)'\\')
                {
                    ReadEscape(text);
                }
                else if (b < 0x20)
                {
                    throw Fail("a string holds the raw control byte 0x" + b.ToString("X2", CultureInfo.InvariantCulture) + "; JSON needs it escaped");
                }
                else if (b < 0x80)
                {
                    text.Append((char)b);
                    _position++;
                }
                else
                {
                    ReadUtf8(text);
                }
            }
        }

        private void ReadEscape(StringBuilder text)
        {
            int start = _position;
            _position++;
            if (_position >= _json.Length)
            {
                throw Fail(start, "a string ends inside an escape");
            }

            byte e = _json[_position++];
            switch (e)
            {
                case (byte)'"': text.Append('"'); return;
                case (byte)'\\': text.Append('\\'); return;
                case (byte)'/': text.Append('/'); return;
                case (byte)'b': text.Append('\b'); return;
                case (byte)'f': text.Append('\f'); return;
                case (byte)'n': text.Append('\n'); return;
                case (byte)'r': text.Append('\r'); return;
                case (byte)'t': text.Append('\t'); return;
                case (byte)'u':
                    int unit = ReadHex4(start);
                    if (unit >= 0xDC00 && unit <= 0xDFFF)
                    {
                        throw Fail(start, "a string holds a lone low surrogate \\u" + unit.ToString("X4", CultureInfo.InvariantCulture));
                    }

                    if (unit >= 0xD800 && unit <= 0xDBFF)
                    {
                        if (_position + 1 >= _json.Length || _json[_position] != (byte)'\\' || _json[_position + 1] != (byte)'u')
                        {
                            throw Fail(start, "a string holds a lone high surrogate \\u" + unit.ToString("X4", CultureInfo.InvariantCulture));
                        }

                        int lowStart = _position;
                        _position += 2;
                        int low = ReadHex4(lowStart);
                        if (low < 0xDC00 || low > 0xDFFF)
                        {
                            throw Fail(start, "a string holds a high surrogate \\u" + unit.ToString("X4", CultureInfo.InvariantCulture) + " not followed by a low one");
                        }

                        text.Append((char)unit).Append((char)low);
                        return;
                    }

                    text.Append((char)unit);
                    return;
                default:
                    throw Fail(start, "a string holds the invalid escape \\" + (e >= 0x20 && e < 0x7F ? ((char)e).ToString() : "0x" + e.ToString("X2", CultureInfo.InvariantCulture)));
            }
        }

        private int ReadHex4(int escapeStart)
        {
            if (_position + 4 > _json.Length)
            {
                throw Fail(escapeStart, "a \\u escape needs four hex digits");
            }

            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                byte h = _json[_position++];
                int digit = h >= (byte)'0' && h <= (byte)'9' ? h - '0'
                    : h >= (byte)'a' && h <= (byte)'f' ? h - 'a' + 10
                    : h >= (byte)'A' && h <= (byte)'F' ? h - 'A' + 10
                    : -1;
                if (digit < 0)
                {
                    throw Fail(escapeStart, "a \\u escape needs four hex digits");
                }

                value = (value << 4) | digit;
            }

            return value;
        }

        // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
        private void ReadUtf8(StringBuilder text)
        {
            int start = _position;
            byte b = _json[_position];
            int count;
            int codePoint;
            byte low = 0x80;
            byte high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                count = 1;
                codePoint = b & 0x1F;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                count = 2;
                codePoint = b & 0x0F;
                low = b == 0xE0 ? (byte)0xA0 : (byte)0x80;
                high = b == 0xED ? (byte)0x9F : (byte)0xBF;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                count = 3;
                codePoint = b & 0x07;
                low = b == 0xF0 ? (byte)0x90 : (byte)0x80;
                high = b == 0xF4 ? (byte)0x8F : (byte)0xBF;
            }
            else
            {
                throw Fail("the header is not valid UTF-8 (byte 0x" + b.ToString("X2", CultureInfo.InvariantCulture) + ")");
            }

            _position++;
            for (int i = 0; i < count; i++)
            {
                byte c = _position < _json.Length ? _json[_position] : (byte)0;
                byte min = i == 0 ? low : (byte)0x80;
                byte max = i == 0 ? high : (byte)0xBF;
                if (_position >= _json.Length || c < min || c > max)
                {
                    throw Fail(start, "the header is not valid UTF-8 (a sequence starting with byte 0x" + b.ToString("X2", CultureInfo.InvariantCulture) + " is malformed)");
                }

                codePoint = (codePoint << 6) | (c & 0x3F);
                _position++;
            }

            if (codePoint >= 0x10000)
            {
                codePoint -= 0x10000;
                text.Append((char)(0xD800 + (codePoint >> 10))).Append((char)(0xDC00 + (codePoint & 0x3FF)));
            }
            else
            {
                text.Append((char)codePoint);
            }
        }

        private void SkipWhitespace()
        {
            while (_position < _json.Length)
            {
                byte b = _json[_position];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r')
                {
                    return;
                }

                _position++;
            }
        }

        private bool TryConsume(byte expected)
        {
            if (_position < _json.Length && _json[_position] == expected)
            {
                _position++;
                return true;
            }

            return false;
        }

        private bool TryConsumeLiteral(string literal)
        {
            if (_position + literal.Length > _json.Length)
            {
                return false;
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (_json[_position + i] != (byte)literal[i])
                {
                    return false;
                }
            }

            _position += literal.Length;
            return true;
        }

        private void Expect(byte expected, string what)
        {
            if (!TryConsume(expected))
            {
                throw Fail("expected " + what);
            }
        }

        private SafeTensorsFormatError Fail(string problem) => Fail(_position, problem);

        private SafeTensorsFormatError Fail(int position, string problem)
        {
            string found = position >= _json.Length
                ? "the end of the header"
                : _json[position] >= 0x20 && _json[position] < 0x7F
                    ? "'" + ((char)_json[position]).ToString() + "'"
                    : "byte 0x" + _json[position].ToString("X2", CultureInfo.InvariantCulture);
            return Error(
                "The header is not a valid safetensors header: at byte {0} of {1} (file offset {2}), found {3}: {4}.",
                position,
                _json.Length,
                8L + position,
                found,
                problem);
        }
    }
}
