using System;

namespace RnnGen.Samples.RealTime;

/// <summary>
/// Synthesizes test audio: each phrase mixes one to three layers, each a tone with harmonics, an exponential
/// chirp or a noise burst, at its own level (−26 dBFS to about −1 dBFS), start and decay. The levels span the
/// clipper's range from nearly linear to hard saturation, and the frequencies span the filter's pass and stop bands.
/// The same seed gives the same audio.
/// </summary>
public sealed class AudioSynthesizer(int sampleRate, int seed)
{
    private const double LowestLevel = 0.05;
    private const double HighestLevel = 0.9;
    private const double AttackSeconds = 0.005;

    private readonly Random _random = new(seed);

    /// <summary>The samples per second.</summary>
    public int SampleRate { get; } = sampleRate;

    /// <summary>Fills <paramref name="destination"/> with one phrase, its peak at most 1.</summary>
    public void FillPhrase(Span<float> destination)
    {
        destination.Clear();
        int layers = 1 + _random.Next(3);
        for (int layer = 0; layer < layers; layer++)
        {
            int start = _random.Next(destination.Length / 2);
            Span<float> span = destination[start..];
            double level = LogUniform(LowestLevel, HighestLevel);
            double decaySeconds = LogUniform(0.02, 1.0);
            switch (_random.Next(3))
            {
                case 0:
                    AddTone(span, level, decaySeconds);
                    break;
                case 1:
                    AddChirp(span, level, decaySeconds);
                    break;
                default:
                    AddNoiseBurst(span, level, decaySeconds);
                    break;
            }
        }

        float peak = 0;
        foreach (float sample in destination)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        if (peak > 1)
        {
            foreach (ref float sample in destination)
            {
                sample /= peak;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> with back-to-back phrases of a quarter to one second each.</summary>
    public void FillPhrases(Span<float> destination)
    {
        int position = 0;
        while (position < destination.Length)
        {
            int length = Math.Min(destination.Length - position, (int)(SampleRate * (0.25 + (0.75 * _random.NextDouble()))));
            FillPhrase(destination.Slice(position, length));
            position += length;
        }
    }

    // A note: the fundamental (55 Hz to 2 kHz) and up to three harmonics falling off as 1/k.
    private void AddTone(Span<float> destination, double level, double decaySeconds)
    {
        double fundamental = LogUniform(55, 2000);
        int harmonics = 1 + _random.Next(4);
        double phase = 2 * Math.PI * _random.NextDouble();
        for (int n = 0; n < destination.Length; n++)
        {
            double angle = (2 * Math.PI * fundamental * n / SampleRate) + phase;
            double value = 0;
            for (int k = 1; k <= harmonics; k++)
            {
                value += Math.Sin(k * angle) / k;
            }

            destination[n] += (float)(level * Envelope(n, decaySeconds) * value / HarmonicSum(harmonics));
        }
    }

    // A sweep whose frequency moves exponentially from one end to the other (50 Hz to 12 kHz) over the decay time.
    private void AddChirp(Span<float> destination, double level, double decaySeconds)
    {
        double from = LogUniform(50, 12_000);
        double to = LogUniform(50, 12_000);
        double sweepSamples = decaySeconds * SampleRate;
        double rate = Math.Log(to / from) / sweepSamples;
        double phase = 0;
        for (int n = 0; n < destination.Length; n++)
        {
            double frequency = from * Math.Exp(rate * Math.Min(n, sweepSamples));
            phase += 2 * Math.PI * frequency / SampleRate;
            destination[n] += (float)(level * Envelope(n, decaySeconds) * Math.Sin(phase));
        }
    }

    // White noise, uniform in ±1: the same peak as the tones and chirps.
    private void AddNoiseBurst(Span<float> destination, double level, double decaySeconds)
    {
        for (int n = 0; n < destination.Length; n++)
        {
            double noise = (2 * _random.NextDouble()) - 1;
            destination[n] += (float)(level * Envelope(n, decaySeconds) * noise);
        }
    }

    // A linear 5 ms attack, then an exponential decay with the given time constant.
    private double Envelope(int n, double decaySeconds)
    {
        double seconds = (double)n / SampleRate;
        return seconds < AttackSeconds ? seconds / AttackSeconds : Math.Exp(-(seconds - AttackSeconds) / decaySeconds);
    }

    private static double HarmonicSum(int harmonics)
    {
        double sum = 0;
        for (int k = 1; k <= harmonics; k++)
        {
            sum += 1.0 / k;
        }

        return sum;
    }

    private double LogUniform(double low, double high) => low * Math.Exp(Math.Log(high / low) * _random.NextDouble());
}
