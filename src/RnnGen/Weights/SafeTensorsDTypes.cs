using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace RnnGen.Weights;

/// <summary>The dtypes of the safetensors format: their sizes, and the conversion of the floating ones RnnGen loads.</summary>
internal static class SafeTensorsDTypes
{
    /// <summary>The dtypes RnnGen converts to float, as they appear in messages.</summary>
    public const string Loadable = "F32, F16 and BF16";

    // Every dtype the format defines whose elements are whole bytes: a file may hold any of them in
    // tensors that are ignored, and their sizes are needed to check the offsets all the same.
    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1,
        ["U8"] = 1,
        ["I8"] = 1,
        ["F8_E5M2"] = 1,
        ["F8_E4M3"] = 1,
        ["F8_E8M0"] = 1,
        ["I16"] = 2,
        ["U16"] = 2,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I32"] = 4,
        ["U32"] = 4,
        ["F32"] = 4,
        ["I64"] = 8,
        ["U64"] = 8,
        ["F64"] = 8,
        ["C64"] = 8,
    };

    /// <summary>The dtype the reader stands on, as the table's own string (so a header of many tensors holds one copy), or null for a dtype we do not know.</summary>
    public static string? Known(ref System.Text.Json.Utf8JsonReader reader)
    {
        foreach (string dtype in Sizes.Keys)
        {
            if (reader.ValueTextEquals(dtype))
            {
                return dtype;
            }
        }

        return null;
    }

    /// <summary>The size in bytes of one element of <paramref name="dtype"/>, or null for a dtype we do not know.</summary>
    public static int? SizeOf(string dtype) => Sizes.TryGetValue(dtype, out int size) ? size : null;

    /// <summary>Whether <paramref name="dtype"/> is one RnnGen converts to float.</summary>
    public static bool IsLoadable(string dtype) => dtype is "F32" or "F16" or "BF16";

    /// <summary>Converts little-endian <paramref name="source"/> of a loadable dtype into <paramref name="destination"/>.</summary>
    public static void ToSingle(string dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case "F32" when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case "F32":
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                }

                break;
            case "F16":
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                }

                break;
            case "BF16":
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a loadable dtype.");
        }
    }

    /// <summary>bfloat16 is the upper half of a float32, so widening is exact, NaN and infinities included.</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);
}
