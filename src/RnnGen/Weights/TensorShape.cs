using System;
using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>Element counts and the text of tensor shapes, shared by the file formats.</summary>
internal static class TensorShape
{
    /// <summary>The number of elements, or null when a dimension is negative or the product overflows.</summary>
    public static long? ElementCount(IReadOnlyList<long> dims)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            if (dim < 0)
            {
                return null;
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return count;
    }

    /// <summary>The number of elements of a valid shape.</summary>
    public static int ElementCount(IReadOnlyList<int> dims)
    {
        int count = 1;
        foreach (int dim in dims)
        {
            count = checked(count * dim);
        }

        return count;
    }

    /// <summary>Whether the two shapes have the same dimensions.</summary>
    public static bool SameAs(IReadOnlyList<long> found, IReadOnlyList<int> expected)
    {
        if (found.Count != expected.Count)
        {
            return false;
        }

        for (int i = 0; i < found.Count; i++)
        {
            if (found[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The shape as PyTorch prints it, e.g. <c>[128, 8]</c>.</summary>
    public static string Format<T>(IEnumerable<T> dims) => "[" + string.Join(", ", dims) + "]";
}
