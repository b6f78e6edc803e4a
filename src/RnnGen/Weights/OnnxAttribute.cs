using System;
using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>One <c>AttributeProto</c> of a node: its name and whichever value fields it holds.</summary>
internal sealed class OnnxAttribute
{
    private OnnxAttribute(string name) => Name = name;

    public string Name { get; }

    public float? Float { get; private set; }

    public long? Int { get; private set; }

    public string? String { get; private set; }

    /// <summary>A <c>TensorProto</c> value (the <c>value</c> of a <c>Constant</c> node).</summary>
    public ByteRange? Tensor { get; private set; }

    public List<long> Ints { get; } = [];

    public List<string> Strings { get; } = [];

    // AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7, ints = 8, strings = 9.
    public static OnnxAttribute Read(OnnxFile file, ByteRange message, string context)
    {
        file.Budget.Charge(ParseBudget.Record);
        ProtoReader reader = file.Reader(message, context);
        string name = string.Empty;
        float? value = null;
        long? integer = null;
        string? text = null;
        ByteRange? tensor = null;
        var ints = new List<long>();
        Action<long> addInt = ints.Add;
        var strings = new List<string>();
        while (reader.Next(out int field, out WireType wireType))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    name = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(field, wireType, WireType.Fixed32);
                    value = BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
                    break;
                case 3:
                    reader.Expect(field, wireType, WireType.Varint);
                    integer = reader.ReadInt64();
                    break;
                case 4:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    text = reader.ReadString();
                    break;
                case 5:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    tensor = reader.ReadLengthDelimited();
                    break;
                case 8:
                    file.Budget.Charge(ParseBudget.Slot * reader.ReadVarints(field, wireType, addInt));
                    break;
                case 9:
                    reader.Expect(field, wireType, WireType.LengthDelimited);
                    file.Budget.Charge(ParseBudget.Slot);
                    strings.Add(reader.ReadString());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        var attribute = new OnnxAttribute(name) { Float = value, Int = integer, String = text, Tensor = tensor };
        attribute.Ints.AddRange(ints);
        attribute.Strings.AddRange(strings);
        return attribute;
    }
}
