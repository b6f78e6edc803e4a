using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace RnnGen.Tests.Weights;

/// <summary>A tensor to write into a test safetensors file, with its bytes already encoded.</summary>
public sealed record TestTensor(string Name, string DType, int[] Shape, byte[] Data);

/// <summary>Writes safetensors files independently of the library's writer, including malformed ones.</summary>
public static class SafeTensorsTestFiles
{
    /// <summary>The file: an 8-byte little-endian <paramref name="headerLength"/> (the header's length by default), the header, the data.</summary>
    public static byte[] Build(string header, byte[] data, ulong? headerLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + data.Length];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), headerLength ?? (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }

    /// <summary>A well-formed file of <paramref name="tensors"/>, laid out one after another in the given order.</summary>
    public static byte[] Build(IEnumerable<TestTensor> tensors, string? metadataJson = null)
    {
        var header = new StringBuilder("{");
        if (metadataJson is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $"\"__metadata__\":{metadataJson},");
        }

        var data = new List<byte>();
        foreach (TestTensor tensor in tensors)
        {
            header.Append(CultureInfo.InvariantCulture,
                $"\"{tensor.Name}\":{{\"dtype\":\"{tensor.DType}\",\"shape\":[{string.Join(",", tensor.Shape)}],\"data_offsets\":[{data.Count},{data.Count + tensor.Data.Length}]}},");
            data.AddRange(tensor.Data);
        }

        header.Length--;
        header.Append('}');
        return Build(header.ToString(), [.. data]);
    }

    /// <summary>Every parameter of <paramref name="network"/> as tensors of <paramref name="dtype"/> (F32, F16 or BF16), names mapped by <paramref name="rename"/>.</summary>
    public static List<TestTensor> Tensors(IRecurrentNetwork network, string dtype, Func<string, string>? rename = null)
    {
        int type = dtype switch { "F32" => OnnxGraphBuilder.FloatType, "F16" => OnnxGraphBuilder.Float16Type, _ => OnnxGraphBuilder.BFloat16Type };
        return network.ParameterNames.Select(name =>
        {
            int[] shape = network.ParameterShape(name);
            var values = new float[shape.Aggregate(1, (a, b) => a * b)];
            network.GetParameter(name, values);
            return new TestTensor(rename?.Invoke(name) ?? name, dtype, shape, OnnxGraphBuilder.Encode(values, type));
        }).ToList();
    }
}
