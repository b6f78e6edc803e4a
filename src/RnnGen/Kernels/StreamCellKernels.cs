using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RnnGen.Numerics;

namespace RnnGen.Kernels;

/// <summary>
/// The elementwise half of the generated multi-stream step: a cell's update over <c>[streams, hidden]</c>
/// once the matrix products have written its gates' pre-activations, and the head's activation.
/// </summary>
/// <remarks>
/// Each stream's row runs on whole vectors of the active path, then on narrower vectors, then its last
/// units one by one. The equations are written as the single-stream kernels write them
/// (<see cref="FastMath"/>'s activations, the same multiply-adds), so the two agree to float rounding. The updates are in place: the products
/// have already read the previous state, and each unit reads only its own.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StreamCellKernels
{
    /// <summary>
    /// LSTM, gates i, f, g, o: <c>c' = f ⊙ c + i ⊙ g</c>, <c>h' = o ⊙ tanh(c')</c>, where each gate's
    /// pre-activation is <c>inputGates + recurrentGates</c> (each <c>[streams, 4 · hiddenSize]</c>).
    /// </summary>
    public static void Lstm(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> recurrentGates, Span<float> cell, Span<float> hidden, int streams, int hiddenSize)
    {
        CheckLengths(inputGates.Length, recurrentGates.Length, 4, streams, hiddenSize);
        CheckState(cell.Length, streams, hiddenSize);
        Run<LstmCell>(inputGates, recurrentGates, cell, hidden, streams, hiddenSize, gates: 4);
    }

    /// <summary>
    /// GRU, gates r, z, n: <c>n = tanh(x_n + r ⊙ h_n)</c> with <c>x_n</c> from <paramref name="inputGates"/> and
    /// <c>h_n</c> (which holds <c>b_hn</c>) from <paramref name="recurrentGates"/>, then <c>h' = n + z ⊙ (h − n)</c>.
    /// </summary>
    public static void Gru(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> recurrentGates, Span<float> hidden, int streams, int hiddenSize)
    {
        CheckLengths(inputGates.Length, recurrentGates.Length, 3, streams, hiddenSize);
        Run<GruCell>(inputGates, recurrentGates, Span<float>.Empty, hidden, streams, hiddenSize, gates: 3);
    }

    /// <summary>Vanilla RNN: <c>h' = act(inputGates + recurrentGates)</c>, <paramref name="nonlinearity"/> tanh or relu.</summary>
    public static void Rnn(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> recurrentGates, Span<float> hidden, int streams, int hiddenSize, Activation nonlinearity)
    {
        CheckLengths(inputGates.Length, recurrentGates.Length, 1, streams, hiddenSize);
        if (nonlinearity == Activation.Relu)
        {
            Run<RnnReluCell>(inputGates, recurrentGates, Span<float>.Empty, hidden, streams, hiddenSize, gates: 1);
        }
        else
        {
            Run<RnnTanhCell>(inputGates, recurrentGates, Span<float>.Empty, hidden, streams, hiddenSize, gates: 1);
        }
    }

    /// <summary>Applies a head's activation to <c>[rows, columns]</c> values in place; softmax normalizes each row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate(Span<float> values, int rows, int columns, Activation activation)
    {
        if (values.Length < rows * columns)
        {
            throw new ArgumentException($"values has {values.Length} values, fewer than [{rows}, {columns}].", nameof(values));
        }

        Span<float> used = values.Slice(0, rows * columns);
        switch (activation)
        {
            case Activation.Softmax:
                for (int row = 0; row < rows; row++)
                {
                    FastMath.SoftmaxInPlace(used.Slice(row * columns, columns));
                }

                break;
            case Activation.Tanh:
                Elementwise<TanhActivation>(used);
                break;
            case Activation.Sigmoid:
                Elementwise<SigmoidActivation>(used);
                break;
            case Activation.Relu:
                Elementwise<ReluActivation>(used);
                break;
        }
    }

    private static void CheckLengths(int inputGates, int recurrentGates, int gates, int streams, int hiddenSize)
    {
        int expected = streams * gates * hiddenSize;
        if (inputGates < expected || recurrentGates < expected)
        {
            throw new ArgumentException($"Gate spans too short: {inputGates} and {recurrentGates} values, [streams, gates · hidden] needs {expected}.");
        }
    }

    private static void CheckState(int length, int streams, int hiddenSize)
    {
        if (length < streams * hiddenSize)
        {
            throw new ArgumentException($"A state span has {length} values, [streams, hidden] needs {streams * hiddenSize}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TCell>(ReadOnlySpan<float> inputGates, ReadOnlySpan<float> recurrentGates, Span<float> cell, Span<float> hidden, int streams, int hiddenSize, int gates)
        where TCell : struct, ICell
    {
        CheckState(hidden.Length, streams, hiddenSize);
        var rows = new RowRefs(
            ref MemoryMarshal.GetReference(inputGates),
            ref MemoryMarshal.GetReference(recurrentGates),
            ref MemoryMarshal.GetReference(cell),
            ref MemoryMarshal.GetReference(hidden));
        switch (InstructionSets.Active)
        {
            case InstructionSet.Avx512:
                Rows<TCell, Simd512>(rows, streams, hiddenSize, gates);
                break;
            case InstructionSet.Avx2:
                Rows<TCell, Simd256>(rows, streams, hiddenSize, gates);
                break;
            case InstructionSet.Vector128:
                Rows<TCell, Simd128>(rows, streams, hiddenSize, gates);
                break;
            default:
                Rows<TCell, Scalar>(rows, streams, hiddenSize, gates);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TCell, TVector>(RowRefs rows, int streams, int hiddenSize, int gates)
        where TCell : struct, ICell
        where TVector : struct, ISimd<TVector>
    {
        int gateRow = gates * hiddenSize;
        for (int stream = 0; stream < streams; stream++)
        {
            var row = new RowRefs(
                ref Unsafe.Add(ref rows.InputGates, stream * gateRow),
                ref Unsafe.Add(ref rows.RecurrentGates, stream * gateRow),
                ref Unsafe.Add(ref rows.Cell, stream * hiddenSize),
                ref Unsafe.Add(ref rows.Hidden, stream * hiddenSize));
            int unit = Units<TCell, TVector>(row, 0, hiddenSize);

            // Units left over, fewer than a vector: on narrower vectors where this path has them (AVX-512
            // hardware runs 256- and 128-bit vectors too, AVX2 128-bit), so a small layer is not scalar code.
            if (TVector.Count > Simd256.Count)
            {
                unit = Units<TCell, Simd256>(row, unit, hiddenSize);
            }

            if (TVector.Count > Simd128.Count)
            {
                unit = Units<TCell, Simd128>(row, unit, hiddenSize);
            }

            Units<TCell, Scalar>(row, unit, hiddenSize);
        }
    }

    /// <summary>Updates whole vectors of units from <paramref name="unit"/> on; returns the first unit not done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Units<TCell, TVector>(RowRefs row, int unit, int hiddenSize)
        where TCell : struct, ICell
        where TVector : struct, ISimd<TVector>
    {
        for (; unit + TVector.Count <= hiddenSize; unit += TVector.Count)
        {
            TCell.Update<TVector>(row, unit, hiddenSize);
        }

        return unit;
    }

    private static void Elementwise<TActivation>(Span<float> values)
        where TActivation : struct, IActivation
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        switch (InstructionSets.Active)
        {
            case InstructionSet.Avx512:
                Elementwise<TActivation, Simd512>(ref start, values.Length);
                break;
            case InstructionSet.Avx2:
                Elementwise<TActivation, Simd256>(ref start, values.Length);
                break;
            case InstructionSet.Vector128:
                Elementwise<TActivation, Simd128>(ref start, values.Length);
                break;
            default:
                Elementwise<TActivation, Scalar>(ref start, values.Length);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Elementwise<TActivation, TVector>(ref float values, int length)
        where TActivation : struct, IActivation
        where TVector : struct, ISimd<TVector>
    {
        int index = Elements<TActivation, TVector>(ref values, 0, length);
        if (TVector.Count > Simd256.Count)
        {
            index = Elements<TActivation, Simd256>(ref values, index, length);
        }

        if (TVector.Count > Simd128.Count)
        {
            index = Elements<TActivation, Simd128>(ref values, index, length);
        }

        Elements<TActivation, Scalar>(ref values, index, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Elements<TActivation, TVector>(ref float values, int index, int length)
        where TActivation : struct, IActivation
        where TVector : struct, ISimd<TVector>
    {
        for (; index + TVector.Count <= length; index += TVector.Count)
        {
            TVector.Store(TActivation.Apply(TVector.Load(ref values, index)), ref values, index);
        }

        return index;
    }

    /// <summary>One stream's row: its gates' two pre-activation parts, and its c (LSTM) and h.</summary>
    private readonly ref struct RowRefs(ref float inputGates, ref float recurrentGates, ref float cell, ref float hidden)
    {
        public readonly ref float InputGates = ref inputGates;
        public readonly ref float RecurrentGates = ref recurrentGates;
        public readonly ref float Cell = ref cell;
        public readonly ref float Hidden = ref hidden;

        /// <summary>Gate <paramref name="gate"/>'s full pre-activation for the vector of units starting at <paramref name="unit"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Gate<TVector>(int gate, int unit, int hiddenSize)
            where TVector : struct, ISimd<TVector>
        {
            int offset = (gate * hiddenSize) + unit;
            return TVector.Add(TVector.Load(ref InputGates, offset), TVector.Load(ref RecurrentGates, offset));
        }
    }

    private interface ICell
    {
        /// <summary>Updates the vector of units of one row starting at <paramref name="unit"/>.</summary>
        static abstract void Update<TVector>(RowRefs row, int unit, int hiddenSize)
            where TVector : struct, ISimd<TVector>;
    }

    private readonly struct LstmCell : ICell
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Update<TVector>(RowRefs row, int unit, int hiddenSize)
            where TVector : struct, ISimd<TVector>
        {
            TVector inputGate = TVector.Sigmoid(row.Gate<TVector>(0, unit, hiddenSize));
            TVector forgetGate = TVector.Sigmoid(row.Gate<TVector>(1, unit, hiddenSize));
            TVector candidate = TVector.Tanh(row.Gate<TVector>(2, unit, hiddenSize));
            TVector outputGate = TVector.Sigmoid(row.Gate<TVector>(3, unit, hiddenSize));
            TVector cellNext = TVector.MultiplyAdd(forgetGate, TVector.Load(ref row.Cell, unit), TVector.Multiply(inputGate, candidate));
            TVector.Store(cellNext, ref row.Cell, unit);
            TVector.Store(TVector.Multiply(outputGate, TVector.Tanh(cellNext)), ref row.Hidden, unit);
        }
    }

    private readonly struct GruCell : ICell
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Update<TVector>(RowRefs row, int unit, int hiddenSize)
            where TVector : struct, ISimd<TVector>
        {
            TVector resetGate = TVector.Sigmoid(row.Gate<TVector>(0, unit, hiddenSize));
            TVector updateGate = TVector.Sigmoid(row.Gate<TVector>(1, unit, hiddenSize));
            int newGateOffset = (2 * hiddenSize) + unit;
            TVector newGate = TVector.Tanh(TVector.MultiplyAdd(resetGate, TVector.Load(ref row.RecurrentGates, newGateOffset), TVector.Load(ref row.InputGates, newGateOffset)));
            TVector hidden = TVector.Load(ref row.Hidden, unit);
            TVector.Store(TVector.MultiplyAdd(updateGate, TVector.Subtract(hidden, newGate), newGate), ref row.Hidden, unit);
        }
    }

    private readonly struct RnnTanhCell : ICell
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Update<TVector>(RowRefs row, int unit, int hiddenSize)
            where TVector : struct, ISimd<TVector> =>
            TVector.Store(TVector.Tanh(row.Gate<TVector>(0, unit, hiddenSize)), ref row.Hidden, unit);
    }

    private readonly struct RnnReluCell : ICell
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Update<TVector>(RowRefs row, int unit, int hiddenSize)
            where TVector : struct, ISimd<TVector> =>
            TVector.Store(TVector.Relu(row.Gate<TVector>(0, unit, hiddenSize)), ref row.Hidden, unit);
    }

    private interface IActivation
    {
        static abstract TVector Apply<TVector>(TVector x)
            where TVector : struct, ISimd<TVector>;
    }

    private readonly struct TanhActivation : IActivation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Apply<TVector>(TVector x)
            where TVector : struct, ISimd<TVector> => TVector.Tanh(x);
    }

    private readonly struct SigmoidActivation : IActivation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Apply<TVector>(TVector x)
            where TVector : struct, ISimd<TVector> => TVector.Sigmoid(x);
    }

    private readonly struct ReluActivation : IActivation
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Apply<TVector>(TVector x)
            where TVector : struct, ISimd<TVector> => TVector.Relu(x);
    }
}
