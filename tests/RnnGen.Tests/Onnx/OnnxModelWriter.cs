using System;
using System.IO;
using System.Text;
using Google.Protobuf;

namespace RnnGen.Tests.Onnx;

/// <summary>
/// Writes a one-node ONNX model (an <c>RNN</c>, <c>LSTM</c> or <c>GRU</c> operator) for one PyTorch
/// layer, serializing the ONNX messages field by field so the tests depend on no generated ONNX code.
/// </summary>
/// <remarks>
/// The model has one input <c>X</c> [steps, 1, inputSize], with the number of steps left symbolic, and
/// one output <c>Y</c> [steps, 1, 1, hiddenSize]. Field numbers and wire types are those of onnx.proto.
/// </remarks>
public static class OnnxModelWriter
{
    /// <summary>The input's name in the written graph.</summary>
    public const string InputName = "X";

    /// <summary>The output's name in the written graph.</summary>
    public const string OutputName = "Y";

    private const long IrVersion = 8;
    private const long OpsetVersion = 14;
    private const int FloatElementType = 1;
    private const int AttributeTypeInt = 2;
    private const int AttributeTypeStrings = 8;

    // ONNX's gate order, as indices into PyTorch's: LSTM i,o,f,c from i,f,g,o; GRU z,r,h from r,z,n.
    private static readonly int[] LstmGates = [0, 3, 1, 2];
    private static readonly int[] GruGates = [1, 0, 2];
    private static readonly int[] RnnGates = [0];

    /// <summary>Builds the model of one layer from its PyTorch parameters.</summary>
    /// <param name="cell">The layer's cell.</param>
    /// <param name="nonlinearity">For <see cref="CellType.Rnn"/>, Tanh or Relu; ignored otherwise.</param>
    /// <param name="inputSize">The number of features of one input step.</param>
    /// <param name="hiddenSize">The number of hidden units.</param>
    /// <param name="weightIh">PyTorch's <c>weight_ih_l{k}</c>, [G·H, inputSize].</param>
    /// <param name="weightHh">PyTorch's <c>weight_hh_l{k}</c>, [G·H, H].</param>
    /// <param name="biasIh">PyTorch's <c>bias_ih_l{k}</c>, [G·H].</param>
    /// <param name="biasHh">PyTorch's <c>bias_hh_l{k}</c>, [G·H].</param>
    /// <returns>The serialized <c>ModelProto</c>.</returns>
    public static byte[] WriteLayer(
        CellType cell,
        Activation nonlinearity,
        int inputSize,
        int hiddenSize,
        float[] weightIh,
        float[] weightHh,
        float[] biasIh,
        float[] biasHh)
    {
        int[] gates = cell switch
        {
            CellType.Rnn => RnnGates,
            CellType.Lstm => LstmGates,
            CellType.Gru => GruGates,
            _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell type."),
        };
        int gateRows = gates.Length * hiddenSize;
        RequireLength(weightIh, gateRows * inputSize, nameof(weightIh));
        RequireLength(weightHh, gateRows * hiddenSize, nameof(weightHh));
        RequireLength(biasIh, gateRows, nameof(biasIh));
        RequireLength(biasHh, gateRows, nameof(biasHh));

        float[] w = ReorderGates(weightIh, gates, hiddenSize * inputSize);
        float[] r = ReorderGates(weightHh, gates, hiddenSize * hiddenSize);
        float[] b = [.. ReorderGates(biasIh, gates, hiddenSize), .. ReorderGates(biasHh, gates, hiddenSize)];

        byte[] node = Message(output =>
        {
            foreach (string input in new[] { InputName, "W", "R", "B" })
            {
                WriteString(output, 1, input);
            }

            WriteString(output, 2, OutputName);
            WriteString(output, 4, cell switch { CellType.Rnn => "RNN", CellType.Lstm => "LSTM", _ => "GRU" });
            WriteMessage(output, 5, IntAttribute("hidden_size", hiddenSize));
            if (cell == CellType.Gru)
            {
                WriteMessage(output, 5, IntAttribute("linear_before_reset", 1));
            }

            if (cell == CellType.Rnn)
            {
                string activation = nonlinearity switch
                {
                    Activation.Tanh => "Tanh",
                    Activation.Relu => "Relu",
                    _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "An RNN takes Tanh or Relu."),
                };
                WriteMessage(output, 5, StringsAttribute("activations", activation));
            }
        });

        byte[] graph = Message(output =>
        {
            WriteMessage(output, 1, node);
            WriteString(output, 2, "layer");
            WriteMessage(output, 5, FloatTensor("W", [1, gateRows, inputSize], w));
            WriteMessage(output, 5, FloatTensor("R", [1, gateRows, hiddenSize], r));
            WriteMessage(output, 5, FloatTensor("B", [1, 2 * gateRows], b));
            WriteMessage(output, 11, FloatValueInfo(InputName, "steps", 1, inputSize));
            WriteMessage(output, 12, FloatValueInfo(OutputName, "steps", 1, 1, hiddenSize));
        });

        return Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(IrVersion);
            WriteString(output, 2, "RnnGen.Tests");
            WriteMessage(output, 7, graph);
            WriteMessage(output, 8, Message(opset =>
            {
                WriteString(opset, 1, string.Empty);
                opset.WriteTag(2, WireFormat.WireType.Varint);
                opset.WriteInt64(OpsetVersion);
            }));
        });
    }

    private static float[] ReorderGates(float[] pytorch, int[] gates, int blockLength)
    {
        var onnx = new float[pytorch.Length];
        for (int gate = 0; gate < gates.Length; gate++)
        {
            Array.Copy(pytorch, gates[gate] * blockLength, onnx, gate * blockLength, blockLength);
        }

        return onnx;
    }

    private static byte[] IntAttribute(string name, long value) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeTypeInt);
        output.WriteTag(3, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    });

    private static byte[] StringsAttribute(string name, params string[] values) => Message(output =>
    {
        WriteString(output, 1, name);
        output.WriteTag(20, WireFormat.WireType.Varint);
        output.WriteInt32(AttributeTypeStrings);
        foreach (string value in values)
        {
            WriteString(output, 9, value);
        }
    });

    private static byte[] FloatTensor(string name, long[] dims, float[] values) => Message(output =>
    {
        foreach (long dim in dims)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(dim);
        }

        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt32(FloatElementType);

        // float_data is a packed repeated float: one length, then fixed 32-bit little-endian values.
        output.WriteTag(4, WireFormat.WireType.LengthDelimited);
        output.WriteLength(values.Length * sizeof(float));
        foreach (float value in values)
        {
            output.WriteFloat(value);
        }

        WriteString(output, 8, name);
    });

    /// <summary>A ValueInfoProto of a float tensor whose first dimension is the symbol <paramref name="firstDim"/>.</summary>
    private static byte[] FloatValueInfo(string name, string firstDim, params long[] otherDims)
    {
        byte[] shape = Message(output =>
        {
            WriteMessage(output, 1, Message(dim => WriteString(dim, 2, firstDim)));
            foreach (long value in otherDims)
            {
                WriteMessage(output, 1, Message(dim =>
                {
                    dim.WriteTag(1, WireFormat.WireType.Varint);
                    dim.WriteInt64(value);
                }));
            }
        });

        byte[] tensorType = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32(FloatElementType);
            WriteMessage(output, 2, shape);
        });

        return Message(output =>
        {
            WriteString(output, 1, name);
            WriteMessage(output, 2, Message(type => WriteMessage(type, 1, tensorType)));
        });
    }

    private static void RequireLength(float[] values, int length, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        if (values.Length != length)
        {
            throw new ArgumentException($"Expected {length} values, got {values.Length}.", parameterName);
        }
    }

    // Every nested message is serialized on its own first, because a length-delimited field must
    // state its byte count before its content.
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
