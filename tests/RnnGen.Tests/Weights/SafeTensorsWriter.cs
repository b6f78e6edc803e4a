using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace RnnGen.Tests.Weights;

/// <summary>One tensor to write: its name, dtype, shape and raw little-endian data.</summary>
internal sealed record TensorBytes(string Name, string Dtype, long[] Shape, byte[] Data)
{
    public static TensorBytes F32(string name, float[] values, params long[] shape) =>
        new(name, "F32", shape, values.SelectMany(value => { var bytes = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(bytes, value); return bytes; }).ToArray());

    public static TensorBytes F16(string name, float[] values, params long[] shape) =>
        new(name, "F16", shape, values.SelectMany(value => { var bytes = new byte[2]; BinaryPrimitives.WriteHalfLittleEndian(bytes, (Half)value); return bytes; }).ToArray());

    /// <summary>bfloat16 by truncation: the tests then know the exact values the file holds.</summary>
    public static TensorBytes BF16(string name, float[] values, params long[] shape) =>
        new(name, "BF16", shape, values.SelectMany(value => { var bytes = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16)); return bytes; }).ToArray());
}

/// <summary>A minimal safetensors writer for the tests: the layout <c>safetensors.torch.save_file</c> produces.</summary>
internal static class SafeTensorsWriter
{
    public static byte[] Write(IEnumerable<TensorBytes> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = new List<string>();
        if (metadata is not null)
        {
            entries.Add("\"__metadata__\":{" + string.Join(",", metadata.Select(pair => $"\"{pair.Key}\":\"{pair.Value}\"")) + "}");
        }

        long offset = 0;
        var data = new List<byte>();
        foreach (TensorBytes tensor in tensors)
        {
            string shape = string.Join(",", tensor.Shape.Select(dimension => dimension.ToString(CultureInfo.InvariantCulture)));
            entries.Add($"\"{tensor.Name}\":{{\"dtype\":\"{tensor.Dtype}\",\"shape\":[{shape}],\"data_offsets\":[{offset.ToString(CultureInfo.InvariantCulture)},{(offset + tensor.Data.Length).ToString(CultureInfo.InvariantCulture)}]}}");
            offset += tensor.Data.Length;
            data.AddRange(tensor.Data);
        }

        return WithHeader("{" + string.Join(",", entries) + "}", data.ToArray());
    }

    /// <summary>A file of any header text (valid or not) and data; the header is padded with spaces to a multiple of 8 bytes, as the format does.</summary>
    public static byte[] WithHeader(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        return file;
    }
}
