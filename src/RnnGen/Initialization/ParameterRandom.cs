using System;

namespace RnnGen.Initialization;

/// <summary>
/// A small deterministic generator (SplitMix64) for parameter initialization: the same seed gives the
/// same parameters on every machine, runtime version and instruction set.
/// </summary>
public struct ParameterRandom
{
    private ulong _state;

    /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
    public ParameterRandom(int seed) => _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x6A09E667F3BCC909UL);

    /// <summary>The next value, uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Fills <paramref name="destination"/> with values uniform in [-<paramref name="bound"/>, <paramref name="bound"/>).</summary>
    public void FillUniform(Span<float> destination, float bound)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (2f * NextSingle() - 1f) * bound;
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with values normal with mean 0 and variance 1 (PyTorch's
    /// <c>nn.Embedding</c> initialization), by the Box–Muller transform of pairs of uniform values.
    /// </summary>
    public void FillNormal(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            // 1 − u lies in (0, 1], so the logarithm is finite.
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextSingle()));
            double angle = 2.0 * Math.PI * NextSingle();
            destination[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }

    private ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
