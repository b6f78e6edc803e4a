using System.Collections.Generic;

namespace RnnGen.Tests.Weights;

/// <summary>
/// Where one protobuf field sits in a file, found by a permissive walk that descends into every
/// length-delimited payload that itself parses as a message (nested messages, and by chance some strings).
/// </summary>
/// <param name="Start">The first byte of the tag.</param>
/// <param name="LengthStart">The first byte of the length varint, or -1 for a field that has none.</param>
/// <param name="PayloadStart">The first byte of the value.</param>
/// <param name="End">One past the value's last byte.</param>
internal sealed record ProtoField(int Start, int LengthStart, int PayloadStart, int End)
{
    private const int MaxDepth = 8;

    public int PayloadLength => End - PayloadStart;

    /// <summary>Every field of the message that spans all of <paramref name="file"/>, nested ones included.</summary>
    public static List<ProtoField> FindAll(byte[] file)
    {
        var fields = new List<ProtoField>();
        if (Parses(file, 0, file.Length))
        {
            Walk(file, 0, file.Length, 0, fields);
        }

        return fields;
    }

    private static void Walk(byte[] file, int start, int end, int depth, List<ProtoField> fields)
    {
        int position = start;
        while (position < end)
        {
            int tagStart = position;
            ulong tag = ReadVarint(file, ref position, end) ?? 0;
            int lengthStart = -1;
            int payloadStart = position;
            switch (tag & 7)
            {
                case 0:
                    ReadVarint(file, ref position, end);
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    lengthStart = position;
                    int length = (int)ReadVarint(file, ref position, end)!.Value;
                    payloadStart = position;
                    position += length;
                    if (depth < MaxDepth && length > 0 && Parses(file, payloadStart, position))
                    {
                        Walk(file, payloadStart, position, depth + 1, fields);
                    }

                    break;
            }

            fields.Add(new ProtoField(tagStart, lengthStart, payloadStart, position));
        }
    }

    /// <summary>Whether [start, end) is a sequence of well-formed fields with no group or invalid wire types.</summary>
    private static bool Parses(byte[] file, int start, int end)
    {
        int position = start;
        while (position < end)
        {
            ulong? tag = ReadVarint(file, ref position, end);
            if (tag is null || tag >> 3 == 0)
            {
                return false;
            }

            ulong skip;
            switch (tag & 7)
            {
                case 0:
                    if (ReadVarint(file, ref position, end) is null)
                    {
                        return false;
                    }

                    continue;
                case 1:
                    skip = 8;
                    break;
                case 5:
                    skip = 4;
                    break;
                case 2:
                    if (ReadVarint(file, ref position, end) is not { } length)
                    {
                        return false;
                    }

                    skip = length;
                    break;
                default:
                    return false;
            }

            if (skip > (ulong)(end - position))
            {
                return false;
            }

            position += (int)skip;
        }

        return true;
    }

    private static ulong? ReadVarint(byte[] file, ref int position, int end)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64 && position < end; shift += 7)
        {
            byte b = file[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return null;
    }
}
