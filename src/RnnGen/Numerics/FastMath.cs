using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnGen.Numerics;

/// <summary>
/// Fast, branch-free (in the vector overloads) float activations for the generated forward passes:
/// <c>exp</c>, <c>sigmoid</c>, <c>tanh</c> for a scalar and for every vector width, and a stable softmax.
/// </summary>
/// <remarks>
/// <para>
/// Every overload of one function runs the same algorithm, so a network gives the same results whichever
/// vector width the generated code picks, up to one difference: the vector overloads use
/// <c>MultiplyAddEstimate</c>, which is a fused multiply-add on hardware with FMA and a rounded multiply
/// followed by an add elsewhere, while the scalar overloads always round the product.
/// </para>
/// <para>
/// The error bounds in each function's documentation were measured over all 2^32 float inputs, for every
/// overload, with and without FMA, against the exact function evaluated in double precision.
/// An error in ulp is <c>|y − f(x)| / ulp(f(x))</c>, where ulp(v) is the spacing of floats in the binade of
/// the exact v (2^(e−23) for 2^e ≤ |v| &lt; 2^(e+1)); a correctly rounded result scores at most 0.5.
/// For exact results below 2^−126, the smallest normal float, the bound is an absolute error instead.
/// </para>
/// <para>
/// Subnormal inputs are accepted everywhere. Subnormal outputs: <see cref="Exp(float)"/> flushes them to +0,
/// <see cref="Sigmoid(float)"/> rounds them gradually down to x ≈ −88.72 and returns +0 below,
/// and <see cref="Tanh(float)"/> returns subnormal inputs unchanged.
/// </para>
/// </remarks>
public static class FastMath
{
    private const float Log2E = 1.44269504f;

    // Adding 1.5 * 2^23 rounds x * log2(e) to the nearest integer n and leaves n in the low mantissa bits,
    // so shifting those bits left by 23 yields n already in place for the float exponent field.
    private const float RoundingShift = 12582912f;

    // Cody–Waite split of ln 2: Ln2Hi has 16 significant bits, so n * Ln2Hi is exact for |n| <= 256 and
    // x - n * Ln2Hi is exact too; only the tiny n * Ln2Lo term is rounded.
    private const float Ln2Hi = 0.693145751953125f;
    private const float Ln2Lo = 1.42860677e-6f;

    // Cephes expf minimax coefficients: e^r ≈ 1 + r + r² · P(r) for |r| <= ln(2) / 2.
    private const float ExpP0 = 1.9875691500e-4f;
    private const float ExpP1 = 1.3981999507e-3f;
    private const float ExpP2 = 8.3334519073e-3f;
    private const float ExpP3 = 4.1665795894e-2f;
    private const float ExpP4 = 1.6666665459e-1f;
    private const float ExpP5 = 5.0000001201e-1f;

    // The largest float whose exp rounds to a finite float; the exponent addition is still valid up to here
    // because n = 128 only occurs with r < 0, where e^r < 1 keeps the biased exponent at 254 or below.
    private const float ExpOverflowThreshold = 88.72283f;

    // The smallest float whose exp is at least 2^-126, the smallest normal float. Below it the exponent
    // addition would wrap into the subnormal encoding, so those results are flushed to zero instead.
    private const float ExpUnderflowThreshold = -87.33654f;

    // Below this magnitude 1 - 2 / (e^(2|x|) + 1) loses too many bits to cancellation, so an odd polynomial
    // (Cephes tanhf minimax coefficients: tanh(x) ≈ x + x³ · Q(x²)) takes over.
    private const float TanhPolynomialLimit = 0.625f;
    private const float TanhQ0 = -5.70498872745e-3f;
    private const float TanhQ1 = 2.06390887954e-2f;
    private const float TanhQ2 = -5.37397155531e-2f;
    private const float TanhQ3 = 1.33314422036e-1f;
    private const float TanhQ4 = -3.33332819422e-1f;

    /// <summary>Computes e^x.</summary>
    /// <param name="x">The exponent.</param>
    /// <returns>
    /// e^x, at most 0.987 ulp from the exact result for x in [−87.33654, 88.72283], where it is at least
    /// 2^−126. Below −87.33654 the result is flushed to +0, an absolute error under 2^−126 ≈ 1.18e-38; above
    /// 88.72283, where e^x rounds to infinity, and for +∞ it is +∞. −∞ gives +0 and NaN gives NaN.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        // The negated comparison also routes NaN here, where x + ∞ keeps it NaN.
        if (!(x <= ExpOverflowThreshold))
        {
            return x + float.PositiveInfinity;
        }

        if (x < ExpUnderflowThreshold)
        {
            return 0f;
        }

        float shifted = x * Log2E + RoundingShift;
        float n = shifted - RoundingShift;
        float r = n * -Ln2Hi + x;
        r = n * -Ln2Lo + r;

        float p = ExpP0 * r + ExpP1;
        p = p * r + ExpP2;
        p = p * r + ExpP3;
        p = p * r + ExpP4;
        p = p * r + ExpP5;
        p = p * (r * r) + r;
        p += 1f;

        // Adding n to p's exponent field scales by 2^n without materialising 2^n, which overflows for n = 128.
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p) + (BitConverter.SingleToInt32Bits(shifted) << 23));
    }

    /// <summary>Computes e^x for each lane.</summary>
    /// <param name="x">The exponents.</param>
    /// <returns>
    /// e^x per lane, at most 1.013 ulp from the exact result with FMA and 0.987 ulp without; subnormal results,
    /// overflow and special values as in <see cref="Exp(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        Vector128<float> shifted = Vector128.MultiplyAddEstimate(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        Vector128<float> n = shifted - Vector128.Create(RoundingShift);
        Vector128<float> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Hi), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Lo), r);

        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.Create(ExpP0), r, Vector128.Create(ExpP1));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP5));
        p = Vector128.MultiplyAddEstimate(p, r * r, r);
        p += Vector128<float>.One;

        Vector128<float> result = (p.AsInt32() + (shifted.AsInt32() << 23)).AsSingle();
        result = Vector128.AndNot(result, Vector128.LessThan(x, Vector128.Create(ExpUnderflowThreshold)));

        // Select rather than clamp the input: the mask is false for NaN, so NaN lanes take x + ∞ and stay NaN.
        return Vector128.ConditionalSelect(
            Vector128.LessThanOrEqual(x, Vector128.Create(ExpOverflowThreshold)),
            result,
            x + Vector128.Create(float.PositiveInfinity));
    }

    /// <summary>Computes e^x for each lane.</summary>
    /// <param name="x">The exponents.</param>
    /// <returns>
    /// e^x per lane, at most 1.013 ulp from the exact result with FMA and 0.987 ulp without; subnormal results,
    /// overflow and special values as in <see cref="Exp(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> shifted = Vector256.MultiplyAddEstimate(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<float> n = shifted - Vector256.Create(RoundingShift);
        Vector256<float> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo), r);

        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.Create(ExpP0), r, Vector256.Create(ExpP1));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP5));
        p = Vector256.MultiplyAddEstimate(p, r * r, r);
        p += Vector256<float>.One;

        Vector256<float> result = (p.AsInt32() + (shifted.AsInt32() << 23)).AsSingle();
        result = Vector256.AndNot(result, Vector256.LessThan(x, Vector256.Create(ExpUnderflowThreshold)));

        return Vector256.ConditionalSelect(
            Vector256.LessThanOrEqual(x, Vector256.Create(ExpOverflowThreshold)),
            result,
            x + Vector256.Create(float.PositiveInfinity));
    }

    /// <summary>Computes e^x for each lane.</summary>
    /// <param name="x">The exponents.</param>
    /// <returns>
    /// e^x per lane, at most 1.013 ulp from the exact result with FMA and 0.987 ulp without; subnormal results,
    /// overflow and special values as in <see cref="Exp(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> shifted = Vector512.MultiplyAddEstimate(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<float> n = shifted - Vector512.Create(RoundingShift);
        Vector512<float> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Lo), r);

        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.Create(ExpP0), r, Vector512.Create(ExpP1));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP2));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP3));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP4));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP5));
        p = Vector512.MultiplyAddEstimate(p, r * r, r);
        p += Vector512<float>.One;

        Vector512<float> result = (p.AsInt32() + (shifted.AsInt32() << 23)).AsSingle();
        result = Vector512.AndNot(result, Vector512.LessThan(x, Vector512.Create(ExpUnderflowThreshold)));

        return Vector512.ConditionalSelect(
            Vector512.LessThanOrEqual(x, Vector512.Create(ExpOverflowThreshold)),
            result,
            x + Vector512.Create(float.PositiveInfinity));
    }

    /// <summary>Computes the logistic function 1 / (1 + e^−x).</summary>
    /// <param name="x">The input.</param>
    /// <returns>
    /// sigmoid(x), at most 2.481 ulp from the exact result where that is at least 2^−126 (x ≥ −87.33654).
    /// Smaller results are subnormal, rounded by the final division, down to x = −88.72283; below that they are
    /// +0. Either way the absolute error there is at most 2.94e-39. The result is exactly 1 for
    /// x &gt; 16.63553 and +∞, exactly 0.5 for ±0, +0 for −∞, and NaN for NaN.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>Computes the logistic function 1 / (1 + e^−x) for each lane.</summary>
    /// <param name="x">The inputs.</param>
    /// <returns>
    /// sigmoid(x) per lane, at most 2.481 ulp from the exact result with or without FMA; tiny results and
    /// special values as in <see cref="Sigmoid(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Exp(-x));

    /// <summary>Computes the logistic function 1 / (1 + e^−x) for each lane.</summary>
    /// <param name="x">The inputs.</param>
    /// <returns>
    /// sigmoid(x) per lane, at most 2.481 ulp from the exact result with or without FMA; tiny results and
    /// special values as in <see cref="Sigmoid(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>Computes the logistic function 1 / (1 + e^−x) for each lane.</summary>
    /// <param name="x">The inputs.</param>
    /// <returns>
    /// sigmoid(x) per lane, at most 2.481 ulp from the exact result with or without FMA; tiny results and
    /// special values as in <see cref="Sigmoid(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>Computes the hyperbolic tangent.</summary>
    /// <param name="x">The input.</param>
    /// <returns>
    /// tanh(x), at most 1.331 ulp from the exact result over all inputs (relative error also near 0).
    /// Subnormal inputs are returned unchanged, which is tanh(x) correctly rounded, so the absolute error
    /// there is 0. The result is exactly ±1 for |x| &gt; 9.010913 and ±∞, keeps the sign of ±0, and is NaN
    /// for NaN. tanh(−x) is exactly −tanh(x).
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        float ax = MathF.Abs(x);
        float t;
        if (ax <= TanhPolynomialLimit)
        {
            float z = ax * ax;
            float q = TanhQ0 * z + TanhQ1;
            q = q * z + TanhQ2;
            q = q * z + TanhQ3;
            q = q * z + TanhQ4;
            t = q * z * ax + ax;
        }
        else
        {
            // NaN takes this branch and stays NaN.
            t = 1f - 2f / (Exp(ax + ax) + 1f);
        }

        return MathF.CopySign(t, x);
    }

    /// <summary>Computes the hyperbolic tangent for each lane.</summary>
    /// <param name="x">The inputs.</param>
    /// <returns>
    /// tanh(x) per lane, at most 1.331 ulp from the exact result with or without FMA; subnormal inputs,
    /// saturation and special values as in <see cref="Tanh(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> ax = Vector128.Abs(x);
        Vector128<float> z = ax * ax;
        Vector128<float> q = Vector128.MultiplyAddEstimate(Vector128.Create(TanhQ0), z, Vector128.Create(TanhQ1));
        q = Vector128.MultiplyAddEstimate(q, z, Vector128.Create(TanhQ2));
        q = Vector128.MultiplyAddEstimate(q, z, Vector128.Create(TanhQ3));
        q = Vector128.MultiplyAddEstimate(q, z, Vector128.Create(TanhQ4));
        Vector128<float> small = Vector128.MultiplyAddEstimate(q * z, ax, ax);

        Vector128<float> large = Vector128<float>.One - Vector128.Create(2f) / (Exp(ax + ax) + Vector128<float>.One);

        Vector128<float> t = Vector128.ConditionalSelect(Vector128.LessThanOrEqual(ax, Vector128.Create(TanhPolynomialLimit)), small, large);
        return Vector128.CopySign(t, x);
    }

    /// <summary>Computes the hyperbolic tangent for each lane.</summary>
    /// <param name="x">The inputs.</param>
    /// <returns>
    /// tanh(x) per lane, at most 1.331 ulp from the exact result with or without FMA; subnormal inputs,
    /// saturation and special values as in <see cref="Tanh(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x);
        Vector256<float> z = ax * ax;
        Vector256<float> q = Vector256.MultiplyAddEstimate(Vector256.Create(TanhQ0), z, Vector256.Create(TanhQ1));
        q = Vector256.MultiplyAddEstimate(q, z, Vector256.Create(TanhQ2));
        q = Vector256.MultiplyAddEstimate(q, z, Vector256.Create(TanhQ3));
        q = Vector256.MultiplyAddEstimate(q, z, Vector256.Create(TanhQ4));
        Vector256<float> small = Vector256.MultiplyAddEstimate(q * z, ax, ax);

        Vector256<float> large = Vector256<float>.One - Vector256.Create(2f) / (Exp(ax + ax) + Vector256<float>.One);

        Vector256<float> t = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(ax, Vector256.Create(TanhPolynomialLimit)), small, large);
        return Vector256.CopySign(t, x);
    }

    /// <summary>Computes the hyperbolic tangent for each lane.</summary>
    /// <param name="x">The inputs.</param>
    /// <returns>
    /// tanh(x) per lane, at most 1.331 ulp from the exact result with or without FMA; subnormal inputs,
    /// saturation and special values as in <see cref="Tanh(float)"/>.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> ax = Vector512.Abs(x);
        Vector512<float> z = ax * ax;
        Vector512<float> q = Vector512.MultiplyAddEstimate(Vector512.Create(TanhQ0), z, Vector512.Create(TanhQ1));
        q = Vector512.MultiplyAddEstimate(q, z, Vector512.Create(TanhQ2));
        q = Vector512.MultiplyAddEstimate(q, z, Vector512.Create(TanhQ3));
        q = Vector512.MultiplyAddEstimate(q, z, Vector512.Create(TanhQ4));
        Vector512<float> small = Vector512.MultiplyAddEstimate(q * z, ax, ax);

        Vector512<float> large = Vector512<float>.One - Vector512.Create(2f) / (Exp(ax + ax) + Vector512<float>.One);

        Vector512<float> t = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(ax, Vector512.Create(TanhPolynomialLimit)), small, large);
        return Vector512.CopySign(t, x);
    }

    /// <summary>Replaces <paramref name="values"/> with their softmax, exp(v_i − max) / Σ_j exp(v_j − max).</summary>
    /// <param name="values">The logits on entry, the probabilities on return. An empty span is left as it is.</param>
    /// <remarks>
    /// Subtracting the maximum keeps every exponent at or below 0, so large logits cannot overflow. As
    /// PyTorch's <c>torch.softmax</c>: a NaN anywhere, a +∞ logit, or all logits −∞ makes every output NaN
    /// (the limits are not defined there, and a NaN says so rather than inventing a distribution); −∞ next
    /// to a finite logit gets 0. The normalising sum is accumulated in double.
    /// </remarks>
    public static void SoftmaxInPlace(Span<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            // MathF.Max propagates NaN, so a NaN logit makes max, and with it every output, NaN.
            max = MathF.Max(max, v);
        }

        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float e = Exp(values[i] - max);
            values[i] = e;
            sum += e;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] / sum);
        }
    }
}
