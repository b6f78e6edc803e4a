using System;

namespace RnnGen.Generator.Weights;

/// <summary>The safetensors dtypes: their element sizes, and the conversion to float of the ones RnnGen embeds.</summary>
internal static class SafeTensorsDtype
{
    /// <summary>The element size in bytes of a dtype safetensors defines, or 0 for a name it does not.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };

    /// <summary>Whether RnnGen converts this dtype to its float parameters: F32 as is, F16 and BF16 exactly (every such value is a float).</summary>
    public static bool IsSupported(string dtype) => dtype is "F32" or "F16" or "BF16";

    /// <summary>
    /// The float bit patterns of <paramref name="count"/> little-endian elements of a supported dtype
    /// starting at <paramref name="offset"/>. Bits rather than floats, so that equality (and with it the
    /// incremental cache) sees every change, even of a zero's sign or a NaN's payload.
    /// </summary>
    public static int[] ToFloatBits(string dtype, byte[] data, int offset, int count)
    {
        var bits = new int[count];
        switch (dtype)
        {
            case "F32":
                for (int index = 0, at = offset; index < count; index++, at += 4)
                {
                    bits[index] = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24);
                }

                break;
            case "F16":
                for (int index = 0, at = offset; index < count; index++, at += 2)
                {
                    bits[index] = HalfToFloatBits((ushort)(data[at] | (data[at + 1] << 8)));
                }

                break;
            case "BF16":
                // bfloat16 is the upper half of a float.
                for (int index = 0, at = offset; index < count; index++, at += 2)
                {
                    bits[index] = (data[at] << 16) | (data[at + 1] << 24);
                }

                break;
            default:
                throw new ArgumentException("unsupported dtype " + dtype, nameof(dtype));
        }

        return bits;
    }

    /// <summary>IEEE 754 binary16 to binary32 bits, exactly: subnormal halves become normal floats, NaN payloads are kept.</summary>
    public static int HalfToFloatBits(ushort half)
    {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F)
        {
            return sign | 0x7F800000 | (mantissa << 13);
        }

        if (exponent == 0)
        {
            if (mantissa == 0)
            {
                return sign;
            }

            // Normalize: shift the leading one into the implicit bit, lowering the exponent as we go.
            exponent = 1;
            while ((mantissa & 0x400) == 0)
            {
                mantissa <<= 1;
                exponent--;
            }

            mantissa &= 0x3FF;
        }

        return sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
}
