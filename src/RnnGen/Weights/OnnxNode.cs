using System;
using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>One <c>NodeProto</c>: its operator, its inputs and outputs by name, and where its attributes are.</summary>
internal sealed class OnnxNode
{
    private readonly List<ByteRange> _attributes = [];

    private OnnxNode(int index) => Index = index;

    /// <summary>The node's position in the graph, which ONNX requires to be topological.</summary>
    public int Index { get; }

    public string Name { get; private set; } = string.Empty;

    public string OpType { get; private set; } = string.Empty;

    public string Domain { get; private set; } = string.Empty;

    /// <summary>Input names; an empty name is an omitted optional input.</summary>
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    /// <summary>The node as messages name it, e.g. <c>LSTM node '/lstm/LSTM'</c>.</summary>
    public string Description => Name.Length > 0 ? $"{OpType} node '{Name}'" : $"{OpType} node #{Index}";

    /// <summary>The input at <paramref name="index"/>, or empty when it is omitted.</summary>
    public string Input(int index) => index < Inputs.Count ? Inputs[index] : string.Empty;

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.
    public static OnnxNode Read(OnnxFile file, ByteRange message, int index)
    {
        file.Budget.Charge(ParseBudget.Record);
        var node = new OnnxNode(index);
        ProtoReader reader = file.Reader(message, $"graph.node[{index}]");
        while (reader.Next(out int field, out WireType wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    node.Inputs.Add(reader.ReadString());
                    break;
                case 2:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    node.Outputs.Add(reader.ReadString());
                    break;
                case 3:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    node.Name = reader.ReadString();
                    break;
                case 4:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    node.OpType = reader.ReadString();
                    break;
                case 5:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    node._attributes.Add(reader.ReadLengthDelimited());
                    break;
                case 7:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    node.Domain = reader.ReadString();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return node;
    }

    /// <summary>Parses the attributes, which only the nodes the importer inspects need.</summary>
    /// <exception cref="WeightFileException">An attribute is malformed or appears twice.</exception>
    public Dictionary<string, OnnxAttribute> ReadAttributes(OnnxFile file)
    {
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        for (int i = 0; i < _attributes.Count; i++)
        {
            OnnxAttribute attribute = OnnxAttribute.Read(file, _attributes[i], $"graph.node[{Index}].attribute[{i}]");
            if (!attributes.TryAdd(attribute.Name, attribute))
            {
                throw new WeightFileException(file.Name, $"{Description} has the attribute '{attribute.Name}' twice.");
            }
        }

        return attributes;
    }
}
