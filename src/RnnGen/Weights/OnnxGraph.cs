using System;
using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>
/// The main graph of an ONNX <c>ModelProto</c>: its nodes in order, its initializers by name, and the
/// names of its inputs; everything else in the model is skipped (but still checked to be well-formed
/// protobuf where it is walked).
/// </summary>
internal sealed class OnnxGraph
{
    private OnnxGraph()
    {
    }

    public List<OnnxNode> Nodes { get; } = [];

    public Dictionary<string, OnnxTensor> Initializers { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses the model's graph.</summary>
    /// <exception cref="WeightFileException">The protobuf is malformed, or there is no graph or more than one.</exception>
    public static OnnxGraph Read(OnnxFile file)
    {
        // ModelProto: ir_version = 1, graph = 7, opset_import = 8.
        ProtoReader model = file.Reader(new ByteRange(0, file.Bytes.Length), "the model");
        ByteRange? graph = null;
        while (model.Next(out int field, out WireType wireType))
        {
            switch (field)
            {
                case 1:
                    model.Expect(field, wireType, WireType.Varint);
                    model.ReadVarint();
                    break;
                case 7:
                    model.Expect(field, wireType, WireType.LengthDelimited);
                    if (graph is not null)
                    {
                        throw new WeightFileException(file.Name, "the model has more than one graph.");
                    }

                    graph = model.ReadLengthDelimited();
                    break;
                case 8:
                    model.Expect(field, wireType, WireType.LengthDelimited);
                    model.ReadLengthDelimited();
                    break;
                default:
                    model.Skip(wireType);
                    break;
            }
        }

        if (graph is null)
        {
            throw new WeightFileException(file.Name, "the file holds no ONNX graph: it is empty, truncated or not an ONNX model.");
        }

        var result = new OnnxGraph();
        result.ReadGraph(file, graph.Value);
        return result;
    }

    // GraphProto: node = 1, initializer = 5, input = 11.
    private void ReadGraph(OnnxFile file, ByteRange graph)
    {
        ProtoReader reader = file.Reader(graph, "graph");
        while (reader.Next(out int field, out WireType wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    Nodes.Add(OnnxNode.Read(file, reader.ReadLengthDelimited(), Nodes.Count));
                    break;
                case 5:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    OnnxTensor tensor = OnnxTensor.Read(file, reader.ReadLengthDelimited(), $"graph.initializer[{Initializers.Count}]");
                    if (!Initializers.TryAdd(tensor.Name, tensor))
                    {
                        throw new WeightFileException(file.Name, $"the initializer '{tensor.Name}' appears more than once.");
                    }

                    break;
                case 11:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    Inputs.Add(ReadValueInfoName(file, reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
    }

    // ValueInfoProto: name = 1.
    private static string ReadValueInfoName(OnnxFile file, ByteRange message)
    {
        ProtoReader reader = file.Reader(message, "graph.input");
        string name = string.Empty;
        while (reader.Next(out int field, out WireType wireType))
        {
            if (field == 1)
            {
                reader.Expect(field, wireType, WireType.LengthDelimited);
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return name;
    }
}
