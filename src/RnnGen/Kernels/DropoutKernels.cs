using System;
using System.ComponentModel;

namespace RnnGen.Kernels;

/// <summary>Inverted dropout for the generated training passes: seeded masks, and applying them forward and backward.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <summary>
    /// Fills <paramref name="mask"/> with 0 (dropped, with probability <paramref name="probability"/>) or
    /// 1/(1 − p) (kept), element i decided by a hash of (<paramref name="seed"/>, <paramref name="pass"/>,
    /// <paramref name="layer"/>, i) alone, so any element can be reproduced without the others.
    /// </summary>
    public static void FillMask(Span<float> mask, float probability, int seed, long pass, int layer)
    {
        float scale = 1f / (1f - probability);
        ulong key = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)pass * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)(uint)layer * 0x165667B19E3779F9UL));
        for (int index = 0; index < mask.Length; index++)
        {
            float uniform = (Mix(key + ((ulong)index * 0xD6E8FEB86659FD93UL)) >> 40) * (1f / (1 << 24));
            mask[index] = uniform < probability ? 0f : scale;
        }
    }

    /// <summary><c>destination = values ⊙ mask</c>: a layer's output as the next layer reads it.</summary>
    public static void Apply(ReadOnlySpan<float> values, ReadOnlySpan<float> mask, Span<float> destination)
    {
        for (int index = 0; index < destination.Length; index++)
        {
            destination[index] = values[index] * mask[index];
        }
    }

    /// <summary><c>gradient ⊙= mask</c>: the gradient reaching a layer's output back through its dropout.</summary>
    public static void ApplyInPlace(Span<float> gradient, ReadOnlySpan<float> mask)
    {
        for (int index = 0; index < gradient.Length; index++)
        {
            gradient[index] *= mask[index];
        }
    }

    // SplitMix64's finalizer: every input bit affects every output bit.
    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
