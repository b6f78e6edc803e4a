using System;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// How close float32 generated code must be to a reference: 1e-5 absolute for values up to 1 in
/// magnitude, 1e-5 relative above (a ReLU network's outputs are unbounded).
/// </summary>
internal static class Tolerance
{
    public const double Bound = 1e-5;

    /// <summary>The error of <paramref name="actual"/> in units of the bound's scale: absolute below 1, relative above.</summary>
    public static double ScaledError(double actual, double expected) =>
        double.IsNaN(actual) != double.IsNaN(expected) ? double.PositiveInfinity : Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));

    /// <summary>Asserts every value is within the bound and returns the largest scaled error.</summary>
    public static double AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, int valuesPerStep, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double error = ScaledError(actual[i], expected[i]);
            if (error > worst || double.IsNaN(error))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(
            worst <= Bound,
            $"{what}: error {worst:E3} > {Bound:E0} at step {worstIndex / valuesPerStep}, value {worstIndex % valuesPerStep}: got {actual[worstIndex]:R}, expected {expected[worstIndex]:R}.");
        return worst;
    }
}
