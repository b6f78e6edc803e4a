using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RnnGen.Samples.RealTime;

/// <summary>One measured stream: each step's time, the whole loop's time and what it allocated.</summary>
/// <param name="Latencies">The <see cref="Stopwatch"/> ticks of every <c>Step</c> call, in order.</param>
/// <param name="Elapsed">The whole loop, timing included.</param>
/// <param name="AllocatedBytes">What the loop allocated on its thread.</param>
public sealed record StreamMeasurement(long[] Latencies, TimeSpan Elapsed, long AllocatedBytes)
{
    // Enough steps that every method on the streaming path has run, and been compiled, before the measured stream.
    private const int WarmUpSamples = 4800;

    /// <summary>
    /// Streams <paramref name="input"/> through <paramref name="network"/> into <paramref name="output"/>, one sample
    /// per <c>Step</c>, from a silent past; warms the path up first on the start of the same input.
    /// </summary>
    public static StreamMeasurement Measure(LearnedDrive network, ReadOnlySpan<float> input, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, input.Length);
        long[] latencies = new long[input.Length];
        int warmUp = Math.Min(input.Length, WarmUpSamples);
        Stream(network, input[..warmUp], output, latencies);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        Stream(network, input, output, latencies);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new StreamMeasurement(latencies, elapsed, allocated);
    }

    /// <summary>The latency at <paramref name="fraction"/> of the sorted steps (0.5 the median, 1 the maximum), in microseconds.</summary>
    public double Percentile(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        long[] sorted = (long[])Latencies.Clone();
        Array.Sort(sorted);
        int index = Math.Min(sorted.Length - 1, (int)(fraction * sorted.Length));
        return sorted[index] * 1e6 / Stopwatch.Frequency;
    }

    // The audio callback's loop: compiled optimized at once rather than tiered up while it runs, so the first
    // measured samples do not time the JIT.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Stream(LearnedDrive network, ReadOnlySpan<float> input, Span<float> output, long[] latencies)
    {
        var state = new LearnedDrive.State();
        Span<float> sample = stackalloc float[LearnedDrive.InputSize];
        Span<float> processed = stackalloc float[LearnedDrive.OutputSize];
        for (int n = 0; n < input.Length; n++)
        {
            sample[0] = input[n];
            long start = Stopwatch.GetTimestamp();
            network.Step(sample, ref state, processed);
            latencies[n] = Stopwatch.GetTimestamp() - start;
            output[n] = processed[0];
        }
    }
}
