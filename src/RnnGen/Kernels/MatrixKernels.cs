using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnGen.Kernels;

/// <summary>
/// The matrix products of the training passes, where the batch and the sequence give the weights
/// reuse: row-major, contiguous, vectorized along the output columns on the active instruction set.
/// </summary>
/// <remarks>
/// Each kernel keeps a block of two output rows by up to four vectors in registers while it streams the
/// shared dimension, so every loaded vector of <c>b</c> feeds two multiply-adds and every broadcast
/// element of <c>a</c> four. The shared dimension is summed in blocks of <see cref="SumBlock"/> that each
/// start from zero and are then added to <c>c</c>: a weight gradient sums thousands of steps and
/// sequences whose terms largely cancel, and one long float chain would lose digits the blocks keep.
/// </remarks>
public static class MatrixKernels
{
    private const int SumBlock = 64;

    /// <summary><c>c[m, n] += a[m, k] · b[k, n]</c>.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        CheckShapes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        switch (InstructionSets.Active)
        {
            case InstructionSet.Avx512:
                Product<Simd512>.Run(ref aRef, ref bRef, ref cRef, m, k, n, aRowStride: k, aColumnStride: 1);
                break;
            case InstructionSet.Avx2:
                Product<Simd256>.Run(ref aRef, ref bRef, ref cRef, m, k, n, aRowStride: k, aColumnStride: 1);
                break;
            case InstructionSet.Vector128:
                Product<Simd128>.Run(ref aRef, ref bRef, ref cRef, m, k, n, aRowStride: k, aColumnStride: 1);
                break;
            default:
                Product<Scalar>.Run(ref aRef, ref bRef, ref cRef, m, k, n, aRowStride: k, aColumnStride: 1);
                break;
        }
    }

    /// <summary><c>c[p, n] += a[m, p]ᵀ · b[m, n]</c>: the weight gradient of a product, summed over the m rows of a batch.</summary>
    public static void TransposedMultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int p, int n)
    {
        CheckShapes(a.Length, m * p, b.Length, m * n, c.Length, p * n);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);

        // Row i of the result reads column i of a: the same product with a's strides swapped.
        switch (InstructionSets.Active)
        {
            case InstructionSet.Avx512:
                Product<Simd512>.Run(ref aRef, ref bRef, ref cRef, p, m, n, aRowStride: 1, aColumnStride: p);
                break;
            case InstructionSet.Avx2:
                Product<Simd256>.Run(ref aRef, ref bRef, ref cRef, p, m, n, aRowStride: 1, aColumnStride: p);
                break;
            case InstructionSet.Vector128:
                Product<Simd128>.Run(ref aRef, ref bRef, ref cRef, p, m, n, aRowStride: 1, aColumnStride: p);
                break;
            default:
                Product<Scalar>.Run(ref aRef, ref bRef, ref cRef, p, m, n, aRowStride: 1, aColumnStride: p);
                break;
        }
    }

    private static void CheckShapes(int aLength, int aExpected, int bLength, int bExpected, int cLength, int cExpected)
    {
        if (aLength < aExpected || bLength < bExpected || cLength < cExpected)
        {
            throw new ArgumentException($"Matrix spans too short: a {aLength} < {aExpected}, b {bLength} < {bExpected} or c {cLength} < {cExpected}.");
        }
    }

    /// <summary><c>c[rows, n] += Σ_j a(row, j) · b[j, n]</c>, where <c>a(row, j) = a[row * aRowStride + j * aColumnStride]</c>.</summary>
    private static class Product<TVector>
        where TVector : struct, ISimd<TVector>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(ref float a, ref float b, ref float c, int rows, int shared, int n, int aRowStride, int aColumnStride)
        {
            for (int first = 0; first < shared; first += SumBlock)
            {
                // The block's slice of the shared dimension: columns [first, first + block) of a, rows of b.
                RunBlock(ref Unsafe.Add(ref a, first * aColumnStride), ref Unsafe.Add(ref b, first * n), ref c, rows, Math.Min(SumBlock, shared - first), n, aRowStride, aColumnStride);
            }
        }

        private static void RunBlock(ref float a, ref float b, ref float c, int rows, int shared, int n, int aRowStride, int aColumnStride)
        {
            int width = TVector.Count;
            int column = 0;
            for (; column + (4 * width) <= n; column += 4 * width)
            {
                int row = 0;
                for (; row + 2 <= rows; row += 2)
                {
                    TwoRowsFourVectors(ref a, ref b, ref c, row, column, shared, n, aRowStride, aColumnStride);
                }

                if (row < rows)
                {
                    OneRow(ref a, ref b, ref c, row, column, 4, shared, n, aRowStride, aColumnStride);
                }
            }

            for (; column + width <= n; column += width)
            {
                for (int row = 0; row < rows; row++)
                {
                    OneRow(ref a, ref b, ref c, row, column, 1, shared, n, aRowStride, aColumnStride);
                }
            }

            for (; column < n; column++)
            {
                for (int row = 0; row < rows; row++)
                {
                    float sum = 0f;
                    for (int j = 0; j < shared; j++)
                    {
                        sum += Unsafe.Add(ref a, (row * aRowStride) + (j * aColumnStride)) * Unsafe.Add(ref b, (j * n) + column);
                    }

                    Unsafe.Add(ref c, (row * n) + column) += sum;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TwoRowsFourVectors(ref float a, ref float b, ref float c, int row, int column, int shared, int n, int aRowStride, int aColumnStride)
        {
            int width = TVector.Count;
            ref float c0 = ref Unsafe.Add(ref c, (row * n) + column);
            ref float c1 = ref Unsafe.Add(ref c0, n);
            TVector sum00 = default, sum01 = default, sum02 = default, sum03 = default;
            TVector sum10 = default, sum11 = default, sum12 = default, sum13 = default;
            ref float a0 = ref Unsafe.Add(ref a, row * aRowStride);
            ref float a1 = ref Unsafe.Add(ref a0, aRowStride);
            ref float bColumn = ref Unsafe.Add(ref b, column);
            for (int j = 0; j < shared; j++)
            {
                ref float bRow = ref Unsafe.Add(ref bColumn, j * n);
                TVector b0 = TVector.Load(ref bRow, 0), b1 = TVector.Load(ref bRow, width), b2 = TVector.Load(ref bRow, 2 * width), b3 = TVector.Load(ref bRow, 3 * width);
                TVector x0 = TVector.Broadcast(Unsafe.Add(ref a0, j * aColumnStride));
                TVector x1 = TVector.Broadcast(Unsafe.Add(ref a1, j * aColumnStride));
                sum00 = TVector.MultiplyAdd(x0, b0, sum00);
                sum01 = TVector.MultiplyAdd(x0, b1, sum01);
                sum02 = TVector.MultiplyAdd(x0, b2, sum02);
                sum03 = TVector.MultiplyAdd(x0, b3, sum03);
                sum10 = TVector.MultiplyAdd(x1, b0, sum10);
                sum11 = TVector.MultiplyAdd(x1, b1, sum11);
                sum12 = TVector.MultiplyAdd(x1, b2, sum12);
                sum13 = TVector.MultiplyAdd(x1, b3, sum13);
            }

            AddTo(sum00, ref c0, 0);
            AddTo(sum01, ref c0, width);
            AddTo(sum02, ref c0, 2 * width);
            AddTo(sum03, ref c0, 3 * width);
            AddTo(sum10, ref c1, 0);
            AddTo(sum11, ref c1, width);
            AddTo(sum12, ref c1, 2 * width);
            AddTo(sum13, ref c1, 3 * width);
        }

        private static void OneRow(ref float a, ref float b, ref float c, int row, int column, int vectors, int shared, int n, int aRowStride, int aColumnStride)
        {
            int width = TVector.Count;
            ref float cRow = ref Unsafe.Add(ref c, (row * n) + column);
            ref float aRow = ref Unsafe.Add(ref a, row * aRowStride);
            for (int v = 0; v < vectors; v++)
            {
                TVector sum = default;
                ref float bColumn = ref Unsafe.Add(ref b, column + (v * width));
                for (int j = 0; j < shared; j++)
                {
                    sum = TVector.MultiplyAdd(TVector.Broadcast(Unsafe.Add(ref aRow, j * aColumnStride)), TVector.Load(ref bColumn, j * n), sum);
                }

                AddTo(sum, ref cRow, v * width);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddTo(TVector sum, ref float destination, int offset) =>
            TVector.Store(TVector.Add(TVector.Load(ref destination, offset), sum), ref destination, offset);
    }
}
