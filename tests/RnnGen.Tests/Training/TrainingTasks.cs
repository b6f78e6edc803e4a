using System;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

/// <summary>
/// Deterministic data for the convergence tasks of issue 3: the same arguments give the same sequences.
/// Random numbers come from <see cref="ParameterRandom"/> (SplitMix64), Gaussian noise from Box–Muller.
/// </summary>
internal static class TrainingTasks
{
    /// <summary>The classes of <see cref="Waveforms"/>: sine, square, sawtooth.</summary>
    public const int WaveformClasses = 3;

    /// <summary>
    /// Next-value prediction of a noisy sine, many-to-many: each sequence samples
    /// <c>s_k = sin(ω k + φ) + noise</c> with its own phase φ and angular frequency ω (radians per step);
    /// the input at step t is <c>s_t</c> and the target <c>s_{t+1}</c>. Input and target size 1.
    /// </summary>
    /// <remarks>
    /// Reference points for the bound of 1e-3: the target carries the noise too, so no predictor gets
    /// below σ² = <paramref name="noise"/>² (1e-4 by default); the recurrence <c>s_{t+1} = 2 cos ω s_t - s_{t-1}</c>,
    /// exact for a clean sine, scores about 6σ² on noisy inputs; and the first step, before the direction of
    /// travel can be told, adds about sin²ω / (2 · length), which is why the sequences are long and slow.
    /// With the defaults, 240 training sequences, a 16-unit tanh RNN (the tests' stand-in network) and Adam
    /// reach a validation MSE of 7.8e-4 in 150 epochs.
    /// </remarks>
    public static SequenceDataset<float> NoisySine(
        int sequences,
        int seed,
        int length = 100,
        float noise = 0.01f,
        double minFrequency = 0.1,
        double maxFrequency = 0.2)
    {
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<float>(inputSize: 1, targetSize: 1, SequenceTargets.EveryStep);
        float[] series = new float[length + 1];
        for (int s = 0; s < sequences; s++)
        {
            double frequency = Uniform(ref random, minFrequency, maxFrequency);
            double phase = Uniform(ref random, 0, 2 * Math.PI);
            for (int k = 0; k <= length; k++)
            {
                series[k] = (float)(Math.Sin((frequency * k) + phase) + (noise * Gaussian(ref random)));
            }

            data.Add(series.AsSpan(0, length), series.AsSpan(1, length));
        }

        return data;
    }

    /// <summary>
    /// The adding problem (Hochreiter &amp; Schmidhuber 1997, in the form of Le, Jaitly &amp; Hinton 2015),
    /// many-to-one: two input channels per step, a value uniform in [0, 1) and a marker that is 1 at exactly
    /// two steps, one in each half of the sequence, and 0 elsewhere. The target is the sum of the two marked
    /// values. Always answering 1 scores a mean squared error of 1/6 ≈ 0.167 (the variance of the sum).
    /// </summary>
    public static SequenceDataset<float> AddingProblem(int sequences, int seed, int length = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<float>(inputSize: 2, targetSize: 1, SequenceTargets.LastStep);
        float[] inputs = new float[length * 2];
        int half = length / 2;
        for (int s = 0; s < sequences; s++)
        {
            for (int t = 0; t < length; t++)
            {
                inputs[2 * t] = random.NextSingle();
                inputs[(2 * t) + 1] = 0f;
            }

            int first = (int)(random.NextSingle() * half);
            int second = half + (int)(random.NextSingle() * (length - half));
            inputs[(2 * first) + 1] = 1f;
            inputs[(2 * second) + 1] = 1f;
            data.Add(inputs, [inputs[2 * first] + inputs[2 * second]]);
        }

        return data;
    }

    /// <summary>
    /// A task only a network that sees the future can learn, every step a target: each sequence of its own length in
    /// [<paramref name="minLength"/>, <paramref name="maxLength"/>] holds values uniform in [−1, 1), and the target of
    /// each step is the next step's value (0 at the last valid step). A causal network cannot beat the variance of
    /// that value, about 1/3; a bidirectional one reads it from its reverse direction.
    /// </summary>
    public static SequenceDataset<float> NextValue(int sequences, int seed, int minLength = 8, int maxLength = 16)
    {
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<float>(inputSize: 1, targetSize: 1, SequenceTargets.EveryStep);
        for (int s = 0; s < sequences; s++)
        {
            int length = minLength + (int)(random.NextSingle() * (maxLength - minLength + 1));
            float[] inputs = new float[length];
            for (int t = 0; t < length; t++)
            {
                inputs[t] = (2f * random.NextSingle()) - 1f;
            }

            float[] targets = new float[length];
            inputs.AsSpan(1).CopyTo(targets);
            data.Add(inputs, targets);
        }

        return data;
    }

    /// <summary>
    /// Many-to-one with class indices: each sequence of its own length in [<paramref name="minLength"/>,
    /// <paramref name="maxLength"/>] holds values uniform in [−1, 1); its class is 1 when its first value is positive,
    /// else 0. A network that reads forward must carry that value through the whole sequence; a bidirectional one's
    /// reverse direction reads it last.
    /// </summary>
    public static SequenceDataset<int> FirstSign(int sequences, int seed, int minLength = 20, int maxLength = 40)
    {
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<int>(inputSize: 1, targetSize: 1, SequenceTargets.LastStep);
        for (int s = 0; s < sequences; s++)
        {
            int length = minLength + (int)(random.NextSingle() * (maxLength - minLength + 1));
            float[] inputs = new float[length];
            for (int t = 0; t < length; t++)
            {
                inputs[t] = (2f * random.NextSingle()) - 1f;
            }

            data.Add(inputs, [inputs[0] > 0f ? 1 : 0]);
        }

        return data;
    }

    /// <summary>
    /// Noisy waveform classification, many-to-one with class indices: each sequence is a sine (class 0),
    /// square (1) or sawtooth (2) wave, the classes taking turns, with its own length in
    /// [<paramref name="minLength"/>, <paramref name="maxLength"/>], period of 8 to 20 steps, phase and
    /// amplitude in [0.5, 1.5], plus Gaussian noise. Input size 1; the target is the class of the last valid step.
    /// With the defaults, 480 training sequences, a 16-unit tanh RNN (the tests' stand-in network) and Adam
    /// reach 98 % validation accuracy within 100 epochs.
    /// </summary>
    public static SequenceDataset<int> Waveforms(int sequences, int seed, int minLength = 30, int maxLength = 60, float noise = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<int>(inputSize: 1, targetSize: 1, SequenceTargets.LastStep);
        float[] inputs = new float[maxLength];
        for (int s = 0; s < sequences; s++)
        {
            int waveform = s % WaveformClasses;
            int length = minLength + (int)(random.NextSingle() * (maxLength - minLength + 1));
            double period = Uniform(ref random, 8, 20);
            double phase = random.NextSingle();
            double amplitude = Uniform(ref random, 0.5, 1.5);
            for (int t = 0; t < length; t++)
            {
                double cycle = (t / period) + phase;
                double fraction = cycle - Math.Floor(cycle);
                double clean = waveform switch
                {
                    0 => Math.Sin(2 * Math.PI * fraction),
                    1 => fraction < 0.5 ? 1 : -1,
                    _ => (2 * fraction) - 1,
                };
                inputs[t] = (float)((amplitude * clean) + (noise * Gaussian(ref random)));
            }

            data.Add(inputs.AsSpan(0, length), [waveform]);
        }

        return data;
    }

    private static double Uniform(ref ParameterRandom random, double low, double high) => low + ((high - low) * random.NextSingle());

    private static double Gaussian(ref ParameterRandom random)
    {
        double u1 = 1 - random.NextSingle();
        double u2 = random.NextSingle();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
