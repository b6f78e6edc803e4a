using System;

namespace RnnGen.Samples.RealTime;

/// <summary>How close one signal is to a reference.</summary>
public static class AudioMetrics
{
    /// <summary>
    /// The error-to-signal ratio, <c>Σ(estimate - reference)² / Σ reference²</c>: 0 for a perfect copy, 1 for silence.
    /// The usual measure for a learned audio effect; <c>-10·log10</c> of it is the signal-to-error ratio in dB.
    /// </summary>
    public static double ErrorToSignalRatio(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference)
    {
        if (estimate.Length != reference.Length)
        {
            throw new ArgumentException($"The estimate has {estimate.Length} samples; the reference {reference.Length}.", nameof(estimate));
        }

        double error = 0;
        double energy = 0;
        for (int n = 0; n < reference.Length; n++)
        {
            double difference = estimate[n] - reference[n];
            error += difference * difference;
            energy += (double)reference[n] * reference[n];
        }

        return error / energy;
    }

    /// <summary>A ratio in decibels, <c>10·log10</c>.</summary>
    public static double Decibels(double ratio) => 10 * Math.Log10(ratio);
}
