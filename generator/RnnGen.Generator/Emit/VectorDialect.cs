using System.Globalization;

namespace RnnGen.Generator.Emit;

/// <summary>How one vector width spells its operations in C#: the only place the emitted kernels differ between instruction sets.</summary>
internal sealed class VectorDialect
{
    private readonly bool _fused;

    public VectorDialect(int width, bool fused)
    {
        Width = width;
        _fused = fused;
    }

    /// <summary>Floats per vector; 1 is plain scalar code.</summary>
    public int Width { get; }

    public bool IsScalar => Width == 1;

    public string Type => IsScalar ? "float" : $"Vector{Width * 32}<float>";

    private string Static => $"Vector{Width * 32}";

    public string Load(string reference, string offset) =>
        IsScalar ? $"Unsafe.Add(ref {reference}, {offset})" : $"{Static}.LoadUnsafe(ref {reference}, {offset})";

    /// <summary>Stores <paramref name="value"/>, a local's name.</summary>
    public string Store(string value, string reference, string offset) =>
        IsScalar ? $"Unsafe.Add(ref {reference}, {offset}) = {value};" : $"{value}.StoreUnsafe(ref {reference}, {offset});";

    public string Broadcast(string scalar) => IsScalar ? scalar : $"{Static}.Create({scalar})";

    /// <summary><c>a * b + c</c>: one fused instruction where the path guarantees FMA hardware, else the fastest the hardware has.</summary>
    public string MultiplyAdd(string a, string b, string c) =>
        IsScalar ? $"{a} * {b} + {c}"
        : _fused ? $"{Static}.FusedMultiplyAdd({a}, {b}, {c})"
        : $"{Static}.MultiplyAddEstimate({a}, {b}, {c})";

    public string Max(string a, string b) => IsScalar ? $"MathF.Max({a}, {b})" : $"{Static}.Max({a}, {b})";

    public string Zero => IsScalar ? "0f" : $"{Type}.Zero";

    public string One => IsScalar ? "1f" : $"{Type}.One";

    public string Element(string vector, int lane) =>
        IsScalar ? vector : $"{vector}.GetElement({lane.ToString(CultureInfo.InvariantCulture)})";
}
