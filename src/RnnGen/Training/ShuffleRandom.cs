using System;

namespace RnnGen.Training;

/// <summary>
/// The trainer's deterministic generator (SplitMix64) for shuffling and splitting. Its whole state is one
/// 64-bit value, which checkpoints store, so a resumed run draws the same numbers as an uninterrupted one.
/// </summary>
internal struct ShuffleRandom
{
    public ShuffleRandom(int seed) => State = unchecked(((ulong)(uint)seed * 0xD1B54A32D192ED03UL) ^ 0x8CB92BA72F3D8DD7UL);

    /// <summary>Everything the generator remembers.</summary>
    public ulong State { get; set; }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMaximum"/>), without bias (Lemire's method).</summary>
    public int NextInt(int exclusiveMaximum)
    {
        ulong bound = (ulong)exclusiveMaximum;
        UInt128 product = (UInt128)NextUInt64() * bound;
        if ((ulong)product < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while ((ulong)product < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
            }
        }

        return (int)(ulong)(product >> 64);
    }

    /// <summary>Puts <paramref name="values"/> in a uniformly random order (Fisher–Yates).</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
