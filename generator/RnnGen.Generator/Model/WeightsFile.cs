using System.Linq;

namespace RnnGen.Generator.Model;

/// <summary>How reading a weights file ended.</summary>
internal enum WeightsFileStatus
{
    /// <summary>Every tensor was read.</summary>
    Read,

    /// <summary>The binary file reached the compiler as it is, without RnnGen's build step: it was not read, because the compiler cannot read it as text.</summary>
    NotEncoded,

    /// <summary>The file is not a valid safetensors file (or its encoding is damaged); <see cref="WeightsFile.Problem"/> says why.</summary>
    Corrupt,

    /// <summary>The file exceeds the embedding limit; it was not decoded.</summary>
    TooLarge,

    /// <summary>The reader itself failed, a bug in RnnGen; <see cref="WeightsFile.Problem"/> holds the exception's message.</summary>
    Failed,
}

/// <summary>One tensor of a weights file.</summary>
/// <param name="Shape">The shape as the file gives it.</param>
/// <param name="Bits">The float bit pattern of every element, row-major; empty when the dtype is not one RnnGen embeds.</param>
internal sealed record WeightsTensor(string Name, string Dtype, EquatableArray<long> Shape, EquatableArray<int> Bits)
{
    public string ShapeText => "[" + string.Join(", ", Shape.Select(dimension => dimension.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}

/// <summary>What reading one weights file (one AdditionalText) produced: equatable, so the read is cached until the file changes.</summary>
/// <param name="Path">The path of the safetensors file itself (not of its encoded copy), for matching the attribute's <c>Weights</c>.</param>
/// <param name="Length">The file's size in bytes, when known.</param>
/// <param name="Problem">Why the file could not be read, for the diagnostic; empty when it was.</param>
internal sealed record WeightsFile(string Path, WeightsFileStatus Status, long Length, string Problem, EquatableArray<WeightsTensor> Tensors);
