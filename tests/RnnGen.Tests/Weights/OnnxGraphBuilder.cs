using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;

namespace RnnGen.Tests.Weights;

/// <summary>How a float initializer keeps its values.</summary>
public enum OnnxStorage
{
    /// <summary>Little-endian bytes in <c>raw_data</c>, as <c>torch.onnx.export</c> writes them.</summary>
    RawData,

    /// <summary>A packed <c>float_data</c> list (FLOAT16 and BFLOAT16 bit patterns in <c>int32_data</c>).</summary>
    TypedData,

    /// <summary>An external data file beside the model, named by <c>location</c>, <c>offset</c> and <c>length</c>.</summary>
    External,
}

/// <summary>
/// Builds an ONNX <c>ModelProto</c> node by node, serializing the messages field by field (numbers and
/// wire types of onnx.proto) so the tests depend on no generated ONNX code, and so a test can write
/// exactly the malformed model it needs.
/// </summary>
public sealed class OnnxGraphBuilder
{
    public const int FloatType = 1;
    public const int Int64Type = 7;
    public const int Float16Type = 10;
    public const int BFloat16Type = 16;

    private const int AttributeFloat = 1;
    private const int AttributeInt = 2;
    private const int AttributeString = 3;
    private const int AttributeInts = 7;
    private const int AttributeStrings = 8;

    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private readonly MemoryStream _external = new();

    /// <summary>The external data file's name, relative to the model.</summary>
    public string ExternalDataFile { get; init; } = "weights.bin";

    /// <summary>The bytes written to the external data file so far, or null when no initializer is external.</summary>
    public byte[]? ExternalData => _external.Length == 0 ? null : _external.ToArray();

    public void AddNode(string opType, string name, string[] inputs, string[] outputs, params byte[][] attributes) =>
        _nodes.Add(Message(output =>
        {
            foreach (string input in inputs)
            {
                WriteString(output, 1, input);
            }

            foreach (string value in outputs)
            {
                WriteString(output, 2, value);
            }

            WriteString(output, 3, name);
            WriteString(output, 4, opType);
            foreach (byte[] attribute in attributes)
            {
                WriteMessage(output, 5, attribute);
            }
        }));

    /// <summary>Adds an initializer made by <see cref="Tensor"/> or <see cref="FloatTensor"/>.</summary>
    public void AddInitializer(byte[] tensor) => _initializers.Add(tensor);

    /// <summary>Adds a float initializer stored as <paramref name="storage"/> with element type <paramref name="dataType"/>.</summary>
    public void AddFloatInitializer(string name, long[] dims, float[] values, OnnxStorage storage, int dataType = FloatType) =>
        _initializers.Add(FloatTensor(name, dims, values, storage, dataType));

    /// <summary>Adds an INT64 initializer (axes, shapes) in <c>raw_data</c>.</summary>
    public void AddInt64Initializer(string name, params long[] values)
    {
        byte[] raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        _initializers.Add(Tensor(name, [values.Length], Int64Type, raw));
    }

    /// <summary>Declares a float graph input; each dimension is a number or a symbol.</summary>
    public void AddInput(string name, params object[] dims) => _inputs.Add(ValueInfo(name, FloatType, dims));

    /// <summary>Declares an INT64 graph input (token ids); each dimension is a number or a symbol.</summary>
    public void AddInt64Input(string name, params object[] dims) => _inputs.Add(ValueInfo(name, Int64Type, dims));

    /// <summary>Declares a float graph output of unspecified shape.</summary>
    public void AddOutput(string name) => _outputs.Add(ValueInfo(name, FloatType, null));

    /// <summary>The serialized model.</summary>
    public byte[] ToModel(long opset = 14) => Message(output =>
    {
        byte[] graph = Message(g =>
        {
            _nodes.ForEach(node => WriteMessage(g, 1, node));
            WriteString(g, 2, "main_graph");
            _initializers.ForEach(tensor => WriteMessage(g, 5, tensor));
            _inputs.ForEach(input => WriteMessage(g, 11, input));
            _outputs.ForEach(value => WriteMessage(g, 12, value));
        });

        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt64(8);
        WriteString(output, 2, "pytorch");
        WriteMessage(output, 7, graph);
        WriteMessage(output, 8, Message(o =>
        {
            WriteString(o, 1, string.Empty);
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt64(opset);
        }));
    });

    /// <summary>A TensorProto with the given dims, type and <c>raw_data</c>, whatever their consistency.</summary>
    public static byte[] Tensor(string name, long[] dims, int dataType, byte[] raw) => Message(output =>
    {
        WriteDims(output, dims);
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt32(dataType);
        WriteString(output, 8, name);
        output.WriteTag(9, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(raw));
    });

    /// <summary>A float TensorProto; FLOAT16 and BFLOAT16 values are rounded (BFLOAT16 truncated) from <paramref name="values"/>.</summary>
    public byte[] FloatTensor(string name, long[] dims, float[] values, OnnxStorage storage, int dataType = FloatType) => Message(output =>
    {
        WriteDims(output, dims);
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt32(dataType);
        WriteString(output, 8, name);
        byte[] raw = Encode(values, dataType);
        switch (storage)
        {
            case OnnxStorage.RawData:
                output.WriteTag(9, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(raw));
                break;
            case OnnxStorage.TypedData when dataType == FloatType:
                output.WriteTag(4, WireFormat.WireType.LengthDelimited);
                output.WriteLength(raw.Length);
                foreach (float value in values)
                {
                    output.WriteFloat(value);
                }

                break;
            case OnnxStorage.TypedData:
                byte[] packed = Message(p =>
                {
                    for (int i = 0; i < values.Length; i++)
                    {
                        p.WriteInt32(BitConverter.ToUInt16(raw, 2 * i));
                    }
                });
                output.WriteTag(5, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(packed));
                break;
            default:
                // Offsets are aligned as onnx.save_model aligns them, so the offset key is exercised.
                long offset = (_external.Length + 63) / 64 * 64;
                _external.SetLength(offset);
                _external.Position = offset;
                _external.Write(raw);
                WriteMessage(output, 13, Entry("location", ExternalDataFile));
                WriteMessage(output, 13, Entry("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                WriteMessage(output, 13, Entry("length", raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                output.WriteTag(14, WireFormat.WireType.Varint);
                output.WriteInt32(1);
                break;
        }
    });

    public static byte[] IntAttribute(string name, long value) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeInt);
        output.WriteTag(3, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    });

    public static byte[] FloatAttribute(string name, float value) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeFloat);
        output.WriteTag(2, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    });

    public static byte[] StringAttribute(string name, string value) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeString);
        WriteString(output, 4, value);
    });

    public static byte[] IntsAttribute(string name, params long[] values) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeInts);
        foreach (long value in values)
        {
            output.WriteTag(8, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }
    });

    public static byte[] StringsAttribute(string name, params string[] values) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeStrings);
        foreach (string value in values)
        {
            WriteString(output, 9, value);
        }
    });

    /// <summary>The values as little-endian bytes of <paramref name="dataType"/>.</summary>
    public static byte[] Encode(float[] values, int dataType)
    {
        switch (dataType)
        {
            case FloatType:
                return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            case Float16Type:
                var halves = new byte[2 * values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(halves.AsSpan(2 * i), BitConverter.HalfToUInt16Bits((Half)values[i]));
                }

                return halves;
            default:
                var brains = new byte[2 * values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(brains.AsSpan(2 * i), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
                }

                return brains;
        }
    }

    private static void WriteDims(CodedOutputStream output, long[] dims)
    {
        foreach (long dim in dims)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(dim);
        }
    }

    private static byte[] Entry(string key, string value) => Message(output =>
    {
        WriteString(output, 1, key);
        WriteString(output, 2, value);
    });

    private static byte[] ValueInfo(string name, int elementType, object[]? dims)
    {
        byte[] tensorType = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32(elementType);
            if (dims is not null)
            {
                WriteMessage(output, 2, Message(shape =>
                {
                    foreach (object dim in dims)
                    {
                        WriteMessage(shape, 1, Message(d =>
                        {
                            if (dim is string symbol)
                            {
                                WriteString(d, 2, symbol);
                            }
                            else
                            {
                                d.WriteTag(1, WireFormat.WireType.Varint);
                                d.WriteInt64(Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                            }
                        }));
                    }
                }));
            }
        });

        return Message(output =>
        {
            WriteString(output, 1, name);
            WriteMessage(output, 2, Message(type => WriteMessage(type, 1, tensorType)));
        });
    }

    // A length-delimited field states its byte count first, so every nested message is serialized on its own.
    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    private static void WriteMessage(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Encoding.UTF8.GetBytes(value)));
    }
}
