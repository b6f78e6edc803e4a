using System.Globalization;

namespace RnnGen.Generator.Emit;

/// <summary>Numbers written into generated code, always in the invariant culture (a U+2212 minus sign or a comma separator would not compile).</summary>
internal static class Literals
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A float literal that round-trips: <c>0.25f</c>.</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary><paramref name="baseExpression"/> + <paramref name="offset"/>, folded when the base is a constant.</summary>
    public static string Offset(string baseExpression, int offset) =>
        int.TryParse(baseExpression, NumberStyles.None, CultureInfo.InvariantCulture, out int constant) ? Int(constant + offset)
        : offset == 0 ? baseExpression
        : $"{baseExpression} + {Int(offset)}";
}
