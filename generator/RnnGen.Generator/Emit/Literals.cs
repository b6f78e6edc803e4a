using System.Globalization;

namespace RnnGen.Generator.Emit;

/// <summary>Numbers written into generated code, always in the invariant culture (a U+2212 minus sign or a comma separator would not compile).</summary>
internal static class Literals
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A float constant that reads back to the same value: nine significant digits identify every float,
    /// and "G9" writes them alike on every runtime the compiler may run on (the shortest form differs
    /// between .NET Framework and .NET). A constant cannot carry a NaN's payload: every NaN becomes <c>float.NaN</c>.
    /// </summary>
    public static string Float(float value) =>
        float.IsNaN(value) ? "float.NaN"
        : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
        : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
        : value.ToString("G9", CultureInfo.InvariantCulture) + "f";

    /// <summary><paramref name="baseExpression"/> + <paramref name="offset"/>, folded when the base is a constant.</summary>
    public static string Offset(string baseExpression, int offset) =>
        int.TryParse(baseExpression, NumberStyles.None, CultureInfo.InvariantCulture, out int constant) ? Int(constant + offset)
        : offset == 0 ? baseExpression
        : $"{baseExpression} + {Int(offset)}";
}
