using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnGen.Tests.Weights;

/// <summary>
/// A seeded mutator of weight files for fuzzing: byte-level damage for any file, plus mutations that
/// know the formats — JSON edits under a consistent header length for safetensors, field-level edits
/// (wire types, lengths, removed and repeated fields) for protobuf — so that mutants get past the first
/// check and reach the deeper ones. The same seed gives the same mutants.
/// </summary>
internal sealed partial class FileMutator(int seed)
{
    private static readonly ulong[] InterestingLengths =
        [0, 1, 2, 7, 8, 127, 128, 255, 4096, 65535, int.MaxValue, (ulong)int.MaxValue + 1, uint.MaxValue, (ulong)uint.MaxValue + 1, 100_000_001, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue];

    private static readonly string[] InterestingNumbers =
        ["-1", "0", "1", "3", "-0", "2.5", "1e400", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551615", "99999999999999999999999", "1e2", "00"];

    private static readonly string[] DTypes = ["F32", "F16", "BF16", "F64", "I64", "I32", "BOOL", "U8", "F8_E4M3", "Q7", "", "f32", "F32 "];

    private static readonly string[] Fragments =
        [",\"x\":{}", "null", "[", "]", "{", "}", ",", ":", "\"", "\\", ",\"__metadata__\":{\"a\":1}", "{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,0]}", "\u00e9", "\ud83d\ude00"];

    private readonly Random _random = new(seed);

    /// <summary>One to three mutations of a safetensors file.</summary>
    public byte[] MutateSafeTensors(byte[] file)
    {
        for (int count = _random.Next(1, 4); count > 0; count--)
        {
            file = _random.Next(10) switch
            {
                < 5 => MutateHeader(file),
                5 => WithHeaderLength(file, InterestingLengths[_random.Next(InterestingLengths.Length)]),
                _ => MutateBytes(file),
            };
        }

        return file;
    }

    /// <summary>One to three mutations of a protobuf file.</summary>
    public byte[] MutateProtobuf(byte[] file)
    {
        for (int count = _random.Next(1, 4); count > 0; count--)
        {
            List<ProtoField> fields = ProtoField.FindAll(file);
            file = _random.Next(10) < 7 && fields.Count > 0 ? MutateField(file, fields[_random.Next(fields.Count)]) : MutateBytes(file);
        }

        return file;
    }

    private byte[] MutateBytes(byte[] file)
    {
        if (file.Length == 0)
        {
            return [(byte)_random.Next(256)];
        }

        int at = _random.Next(file.Length);
        byte[] copy = (byte[])file.Clone();
        switch (_random.Next(7))
        {
            case 0:
                copy[at] ^= (byte)(1 << _random.Next(8));
                return copy;
            case 1:
                copy[at] = (byte)(_random.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => _random.Next(256) });
                return copy;
            case 2:
                return file[..at];
            case 3:
                byte[] noise = new byte[_random.Next(1, 16)];
                _random.NextBytes(noise);
                return [.. file[..at], .. noise, .. file[at..]];
            case 4:
                return [.. file[..at], .. file[Math.Min(file.Length, at + _random.Next(1, 64))..]];
            case 5:
                int length = Math.Min(file.Length - at, _random.Next(1, 64));
                return [.. file[..(at + length)], .. file[at..(at + length)], .. file[(at + length)..]];
            default:
                // A run of 0xFF reads as a maximal varint or an absurd little-endian length.
                copy.AsSpan(at, Math.Min(file.Length - at, _random.Next(1, 12))).Fill(0xFF);
                return copy;
        }
    }

    private byte[] MutateHeader(byte[] file)
    {
        if (file.Length < 8)
        {
            return MutateBytes(file);
        }

        ulong claimed = BinaryPrimitives.ReadUInt64LittleEndian(file);
        int headerLength = claimed <= (ulong)(file.Length - 8) ? (int)claimed : file.Length - 8;
        string header = Encoding.UTF8.GetString(file, 8, headerLength);
        byte[] data = file[(8 + headerLength)..];
        header = _random.Next(7) switch
        {
            0 => ReplaceRandom(Number(), header, _ => InterestingNumbers[_random.Next(InterestingNumbers.Length)]),
            1 => ReplaceRandom(DType(), header, _ => $"\"dtype\":\"{DTypes[_random.Next(DTypes.Length)]}\""),
            2 => DuplicateKey(header),
            3 => ReplaceRandom(Structural(), header, _ => _random.Next(3) == 0 ? string.Empty : "{}[]:,\""[_random.Next(6)].ToString()),
            4 => header.Insert(_random.Next(header.Length + 1), Fragments[_random.Next(Fragments.Length)]),
            5 => SwapOffsets(header),
            _ => header,
        };

        data = _random.Next(8) switch
        {
            0 => data[..(data.Length == 0 ? 0 : _random.Next(data.Length))],
            1 => [.. data, .. new byte[_random.Next(1, 9)]],
            _ => data,
        };

        return SafeTensorsTestFiles.Build(header, data);
    }

    private byte[] WithHeaderLength(byte[] file, ulong length)
    {
        byte[] copy = file.Length < 8 ? [.. file, .. new byte[8 - file.Length]] : (byte[])file.Clone();
        ulong actual = BinaryPrimitives.ReadUInt64LittleEndian(copy);
        BinaryPrimitives.WriteUInt64LittleEndian(copy, _random.Next(3) == 0 ? actual + (ulong)_random.Next(-2, 3) : length);
        return copy;
    }

    private string ReplaceRandom(Regex pattern, string text, Func<Match, string> replacement)
    {
        MatchCollection matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        Match match = matches[_random.Next(matches.Count)];
        return text[..match.Index] + replacement(match) + text[(match.Index + match.Length)..];
    }

    private string DuplicateKey(string header)
    {
        string[] keys = Key().Matches(header).Select(m => m.Value).ToArray();
        return keys.Length < 2 ? header : ReplaceRandom(Key(), header, _ => keys[_random.Next(keys.Length)]);
    }

    private string SwapOffsets(string header)
    {
        MatchCollection offsets = Offsets().Matches(header);
        if (offsets.Count < 2)
        {
            return header;
        }

        Match first = offsets[_random.Next(offsets.Count)];
        Match second = offsets[_random.Next(offsets.Count)];
        if (first.Index == second.Index)
        {
            return header;
        }

        (Match left, Match right) = first.Index < second.Index ? (first, second) : (second, first);
        return header[..left.Index] + right.Value + header[(left.Index + left.Length)..right.Index] + left.Value + header[(right.Index + right.Length)..];
    }

    private byte[] MutateField(byte[] file, ProtoField field)
    {
        byte[] copy = (byte[])file.Clone();
        switch (_random.Next(8))
        {
            case 0:
                // The low three bits of a tag's first byte are the wire type.
                copy[field.Start] = (byte)((copy[field.Start] & ~7) | _random.Next(8));
                return copy;
            case 1 when field.LengthStart >= 0:
                ulong length = _random.Next(3) == 0 ? (ulong)Math.Max(0, field.PayloadLength + _random.Next(-2, 3)) : InterestingLengths[_random.Next(InterestingLengths.Length)];
                return [.. file[..field.LengthStart], .. Varint(length), .. file[field.PayloadStart..]];
            case 2 when field.LengthStart >= 0 && field.PayloadStart - field.LengthStart == 1:
                // A same-size length keeps every enclosing message intact and shifts only this one's contents.
                copy[field.LengthStart] = (byte)_random.Next(128);
                return copy;
            case 3:
                return [.. file[..field.Start], .. file[field.End..]];
            case 4:
                return [.. file[..field.End], .. file[field.Start..field.End], .. file[field.End..]];
            case 5:
                return file[.._random.Next(field.Start, field.End)];
            case 6 when field.LengthStart < 0 && field.End - field.PayloadStart > 0:
                // A scalar's value: data types, dims, attribute integers, same size so the message stays parsable.
                int at = _random.Next(field.PayloadStart, field.End);
                copy[at] = (byte)((copy[at] & 0x80) | _random.Next(128));
                return copy;
            default:
                if (field.PayloadLength > 0)
                {
                    int position = field.PayloadStart + _random.Next(field.PayloadLength);
                    copy[position] = (byte)_random.Next(256);
                }

                return copy;
        }
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte next = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? next : (byte)(next | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex("\"dtype\":\"[^\"]*\"")]
    private static partial Regex DType();

    [GeneratedRegex("[{}\\[\\]:,\"]")]
    private static partial Regex Structural();

    [GeneratedRegex("\"[^\"]+\"(?=:\\{)")]
    private static partial Regex Key();

    [GeneratedRegex("\\[\\d+,\\d+\\]")]
    private static partial Regex Offsets();
}
