using System.Collections.Immutable;

namespace RnnGen.Generator.Emit;

/// <summary>
/// One of the code paths every network gets, matching <c>RnnGen.Kernels.InstructionSet</c>. The path
/// fixes the widest vector and how many accumulators a tile may keep in registers.
/// </summary>
/// <param name="Name">The member of <c>InstructionSet</c> and the suffix of the path's methods.</param>
/// <param name="MaxWidth">The widest vector, in floats.</param>
/// <param name="AccumulatorBudget">
/// Accumulators per tile: 16 of the 32 zmm registers on AVX-512, 12 of the 16 ymm/xmm registers on the
/// other vector paths, 8 scalars; the rest hold the broadcast input, loaded weights and the activation temporaries.
/// </param>
/// <param name="HasFusedMultiplyAdd">Whether the path runs only where FMA hardware exists, so a fused multiply-add is one instruction.</param>
internal sealed record InstructionSetPath(string Name, int MaxWidth, int AccumulatorBudget, bool HasFusedMultiplyAdd)
{
    public static readonly ImmutableArray<InstructionSetPath> All = ImmutableArray.Create(
        new InstructionSetPath("Avx512", 16, 16, HasFusedMultiplyAdd: true),
        new InstructionSetPath("Avx2", 8, 12, HasFusedMultiplyAdd: true),
        new InstructionSetPath("Vector128", 4, 12, HasFusedMultiplyAdd: false),
        new InstructionSetPath("Scalar", 1, 8, HasFusedMultiplyAdd: false));

    /// <summary>
    /// The vector width for a layer of <paramref name="rows"/> outputs per gate: the path's widest, but
    /// no wider than needed, so a hidden size of 8 on AVX-512 runs full 256-bit vectors rather than
    /// half-empty 512-bit ones.
    /// </summary>
    public int WidthFor(int rows)
    {
        int width = MaxWidth;
        while (width > 4 && width / 2 >= rows)
        {
            width /= 2;
        }

        return width;
    }
}
