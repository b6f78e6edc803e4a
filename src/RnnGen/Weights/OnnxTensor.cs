using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace RnnGen.Weights;

/// <summary>
/// One <c>TensorProto</c>: its name, type and dims, and where its data is (raw bytes, a float or int32
/// list, or an external file). The data is read only when asked for, after the dims were checked.
/// </summary>
internal sealed class OnnxTensor
{
    private const int Float = 1;
    private const int Float16 = 10;
    private const int BFloat16 = 16;
    private const int ExternalLocation = 1;

    private readonly ByteRange _message;
    private readonly string _context;
    private readonly Dictionary<string, string> _external = new(StringComparer.Ordinal);
    private ByteRange? _rawData;
    private int _floatCount;
    private int _int32Count;
    private bool _otherData;
    private bool _segmented;
    private int _dataLocation;

    private OnnxTensor(ByteRange message, string context)
    {
        _message = message;
        _context = context;
    }

    public string Name { get; private set; } = string.Empty;

    public int DataType { get; private set; }

    public List<long> Dims { get; } = [];

    // TensorProto: dims = 1, data_type = 2, segment = 3, float_data = 4, int32_data = 5, string_data = 6,
    // int64_data = 7, name = 8, raw_data = 9, double_data = 10, uint64_data = 11, external_data = 13,
    // data_location = 14.
    public static OnnxTensor Read(OnnxFile file, ByteRange message, string context)
    {
        file.Budget.Charge(ParseBudget.Record);
        var tensor = new OnnxTensor(message, context);
        Action<long> addDim = tensor.Dims.Add;
        ProtoReader reader = file.Reader(message, context);
        while (reader.Next(out int field, out WireType wireType))
        {
            switch (field)
            {
                case 1:
                    file.Budget.Charge(ParseBudget.Slot * reader.ReadVarints(field, wireType, addDim));
                    break;
                case 2:
                    reader.Expect(field, wireType, WireType.Varint);
                    tensor.DataType = reader.ReadInt32();
                    break;
                case 3:
                    reader.Skip(wireType);
                    tensor._segmented = true;
                    break;
                case 4:
                    tensor._floatCount += reader.ReadFixed32s(field, wireType).Length / sizeof(float);
                    break;
                case 5:
                    tensor._int32Count += reader.ReadVarints(field, wireType, null);
                    break;
                case 6 or 7 or 10 or 11:
                    reader.Skip(wireType);
                    tensor._otherData = true;
                    break;
                case 8:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    tensor.Name = reader.ReadString();
                    break;
                case 9:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    tensor._rawData = reader.ReadLengthDelimited();
                    break;
                case 13:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    ReadExternalEntry(file, reader.ReadLengthDelimited(), context, tensor._external);
                    break;
                case 14:
                    reader.Expect(field, wireType, WireType.Varint);
                    tensor._dataLocation = reader.ReadInt32();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return tensor;
    }

    /// <summary>
    /// Reads the values as floats, widening FLOAT16 and BFLOAT16; null, with a problem added, when the
    /// type is not a float type or the stored data does not match the dims.
    /// </summary>
    /// <param name="file">The model.</param>
    /// <param name="what">What the tensor is, for messages, e.g. <c>W of LSTM node 'x'</c>.</param>
    /// <param name="problems">Where problems go.</param>
    public float[]? ReadSingles(OnnxFile file, string what, ProblemList problems)
    {
        int before = problems.Count;
        int elementSize = DataType switch { Float => 4, Float16 or BFloat16 => 2, _ => 0 };
        if (elementSize == 0)
        {
            problems.Add($"{what} has ONNX data type {DataType}; RnnGen loads FLOAT (1), FLOAT16 (10) and BFLOAT16 (16).");
        }

        long? count = TensorShape.ElementCount(Dims);
        if (count is null or > int.MaxValue / sizeof(float))
        {
            problems.Add($"{what} has dims {TensorShape.Format(Dims)}, which no file can hold.");
        }

        bool external = _dataLocation == ExternalLocation || _external.Count > 0;
        int stores = (_rawData is null ? 0 : 1) + (_floatCount > 0 ? 1 : 0) + (_int32Count > 0 ? 1 : 0) + (_otherData ? 1 : 0) + (external ? 1 : 0);
        if (_segmented)
        {
            problems.Add($"{what} is stored in segments, which RnnGen does not read.");
        }
        else if (stores > 1)
        {
            problems.Add($"{what} holds its data in more than one field; ONNX allows one.");
        }

        if (problems.Count > before)
        {
            return null;
        }

        // Every size is checked against the data actually stored before anything is allocated.
        int length = (int)count!.Value;
        long bytes = (long)length * elementSize;
        if (external)
        {
            return ReadExternal(file, what, length, bytes, problems);
        }

        if (_rawData is { } raw)
        {
            if (raw.Length != bytes)
            {
                problems.Add($"{what} has {raw.Length} bytes of raw_data; its dims {TensorShape.Format(Dims)} need {bytes}.");
                return null;
            }

            var values = new float[length];
            Convert(file.Bytes.Span.Slice(raw.Start, raw.Length), values);
            return values;
        }

        int stored = DataType == Float ? _floatCount : _int32Count;
        if (stored != length)
        {
            string field = DataType == Float ? "float_data" : "int32_data";
            problems.Add($"{what} has {stored} values in {field}; its dims {TensorShape.Format(Dims)} need {length}.");
            return null;
        }

        var typed = new float[length];
        CopyTypedData(file, typed);
        return typed;
    }

    private static void ReadExternalEntry(OnnxFile file, ByteRange entry, string context, Dictionary<string, string> external)
    {
        ProtoReader reader = file.Reader(entry, context + ".external_data");
        string key = string.Empty;
        string value = string.Empty;
        while (reader.Next(out int field, out WireType wireType))
        {
            if (field is 1 or 2)
            {
                reader.Expect(field, wireType, WireType.LengthDelimited);
                if (field == 1)
                {
                    key = reader.ReadString();
                }
                else
                {
                    value = reader.ReadString();
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (!external.TryAdd(key, value))
        {
            throw reader.Fail($"the external_data key '{key}' appears twice");
        }
    }

    private void Convert(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = DataType switch
            {
                Float => BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]),
                Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]),
                _ => SafeTensorsDTypes.BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..])),
            };
        }
    }

    // float_data holds FLOAT values as fixed32; int32_data holds FLOAT16 and BFLOAT16 bit patterns in
    // the low 16 bits of each varint. Both may be split over several packed or unpacked occurrences.
    private void CopyTypedData(OnnxFile file, float[] values)
    {
        ProtoReader reader = file.Reader(_message, _context);
        int next = 0;
        while (reader.Next(out int field, out WireType wireType))
        {
            if (field == 4 && DataType == Float)
            {
                ByteRange run = reader.ReadFixed32s(field, wireType);
                Convert(file.Bytes.Span.Slice(run.Start, run.Length), values.AsSpan(next, run.Length / sizeof(float)));
                next += run.Length / sizeof(float);
            }
            else if (field == 5 && DataType != Float)
            {
                reader.ReadVarints(field, wireType, bits =>
                {
                    ushort half = unchecked((ushort)bits);
                    values[next++] = DataType == Float16 ? (float)BitConverter.UInt16BitsToHalf(half) : SafeTensorsDTypes.BFloat16ToSingle(half);
                });
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private float[]? ReadExternal(OnnxFile file, string what, int length, long bytes, ProblemList problems)
    {
        string? directory = file.ExternalDataDirectory;
        if (!_external.TryGetValue("location", out string? location) || location.Length == 0)
        {
            problems.Add($"{what} is marked as external data but names no location.");
            return null;
        }

        if (directory is null)
        {
            problems.Add($"{what} is stored in the external file '{location}', but the model was loaded from memory without an external data directory.");
            return null;
        }

        if (!TryReadNumber("offset", 0, out long offset) || !TryReadNumber("length", bytes, out long stored) || offset < 0)
        {
            problems.Add($"{what} has an external offset or length that is not a non-negative integer.");
            return null;
        }

        if (stored != bytes)
        {
            problems.Add($"{what} has {stored} bytes of external data; its dims {TensorShape.Format(Dims)} need {bytes}.");
            return null;
        }

        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
        string path = Path.GetFullPath(Path.Combine(root, location));
        if (Path.IsPathRooted(location) || !path.StartsWith(root, StringComparison.Ordinal))
        {
            problems.Add($"{what} names the external file '{location}', which is outside the model's directory.");
            return null;
        }

        if (!File.Exists(path))
        {
            problems.Add($"{what} is stored in the external file '{location}', which does not exist beside {file.Name}.");
            return null;
        }

        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long available = RandomAccess.GetLength(handle);
            if (offset > available || available - offset < bytes)
            {
                problems.Add($"{what} needs bytes [{offset}, {offset + bytes}) of the external file '{location}', which has {available}.");
                return null;
            }

            byte[] buffer = new byte[bytes];
            ByteSource.FromFile(handle, location).Read(offset, buffer);
            var values = new float[length];
            Convert(buffer, values);
            return values;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{what} cannot be read from the external file '{location}': {exception.Message}");
            return null;
        }
    }

    private bool TryReadNumber(string key, long fallback, out long value)
    {
        if (!_external.TryGetValue(key, out string? text))
        {
            value = fallback;
            return true;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
