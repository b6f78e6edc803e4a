using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnGen.Kernels;

/// <summary>
/// The matrix products of the training passes and of the multi-stream step, where the batch, the
/// sequence or the streams give the weights reuse: row-major, contiguous, vectorized along the output
/// columns on the active instruction set.
/// </summary>
/// <remarks>
/// Each kernel keeps a block of output rows by four vectors in registers while it streams the shared
/// dimension: four rows (16 accumulators) where there are 32 vector registers (AVX-512), two rows
/// (8 accumulators) on the 16-register paths, so every loaded vector of <c>b</c> feeds four or two
/// multiply-adds and every broadcast element of <c>a</c> four. Columns are the outer loop, so a block of
/// <c>b</c> stays in the L1 cache while every row block reads it. The register blocking does not change
/// any result: each output element is the same chain of multiply-adds in the same order. The shared dimension is summed in blocks of <see cref="SumBlock"/> that each
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

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunBlock(ref float a, ref float b, ref float c, int rows, int shared, int n, int aRowStride, int aColumnStride)
        {
            int width = TVector.Count;

            // A JIT-time constant: only 512-bit vectors come with 32 registers, room for 4 × 4 accumulators.
            bool fourRowBlocks = width == 16;
            int column = 0;
            for (; column + (4 * width) <= n; column += 4 * width)
            {
                int row = 0;
                if (fourRowBlocks)
                {
                    for (; row + 4 <= rows; row += 4)
                    {
                        FourRowsFourVectors(ref a, ref b, ref c, row, column, shared, n, aRowStride, aColumnStride);
                    }
                }

                for (; row + 2 <= rows; row += 2)
                {
                    TwoRowsFourVectors(ref a, ref b, ref c, row, column, shared, n, aRowStride, aColumnStride);
                }

                if (row < rows)
                {
                    OneRow(ref a, ref b, ref c, row, column, 4, shared, n, aRowStride, aColumnStride);
                }
            }

            column = SingleVectorColumns(ref a, ref b, ref c, rows, column, shared, n, aRowStride, aColumnStride);

            // Columns left over, fewer than a vector (a small head, a narrow layer): on narrower vectors where
            // this path has them, since AVX-512 hardware runs 256- and 128-bit vectors too, and AVX2 128-bit.
            if (width > Simd256.Count)
            {
                column = Product<Simd256>.SingleVectorColumns(ref a, ref b, ref c, rows, column, shared, n, aRowStride, aColumnStride);
            }

            if (width > Simd128.Count)
            {
                column = Product<Simd128>.SingleVectorColumns(ref a, ref b, ref c, rows, column, shared, n, aRowStride, aColumnStride);
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

        /// <summary>The columns from <paramref name="column"/> on, one vector at a time while whole vectors remain; returns the first column not done.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int SingleVectorColumns(ref float a, ref float b, ref float c, int rows, int column, int shared, int n, int aRowStride, int aColumnStride)
        {
            for (; column + TVector.Count <= n; column += TVector.Count)
            {
                int row = 0;
                for (; row + 4 <= rows; row += 4)
                {
                    FourRowsOneVector(ref a, ref b, ref c, row, column, shared, n, aRowStride, aColumnStride);
                }

                for (; row < rows; row++)
                {
                    OneRow(ref a, ref b, ref c, row, column, 1, shared, n, aRowStride, aColumnStride);
                }
            }

            return column;
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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FourRowsFourVectors(ref float a, ref float b, ref float c, int row, int column, int shared, int n, int aRowStride, int aColumnStride)
        {
            int width = TVector.Count;
            ref float c0 = ref Unsafe.Add(ref c, (row * n) + column);
            ref float c1 = ref Unsafe.Add(ref c0, n);
            ref float c2 = ref Unsafe.Add(ref c1, n);
            ref float c3 = ref Unsafe.Add(ref c2, n);
            TVector sum00 = default, sum01 = default, sum02 = default, sum03 = default;
            TVector sum10 = default, sum11 = default, sum12 = default, sum13 = default;
            TVector sum20 = default, sum21 = default, sum22 = default, sum23 = default;
            TVector sum30 = default, sum31 = default, sum32 = default, sum33 = default;
            ref float a0 = ref Unsafe.Add(ref a, row * aRowStride);
            ref float a1 = ref Unsafe.Add(ref a0, aRowStride);
            ref float a2 = ref Unsafe.Add(ref a1, aRowStride);
            ref float a3 = ref Unsafe.Add(ref a2, aRowStride);
            ref float bColumn = ref Unsafe.Add(ref b, column);
            for (int j = 0; j < shared; j++)
            {
                ref float bRow = ref Unsafe.Add(ref bColumn, j * n);
                TVector b0 = TVector.Load(ref bRow, 0), b1 = TVector.Load(ref bRow, width), b2 = TVector.Load(ref bRow, 2 * width), b3 = TVector.Load(ref bRow, 3 * width);
                TVector x = TVector.Broadcast(Unsafe.Add(ref a0, j * aColumnStride));
                sum00 = TVector.MultiplyAdd(x, b0, sum00);
                sum01 = TVector.MultiplyAdd(x, b1, sum01);
                sum02 = TVector.MultiplyAdd(x, b2, sum02);
                sum03 = TVector.MultiplyAdd(x, b3, sum03);
                x = TVector.Broadcast(Unsafe.Add(ref a1, j * aColumnStride));
                sum10 = TVector.MultiplyAdd(x, b0, sum10);
                sum11 = TVector.MultiplyAdd(x, b1, sum11);
                sum12 = TVector.MultiplyAdd(x, b2, sum12);
                sum13 = TVector.MultiplyAdd(x, b3, sum13);
                x = TVector.Broadcast(Unsafe.Add(ref a2, j * aColumnStride));
                sum20 = TVector.MultiplyAdd(x, b0, sum20);
                sum21 = TVector.MultiplyAdd(x, b1, sum21);
                sum22 = TVector.MultiplyAdd(x, b2, sum22);
                sum23 = TVector.MultiplyAdd(x, b3, sum23);
                x = TVector.Broadcast(Unsafe.Add(ref a3, j * aColumnStride));
                sum30 = TVector.MultiplyAdd(x, b0, sum30);
                sum31 = TVector.MultiplyAdd(x, b1, sum31);
                sum32 = TVector.MultiplyAdd(x, b2, sum32);
                sum33 = TVector.MultiplyAdd(x, b3, sum33);
            }

            AddTo(sum00, ref c0, 0);
            AddTo(sum01, ref c0, width);
            AddTo(sum02, ref c0, 2 * width);
            AddTo(sum03, ref c0, 3 * width);
            AddTo(sum10, ref c1, 0);
            AddTo(sum11, ref c1, width);
            AddTo(sum12, ref c1, 2 * width);
            AddTo(sum13, ref c1, 3 * width);
            AddTo(sum20, ref c2, 0);
            AddTo(sum21, ref c2, width);
            AddTo(sum22, ref c2, 2 * width);
            AddTo(sum23, ref c2, 3 * width);
            AddTo(sum30, ref c3, 0);
            AddTo(sum31, ref c3, width);
            AddTo(sum32, ref c3, 2 * width);
            AddTo(sum33, ref c3, 3 * width);
        }

        /// <summary>Four rows of one vector: four independent chains hide the multiply-add's latency that one row alone would wait on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FourRowsOneVector(ref float a, ref float b, ref float c, int row, int column, int shared, int n, int aRowStride, int aColumnStride)
        {
            ref float c0 = ref Unsafe.Add(ref c, (row * n) + column);
            ref float a0 = ref Unsafe.Add(ref a, row * aRowStride);
            ref float a1 = ref Unsafe.Add(ref a0, aRowStride);
            ref float a2 = ref Unsafe.Add(ref a1, aRowStride);
            ref float a3 = ref Unsafe.Add(ref a2, aRowStride);
            ref float bColumn = ref Unsafe.Add(ref b, column);
            TVector sum0 = default, sum1 = default, sum2 = default, sum3 = default;
            for (int j = 0; j < shared; j++)
            {
                TVector weights = TVector.Load(ref bColumn, j * n);
                sum0 = TVector.MultiplyAdd(TVector.Broadcast(Unsafe.Add(ref a0, j * aColumnStride)), weights, sum0);
                sum1 = TVector.MultiplyAdd(TVector.Broadcast(Unsafe.Add(ref a1, j * aColumnStride)), weights, sum1);
                sum2 = TVector.MultiplyAdd(TVector.Broadcast(Unsafe.Add(ref a2, j * aColumnStride)), weights, sum2);
                sum3 = TVector.MultiplyAdd(TVector.Broadcast(Unsafe.Add(ref a3, j * aColumnStride)), weights, sum3);
            }

            AddTo(sum0, ref c0, 0);
            AddTo(sum1, ref c0, n);
            AddTo(sum2, ref c0, 2 * n);
            AddTo(sum3, ref c0, 3 * n);
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
