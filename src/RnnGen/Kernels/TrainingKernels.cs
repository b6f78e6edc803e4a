using System;
using System.ComponentModel;

namespace RnnGen.Kernels;

/// <summary>Layout helpers for the generated training passes: transposes, bias broadcasts and bias gradients.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrainingKernels
{
    /// <summary><c>destination[columns, rows] = source[rows, columns]ᵀ</c>.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                destination[(column * rows) + row] = source[(row * columns) + column];
            }
        }
    }

    /// <summary><c>destination[columns, rows] += source[rows, columns]ᵀ</c>: a gradient computed transposed, added to a PyTorch-layout one.</summary>
    public static void AddTransposed(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                destination[(column * rows) + row] += source[(row * columns) + column];
            }
        }
    }

    /// <summary>Copies <paramref name="row"/> into each of the <paramref name="rows"/> rows of <paramref name="destination"/>: a bias, before a product adds to it.</summary>
    public static void FillRows(ReadOnlySpan<float> row, int rows, Span<float> destination)
    {
        for (int index = 0; index < rows; index++)
        {
            row.CopyTo(destination.Slice(index * row.Length, row.Length));
        }
    }

    /// <summary><c>destination[n] += Σ_rows source[rows, n]</c>: a bias gradient summed over steps and the batch.</summary>
    public static void AddColumnSums(ReadOnlySpan<float> source, int rows, Span<float> destination)
    {
        int n = destination.Length;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> values = source.Slice(row * n, n);
            for (int column = 0; column < n; column++)
            {
                destination[column] += values[column];
            }
        }
    }

    /// <summary>
    /// Row r of <paramref name="destination"/> becomes row r of <paramref name="first"/> followed by row r of
    /// <paramref name="second"/>, both <paramref name="width"/> wide: a bidirectional layer's two directions side by side.
    /// </summary>
    public static void Interleave(ReadOnlySpan<float> first, ReadOnlySpan<float> second, int width, Span<float> destination)
    {
        int rows = first.Length / width;
        for (int row = 0; row < rows; row++)
        {
            first.Slice(row * width, width).CopyTo(destination.Slice(row * 2 * width, width));
            second.Slice(row * width, width).CopyTo(destination.Slice((row * 2 * width) + width, width));
        }
    }

    /// <summary><c>destination += source</c>: a row of a gradient scattered onto the row it came from (an embedding's backward).</summary>
    public static void Add(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (int index = 0; index < destination.Length; index++)
        {
            destination[index] += source[index];
        }
    }
}
