using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Weights;

/// <summary>The tensors of a network in PyTorch's <c>state_dict</c> order, with random values, written in a chosen dtype.</summary>
internal static class NetworkTensors
{
    public static Dictionary<string, float[]> Values(NetworkShape shape, int seed) =>
        ReferenceNetwork.RandomParameters(shape, seed, 1f / MathF.Sqrt(shape.HiddenSize));

    public static List<TensorBytes> Write(NetworkShape shape, IReadOnlyDictionary<string, float[]> values, string dtype = "F32", string prefix = "") =>
        shape.Parameters.Select(parameter =>
        {
            long[] dimensions = parameter.Shape.Select(dimension => (long)dimension).ToArray();
            string name = prefix + parameter.Name;
            return dtype switch
            {
                "F32" => TensorBytes.F32(name, values[parameter.Name], dimensions),
                "F16" => TensorBytes.F16(name, values[parameter.Name], dimensions),
                "BF16" => TensorBytes.BF16(name, values[parameter.Name], dimensions),
                _ => throw new ArgumentException("no such dtype in the tests: " + dtype, nameof(dtype)),
            };
        }).ToList();

    /// <summary>The values a file of <paramref name="dtype"/> actually holds: rounded to half precision, or truncated to bfloat16.</summary>
    public static Dictionary<string, float[]> AsStored(IReadOnlyDictionary<string, float[]> values, string dtype) =>
        values.ToDictionary(pair => pair.Key, pair => pair.Value.Select(value => dtype switch
        {
            "F16" => (float)(Half)value,
            "BF16" => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) & 0xFFFF0000u),
            _ => value,
        }).ToArray());
}
