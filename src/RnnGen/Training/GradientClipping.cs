using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RnnGen.Training;

/// <summary>
/// Global-norm gradient clipping, as <c>torch.nn.utils.clip_grad_norm_</c> over all parameters: the remedy
/// for exploding gradients in recurrent networks.
/// </summary>
public static class GradientClipping
{
    // PyTorch adds this to the norm before dividing, so a zero gradient never divides by zero.
    private const double NormEpsilon = 1e-6;

    /// <summary>The L2 norm of all gradients together, accumulated in double precision.</summary>
    public static float GlobalNorm(ReadOnlySpan<float> gradients)
    {
        ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        Vector<double> sumOfSquares = Vector<double>.Zero;
        foreach (Vector<float> vector in vectors)
        {
            Vector.Widen(vector, out Vector<double> low, out Vector<double> high);
            sumOfSquares += (low * low) + (high * high);
        }

        double sum = Vector.Sum(sumOfSquares);
        for (int i = vectors.Length * Vector<float>.Count; i < gradients.Length; i++)
        {
            double value = gradients[i];
            sum += value * value;
        }

        return (float)Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales all gradients by <c>maxNorm / (norm + 1e-6)</c> when that is below 1, so that their global norm
    /// becomes (just under) <paramref name="maxNorm"/>; smaller gradients are left exactly as they are, and so
    /// are gradients whose norm is not finite (the returned norm shows it).
    /// </summary>
    /// <param name="gradients">The flat gradient buffer, scaled in place.</param>
    /// <param name="maxNorm">The largest global norm to allow, positive.</param>
    /// <returns>The global norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive and finite.</exception>
    public static float ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm > 0 && float.IsFinite(maxNorm)))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The largest norm must be positive and finite.");
        }

        float norm = GlobalNorm(gradients);
        double coefficient = maxNorm / (norm + NormEpsilon);
        if (coefficient < 1 && float.IsFinite(norm))
        {
            Scale(gradients, (float)coefficient);
        }

        return norm;
    }

    private static void Scale(Span<float> values, float factor)
    {
        Span<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var factorVector = new Vector<float>(factor);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] *= factorVector;
        }

        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}
