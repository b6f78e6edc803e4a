using System.Runtime.InteropServices;

namespace RnnGen.Generator.Weights;

/// <summary>Reinterprets a float's bits; netstandard2.0 has no <c>BitConverter.Int32BitsToSingle</c>, and overlapping fields need no unsafe code.</summary>
[StructLayout(LayoutKind.Explicit)]
internal struct FloatBits
{
    [FieldOffset(0)]
    private int _bits;

    [FieldOffset(0)]
    private float _value;

    public static float ToFloat(int bits) => new FloatBits { _bits = bits }._value;

    public static int ToBits(float value) => new FloatBits { _value = value }._bits;
}
