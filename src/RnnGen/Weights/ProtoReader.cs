using System;
using System.Buffers.Binary;
using System.Text;

namespace RnnGen.Weights;

/// <summary>The protobuf wire types; groups (3, 4) are deprecated and never appear in ONNX.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>A span of bytes inside the file: a nested message, a string or a packed array.</summary>
internal readonly record struct ByteRange(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Reads the fields of one protobuf message in place, checking every length against what is left of
/// the message, so a hostile file can neither read out of bounds nor make it allocate: every value it
/// returns is a range of the file or a string the file actually holds. Each read consumes at least a
/// byte, so reading always ends.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _file;
    private readonly int _end;
    private readonly string _fileName;
    private readonly string _context;
    private readonly ParseBudget _budget;
    private int _position;

    /// <param name="file">The whole file, so ranges stay meaningful across nested readers.</param>
    /// <param name="message">The message to read.</param>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="context">Which message this is, e.g. <c>graph.node[3]</c>, for messages.</param>
    /// <param name="budget">What the strings this reader returns are charged to.</param>
    public ProtoReader(ReadOnlySpan<byte> file, ByteRange message, string fileName, string context, ParseBudget budget)
    {
        _file = file;
        _position = message.Start;
        _end = message.End;
        _fileName = fileName;
        _context = context;
        _budget = budget;
    }

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool Next(out int field, out WireType wireType)
    {
        field = 0;
        wireType = WireType.Varint;
        if (_position >= _end)
        {
            return false;
        }

        int at = _position;
        ulong tag = ReadVarint();
        if (tag >> 3 is 0 or > (1 << 29) - 1)
        {
            throw Fail($"invalid field number {tag >> 3} at byte {at}");
        }

        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (wireType is WireType.StartGroup or WireType.EndGroup)
        {
            throw Fail($"field {field} at byte {at} is a group, which ONNX never uses");
        }

        if (wireType > WireType.Fixed32)
        {
            throw Fail($"field {field} at byte {at} has the invalid wire type {(int)wireType}");
        }

        return true;
    }

    /// <summary>Throws unless field <paramref name="field"/> came with the wire type <paramref name="expected"/>.</summary>
    public readonly void Expect(int field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw Fail($"field {field} has wire type {actual}, expected {expected} (byte {_position})");
        }
    }

    public ulong ReadVarint()
    {
        int at = _position;
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (_position >= _end)
            {
                throw Fail($"the varint at byte {at} runs past the end of the message");
            }

            // The tenth byte holds the 64th bit alone: anything more is not a 64-bit varint.
            byte b = _file[_position++];
            if (shift == 63 && b > 1)
            {
                throw Fail($"the varint at byte {at} is longer than 64 bits");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    /// <summary>A protobuf <c>int32</c> or enum: a varint whose low 32 bits are the value.</summary>
    public int ReadInt32() => unchecked((int)ReadVarint());

    public long ReadInt64() => unchecked((long)ReadVarint());

    public uint ReadFixed32()
    {
        if (_end - _position < sizeof(uint))
        {
            throw Fail($"the 4-byte value at byte {_position} runs past the end of the message");
        }

        uint value = BinaryPrimitives.ReadUInt32LittleEndian(_file.Slice(_position, sizeof(uint)));
        _position += sizeof(uint);
        return value;
    }

    public ByteRange ReadLengthDelimited()
    {
        int at = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw Fail($"the length {length} at byte {at} runs past the end of the message ({_end - _position} bytes left)");
        }

        var range = new ByteRange(_position, (int)length);
        _position += (int)length;
        return range;
    }

    public string ReadString()
    {
        ByteRange range = ReadLengthDelimited();
        _budget.ChargeString(range.Length);
        return Encoding.UTF8.GetString(_file.Slice(range.Start, range.Length));
    }

    /// <summary>Skips a field of a kind the importer does not need.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                if (_end - _position < sizeof(ulong))
                {
                    throw Fail($"the 8-byte value at byte {_position} runs past the end of the message");
                }

                _position += sizeof(ulong);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            default:
                ReadFixed32();
                break;
        }
    }

    /// <summary>
    /// Counts the elements of a repeated varint field occurrence (one value, or a packed run) and,
    /// when <paramref name="sink"/> is given, passes each to it.
    /// </summary>
    public int ReadVarints(int field, WireType wireType, Action<long>? sink)
    {
        if (wireType == WireType.Varint)
        {
            sink?.Invoke(ReadInt64());
            return 1;
        }

        Expect(field, wireType, WireType.LengthDelimited);
        ByteRange packed = ReadLengthDelimited();
        var inner = new ProtoReader(_file, packed, _fileName, _context, _budget);
        int count = 0;
        while (inner._position < inner._end)
        {
            long value = inner.ReadInt64();
            sink?.Invoke(value);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Returns the bytes of a repeated fixed-32-bit field occurrence (one value, or a packed run), whose
    /// length is then a multiple of 4.
    /// </summary>
    public ByteRange ReadFixed32s(int field, WireType wireType)
    {
        if (wireType == WireType.Fixed32)
        {
            var single = new ByteRange(_position, sizeof(uint));
            ReadFixed32();
            return single;
        }

        Expect(field, wireType, WireType.LengthDelimited);
        ByteRange packed = ReadLengthDelimited();
        if (packed.Length % sizeof(uint) != 0)
        {
            throw Fail($"packed field {field} at byte {packed.Start} has {packed.Length} bytes, not a whole number of 4-byte values");
        }

        return packed;
    }

    public readonly WeightFileException Fail(string problem) => new(_fileName, $"malformed protobuf in {_context}: {problem}.");
}
