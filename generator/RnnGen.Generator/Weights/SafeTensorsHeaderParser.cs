using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RnnGen.Generator.Weights;

/// <summary>One tensor as a safetensors header declares it; offsets are relative to the start of the data.</summary>
internal sealed record SafeTensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End);

/// <summary>
/// A strict parser of the safetensors header: a JSON object mapping each tensor name to
/// <c>{"dtype": string, "shape": [int...], "data_offsets": [begin, end]}</c>, plus an optional
/// <c>"__metadata__"</c> object of strings. The generator targets netstandard2.0 and may not bring a JSON
/// package into the user's compiler, and the schema is small enough that a parser of exactly it is
/// simpler to trust than a general one: it recurses nowhere, so no header can exhaust the stack.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    private const string MetadataKey = "__metadata__";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="SafeTensorsFormatException">The header is not such an object.</exception>
    public static IReadOnlyList<SafeTensorsEntry> Parse(byte[] bytes, int offset, int length)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, offset, length);
        }
        catch (DecoderFallbackException)
        {
            throw new SafeTensorsFormatException("the header is not valid UTF-8");
        }

        return new Reader(text).ReadHeader();
    }

    private sealed class Reader(string text)
    {
        private int _position;

        public IReadOnlyList<SafeTensorsEntry> ReadHeader()
        {
            var entries = new List<SafeTensorsEntry>();
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            SkipWhitespace();
            Expect('{', "the header to be a JSON object");
            SkipWhitespace();
            if (!TryConsume('}'))
            {
                do
                {
                    SkipWhitespace();
                    string name = ReadString("a tensor name");
                    if (!names.Add(name))
                    {
                        throw new SafeTensorsFormatException($"the header names '{name}' twice");
                    }

                    SkipWhitespace();
                    Expect(':', "':'");
                    SkipWhitespace();
                    if (name == MetadataKey)
                    {
                        SkipMetadata();
                    }
                    else
                    {
                        entries.Add(ReadTensor(name));
                    }

                    SkipWhitespace();
                }
                while (TryConsume(','));

                Expect('}', "',' or '}'");
            }

            // The format pads the header with spaces so that the data starts aligned.
            SkipWhitespace();
            if (_position != text.Length)
            {
                throw Error("the end of the header");
            }

            return entries;
        }

        private SafeTensorsEntry ReadTensor(string name)
        {
            string? dtype = null;
            long[]? shape = null;
            long[]? offsets = null;
            Expect('{', $"an object describing tensor '{name}'");
            SkipWhitespace();
            if (!TryConsume('}'))
            {
                do
                {
                    SkipWhitespace();
                    string key = ReadString("a field name");
                    SkipWhitespace();
                    Expect(':', "':'");
                    SkipWhitespace();
                    switch (key)
                    {
                        case "dtype" when dtype is null:
                            dtype = ReadString("the dtype of '" + name + "'");
                            break;
                        case "shape" when shape is null:
                            shape = ReadIntegers($"the shape of '{name}'");
                            break;
                        case "data_offsets" when offsets is null:
                            offsets = ReadIntegers($"the data_offsets of '{name}'");
                            break;
                        default:
                            throw new SafeTensorsFormatException($"tensor '{name}' has an unexpected or repeated field '{key}'");
                    }

                    SkipWhitespace();
                }
                while (TryConsume(','));

                Expect('}', "',' or '}'");
            }

            if (dtype is null || shape is null || offsets is null)
            {
                string missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
                throw new SafeTensorsFormatException($"tensor '{name}' has no {missing}");
            }

            if (offsets.Length != 2)
            {
                throw new SafeTensorsFormatException($"the data_offsets of '{name}' are {offsets.Length} numbers, not [begin, end]");
            }

            return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
        }

        private void SkipMetadata()
        {
            Expect('{', "__metadata__ to be an object of strings");
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return;
            }

            do
            {
                SkipWhitespace();
                ReadString("a metadata key");
                SkipWhitespace();
                Expect(':', "':'");
                SkipWhitespace();
                ReadString("a string metadata value");
                SkipWhitespace();
            }
            while (TryConsume(','));

            Expect('}', "',' or '}'");
        }

        private long[] ReadIntegers(string what)
        {
            var values = new List<long>();
            Expect('[', what + " as an array of integers");
            SkipWhitespace();
            if (!TryConsume(']'))
            {
                do
                {
                    SkipWhitespace();
                    values.Add(ReadNonNegativeInteger(what));
                    SkipWhitespace();
                }
                while (TryConsume(','));

                Expect(']', "',' or ']'");
            }

            return values.ToArray();
        }

        private long ReadNonNegativeInteger(string what)
        {
            int start = _position;
            while (_position < text.Length && text[_position] is >= '0' and <= '9')
            {
                _position++;
            }

            int digits = _position - start;
            if (digits == 0 || (digits > 1 && text[start] == '0') || (_position < text.Length && text[_position] is '.' or 'e' or 'E'))
            {
                _position = start;
                throw Error("a non-negative integer in " + what);
            }

            if (!long.TryParse(text.Substring(start, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                throw new SafeTensorsFormatException($"{what} holds {text.Substring(start, digits)}, too large a number");
            }

            return value;
        }

        private string ReadString(string what)
        {
            Expect('"', what);
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw Error("the end of a string");
                }

                char c = text[_position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c < ' ')
                {
                    _position--;
                    throw Error("no control character inside a string");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (_position >= text.Length)
                {
                    throw Error("an escape sequence");
                }

                char escape = text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > text.Length || !ushort.TryParse(text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                        {
                            throw Error("four hexadecimal digits after \\u");
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        _position--;
                        throw Error("a valid escape sequence");
                }
            }
        }

        private void SkipWhitespace()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private bool TryConsume(char expected)
        {
            if (_position < text.Length && text[_position] == expected)
            {
                _position++;
                return true;
            }

            return false;
        }

        private void Expect(char expected, string what)
        {
            if (!TryConsume(expected))
            {
                throw Error(what);
            }
        }

        private SafeTensorsFormatException Error(string expected)
        {
            string found = _position >= text.Length ? "the end of the header" : $"'{text[_position]}'";
            return new SafeTensorsFormatException($"the header's JSON is invalid at character {_position.ToString(CultureInfo.InvariantCulture)}: expected {expected}, found {found}");
        }
    }
}
