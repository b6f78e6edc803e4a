using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Google.Protobuf;

namespace RnnGen.Bench;

/// <summary>
/// Writes a network as an ONNX graph of ONNX's own RNN, LSTM and GRU operators, one node per layer
/// (plus Squeeze between layers and MatMul + Add for a head), with every layer's state as a graph input
/// and output so that a caller can feed it back step by step.
/// </summary>
/// <remarks>
/// Field numbers and wire types are those of onnx.proto, as in the tests' one-layer writer; this one adds
/// the state inputs and outputs and the layers' chaining that a streaming run needs.
/// </remarks>
public static class OnnxNetworkWriter
{
    public const string InputName = "X";

    public const string OutputName = "out";

    private const long IrVersion = 8;
    private const long OpsetVersion = 14;
    private const int FloatElementType = 1;
    private const int Int64ElementType = 7;
    private const int AttributeTypeInt = 2;
    private const int AttributeTypeStrings = 8;

    // ONNX's gate order, as indices into PyTorch's: LSTM i,o,f,c from i,f,g,o; GRU z,r,h from r,z,n.
    private static readonly int[] LstmGates = [0, 3, 1, 2];
    private static readonly int[] GruGates = [1, 0, 2];
    private static readonly int[] RnnGates = [0];

    public static string InitialHidden(int layer) => $"initial_h_{layer}";

    public static string InitialCell(int layer) => $"initial_c_{layer}";

    public static string FinalHidden(int layer) => $"Y_h_{layer}";

    public static string FinalCell(int layer) => $"Y_c_{layer}";

    /// <summary>The model: X [T, 1, I] and each layer's state in; out [T, 1, O] and each layer's final state out.</summary>
    public static byte[] Write(NetworkWeights weights)
    {
        int hidden = weights.HiddenSize;
        int[] gates = weights.Cell switch { CellType.Lstm => LstmGates, CellType.Gru => GruGates, _ => RnnGates };
        bool lstm = weights.Cell == CellType.Lstm;
        var nodes = new List<byte[]>();
        var initializers = new List<byte[]>();
        var inputs = new List<byte[]> { FloatValueInfo(InputName, "T", 1, weights.InputSize) };
        var outputs = new List<byte[]>();
        initializers.Add(Int64Tensor("squeeze_axes", [1], [1]));
        string x = InputName;
        for (int layer = 0; layer < weights.Layers; layer++)
        {
            LayerWeights layerWeights = LayerWeights.Of(weights)[layer];
            int inputSize = weights.LayerInputSize(layer);
            int gateRows = gates.Length * hidden;
            initializers.Add(FloatTensor($"W_{layer}", [1, gateRows, inputSize], ReorderGates(layerWeights.WeightIh, gates, hidden * inputSize)));
            initializers.Add(FloatTensor($"R_{layer}", [1, gateRows, hidden], ReorderGates(layerWeights.WeightHh, gates, hidden * hidden)));
            initializers.Add(FloatTensor($"B_{layer}", [1, 2 * gateRows], [.. ReorderGates(layerWeights.BiasIh, gates, hidden), .. ReorderGates(layerWeights.BiasHh, gates, hidden)]));
            inputs.Add(FloatValueInfo(InitialHidden(layer), null, 1, 1, hidden));
            outputs.Add(FloatValueInfo(FinalHidden(layer), null, 1, 1, hidden));
            var nodeInputs = new List<string> { x, $"W_{layer}", $"R_{layer}", $"B_{layer}", string.Empty, InitialHidden(layer) };
            var nodeOutputs = new List<string> { $"Y_{layer}", FinalHidden(layer) };
            if (lstm)
            {
                nodeInputs.Add(InitialCell(layer));
                nodeOutputs.Add(FinalCell(layer));
                inputs.Add(FloatValueInfo(InitialCell(layer), null, 1, 1, hidden));
                outputs.Add(FloatValueInfo(FinalCell(layer), null, 1, 1, hidden));
            }

            nodes.Add(Node(weights.Cell switch { CellType.Rnn => "RNN", CellType.Lstm => "LSTM", _ => "GRU" }, nodeInputs, nodeOutputs, node =>
            {
                WriteMessage(node, 5, IntAttribute("hidden_size", hidden));
                if (weights.Cell == CellType.Gru)
                {
                    WriteMessage(node, 5, IntAttribute("linear_before_reset", 1));
                }

                if (weights.Cell == CellType.Rnn)
                {
                    WriteMessage(node, 5, StringsAttribute("activations", "Tanh"));
                }
            }));

            // Y is [T, directions = 1, batch = 1, H]; the next layer, and the output, want [T, 1, H].
            x = weights.HasHead || layer + 1 < weights.Layers ? $"X_{layer + 1}" : OutputName;
            nodes.Add(Node("Squeeze", [$"Y_{layer}", "squeeze_axes"], [x], _ => { }));
        }

        if (weights.HasHead)
        {
            float[] headWeight = weights.Parameters["head.weight"];
            var transposed = new float[headWeight.Length];
            for (int row = 0; row < weights.OutputSize; row++)
            {
                for (int column = 0; column < hidden; column++)
                {
                    transposed[column * weights.OutputSize + row] = headWeight[row * hidden + column];
                }
            }

            initializers.Add(FloatTensor("head_weight", [hidden, weights.OutputSize], transposed));
            initializers.Add(FloatTensor("head_bias", [weights.OutputSize], weights.Parameters["head.bias"]));
            nodes.Add(Node("MatMul", [x, "head_weight"], ["head_product"], _ => { }));
            nodes.Add(Node("Add", ["head_product", "head_bias"], [OutputName], _ => { }));
        }

        outputs.Insert(0, FloatValueInfo(OutputName, "T", 1, weights.OutputSize));
        byte[] graph = Message(output =>
        {
            foreach (byte[] node in nodes)
            {
                WriteMessage(output, 1, node);
            }

            WriteString(output, 2, "network");
            foreach (byte[] initializer in initializers)
            {
                WriteMessage(output, 5, initializer);
            }

            foreach (byte[] input in inputs)
            {
                WriteMessage(output, 11, input);
            }

            foreach (byte[] graphOutput in outputs)
            {
                WriteMessage(output, 12, graphOutput);
            }
        });

        return Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(IrVersion);
            WriteString(output, 2, "RnnGen.Bench");
            WriteMessage(output, 7, graph);
            WriteMessage(output, 8, Message(opset =>
            {
                WriteString(opset, 1, string.Empty);
                opset.WriteTag(2, WireFormat.WireType.Varint);
                opset.WriteInt64(OpsetVersion);
            }));
        });
    }

    private static byte[] Node(string operatorType, IEnumerable<string> inputs, IEnumerable<string> outputs, Action<CodedOutputStream> attributes) => Message(output =>
    {
        foreach (string input in inputs)
        {
            WriteString(output, 1, input);
        }

        foreach (string name in outputs)
        {
            WriteString(output, 2, name);
        }

        WriteString(output, 4, operatorType);
        attributes(output);
    });

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
        WriteDims(output, dims);
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

    private static byte[] Int64Tensor(string name, long[] dims, long[] values) => Message(output =>
    {
        WriteDims(output, dims);
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt32(Int64ElementType);
        foreach (long value in values)
        {
            output.WriteTag(7, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        WriteString(output, 8, name);
    });

    private static void WriteDims(CodedOutputStream output, long[] dims)
    {
        foreach (long dim in dims)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(dim);
        }
    }

    /// <summary>A ValueInfoProto of a float tensor, its first dimension the symbol <paramref name="firstDim"/> when there is one.</summary>
    private static byte[] FloatValueInfo(string name, string? firstDim, params long[] dims)
    {
        byte[] shape = Message(output =>
        {
            if (firstDim is not null)
            {
                WriteMessage(output, 1, Message(dim => WriteString(dim, 2, firstDim)));
            }

            foreach (long value in dims)
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
