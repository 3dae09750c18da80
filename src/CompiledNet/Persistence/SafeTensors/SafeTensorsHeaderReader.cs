// SHARED WITH THE GENERATOR, like SafeTensorsHeader.cs beside it (see the note there): the strict reader of the
// header's JSON, written for exactly its grammar, so the runtime and the generator parse it with the same code.
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

internal sealed partial class SafeTensorsHeader
{
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
