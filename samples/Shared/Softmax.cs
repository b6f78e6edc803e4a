using System;

namespace RnnGen.Samples;

/// <summary>Turns a network's logits into probabilities, as <c>torch.softmax(logits / temperature)</c>.</summary>
internal static class Softmax
{
    /// <summary>
    /// Writes <c>exp(logits[i] / temperature) / Σ exp(logits[j] / temperature)</c> to <paramref name="probabilities"/>,
    /// subtracting the largest logit first so that no exponential overflows.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities, double temperature = 1)
    {
        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException($"{logits.Length} logits need as many probabilities; the destination has {probabilities.Length}.", nameof(probabilities));
        }

        float largest = Largest(logits);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double exponential = Math.Exp((logits[i] - largest) / temperature);
            probabilities[i] = (float)exponential;
            sum += exponential;
        }

        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = (float)(probabilities[i] / sum);
        }
    }

    /// <summary>
    /// <c>-ln softmax(logits)[index]</c>, the cross-entropy of one prediction in nats, as <c>logsumexp(logits) - logits[index]</c>
    /// in double precision, so that an unlikely target gives a large finite value rather than the log of an underflowed zero.
    /// </summary>
    public static double NegativeLogProbability(ReadOnlySpan<float> logits, int index)
    {
        float largest = Largest(logits);
        double sum = 0;
        foreach (float logit in logits)
        {
            sum += Math.Exp(logit - largest);
        }

        return largest + Math.Log(sum) - logits[index];
    }

    private static float Largest(ReadOnlySpan<float> values)
    {
        float largest = float.NegativeInfinity;
        foreach (float value in values)
        {
            largest = MathF.Max(largest, value);
        }

        return largest;
    }
}
