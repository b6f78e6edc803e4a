using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnGen.Numerics;

namespace RnnGen.Bench;

/// <summary>
/// The floor under one step of a network, each part measured on this core rather than looked up:
/// the FMA work at peak throughput, one read of the weights, and the activations that must run one
/// after another because each needs the last one's result.
/// </summary>
public sealed class PhysicalBound
{
    private PhysicalBound(double peakGflops, double sigmoidNs, double tanhNs)
    {
        PeakGflops = peakGflops;
        SigmoidNs = sigmoidNs;
        TanhNs = tanhNs;
    }

    public double PeakGflops { get; }

    /// <summary>The latency of one vector <see cref="FastMath.Sigmoid(Vector256{float})"/> (or the 512-bit one), in ns.</summary>
    public double SigmoidNs { get; }

    /// <summary>The latency of one vector <see cref="FastMath.Tanh(Vector256{float})"/> (or the 512-bit one), in ns.</summary>
    public double TanhNs { get; }

    public static PhysicalBound Measure() =>
        new(FmaPeak.MeasureGflops(), BestNsPerIteration(SigmoidChain), BestNsPerIteration(TanhChain));

    public double ComputeNs(NetworkWeights weights) => weights.FlopsPerStep / PeakGflops;

    /// <summary>
    /// A step's activations chain through the state: an LSTM's gate sigmoids feed c, whose tanh makes h;
    /// a GRU's reset sigmoid feeds the candidate's tanh; a vanilla RNN has its tanh alone. Layers chain too.
    /// </summary>
    public double LatencyNs(NetworkWeights weights) =>
        weights.Layers * (weights.Cell == CellType.Rnn ? TanhNs : SigmoidNs + TanhNs);

    /// <summary>One read of <paramref name="bytes"/> with the widest vector loads, the best of several passes once they are cached.</summary>
    public static double StreamNs(int bytes)
    {
        // Rounded up to whole 512-bit vectors, as a packed kernel would pad its tiles.
        int vectors = (bytes + Vector512<byte>.Count - 1) / Vector512<byte>.Count;
        var buffer = new float[vectors * Vector512<float>.Count];
        buffer.AsSpan().Fill(1f);
        int passes = Math.Max(1, 4_000_000 / buffer.Length);
        return BestNsPerIteration(() => StreamPasses(buffer, passes));
    }

    /// <summary>The bound of one step and its parts, in ns.</summary>
    public (double Compute, double Memory, double Latency, double Bound) Of(NetworkWeights weights)
    {
        double compute = ComputeNs(weights);
        double memory = StreamNs(weights.ParameterCount * sizeof(float));
        double latency = LatencyNs(weights);
        return (compute, memory, latency, Math.Max(compute, Math.Max(memory, latency)));
    }

    private static double BestNsPerIteration(Func<long> run)
    {
        double best = double.MaxValue;
        for (int attempt = 0; attempt < 7; attempt++)
        {
            long start = Stopwatch.GetTimestamp();
            long iterations = run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations);
        }

        return best;
    }

    private const int ChainLength = 2_000_000;

    // The chains are call-free so that the vector stays in a register: the time is the activation's own.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long SigmoidChain()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var x = Vector512.Create(0.5f);
            for (int i = 0; i < ChainLength; i++)
            {
                x = FastMath.Sigmoid(x);
            }

            GC.KeepAlive(x.ToScalar());
        }
        else
        {
            var x = Vector256.Create(0.5f);
            for (int i = 0; i < ChainLength; i++)
            {
                x = FastMath.Sigmoid(x);
            }

            GC.KeepAlive(x.ToScalar());
        }

        return ChainLength;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long TanhChain()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var x = Vector512.Create(0.5f);
            for (int i = 0; i < ChainLength; i++)
            {
                x = FastMath.Tanh(x);
            }

            GC.KeepAlive(x.ToScalar());
        }
        else
        {
            var x = Vector256.Create(0.5f);
            for (int i = 0; i < ChainLength; i++)
            {
                x = FastMath.Tanh(x);
            }

            GC.KeepAlive(x.ToScalar());
        }

        return ChainLength;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long StreamPasses(float[] buffer, int passes)
    {
        // Eight accumulators so that the adds' latency does not hide the loads' throughput; the bound is
        // the read, so the widest accelerated load is used.
        ref float data = ref MemoryMarshal.GetArrayDataReference(buffer);
        nuint length = (nuint)buffer.Length;
        nuint lanes = (nuint)Vector512<float>.Count;
        Vector512<float> a = default, b = default, c = default, d = default, e = default, f = default, g = default, h = default;
        for (int pass = 0; pass < passes; pass++)
        {
            nuint i = 0;
            for (; i + 8 * lanes <= length; i += 8 * lanes)
            {
                a += Vector512.LoadUnsafe(ref data, i);
                b += Vector512.LoadUnsafe(ref data, i + lanes);
                c += Vector512.LoadUnsafe(ref data, i + 2 * lanes);
                d += Vector512.LoadUnsafe(ref data, i + 3 * lanes);
                e += Vector512.LoadUnsafe(ref data, i + 4 * lanes);
                f += Vector512.LoadUnsafe(ref data, i + 5 * lanes);
                g += Vector512.LoadUnsafe(ref data, i + 6 * lanes);
                h += Vector512.LoadUnsafe(ref data, i + 7 * lanes);
            }

            for (; i + lanes <= length; i += lanes)
            {
                a += Vector512.LoadUnsafe(ref data, i);
            }
        }

        GC.KeepAlive(Vector512.Sum(a + b + c + d + e + f + g + h));
        return passes;
    }
}
