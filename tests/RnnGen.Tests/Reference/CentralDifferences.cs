using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;

namespace RnnGen.Tests.Reference;

/// <summary>Checks a backward reference's gradients against central differences of the loss it differentiates.</summary>
internal static class CentralDifferences
{
    /// <summary>
    /// The largest <c>|analytic - numeric| / max(1, |numeric|)</c> allowed. Central differences with a step near
    /// 1e-6 err by about step² · |L'''| (~1e-12) plus rounding of about 1e-16 · |L| / step (~1e-9 for the tests'
    /// losses), while a missing, doubled or misrouted term is of order 1e-2 with their parameters.
    /// </summary>
    public const double Tolerance = 1e-6;

    private const double Step = 1e-6;

    /// <summary>
    /// Asserts that every parameter's, every valid input's and every initial-state value's gradient in
    /// <paramref name="analytic"/> is within <see cref="Tolerance"/> of the central difference of
    /// <paramref name="loss"/>, as <c>|analytic - numeric| / max(1, |numeric|)</c> (absolute for small gradients,
    /// relative for large ones); that padded inputs' gradients are exactly zero; and that over a quarter of the
    /// gradients are far from zero, without which the comparison would prove little. Reports the worst to
    /// <paramref name="output"/>.
    /// </summary>
    /// <param name="analytic">The backward reference's result.</param>
    /// <param name="parameters">The parameters, perturbed in place one value at a time.</param>
    /// <param name="inputs"><c>[B, steps, InputSize]</c>, perturbed in place one value at a time.</param>
    /// <param name="lengths">The valid steps of each sequence.</param>
    /// <param name="steps">T, the steps of each sequence with its padding.</param>
    /// <param name="initialState">The initial state, perturbed in place one value at a time.</param>
    /// <param name="loss">The loss from the current parameters and inputs, given the initial state.</param>
    /// <param name="output">Where the worst discrepancy is reported.</param>
    public static void AssertMatch(
        ReferenceGradients analytic,
        Dictionary<string, float[]> parameters,
        float[] inputs,
        int[] lengths,
        int steps,
        double[] initialState,
        Func<double[], double> loss,
        ITestOutputHelper output)
    {
        var checks = new List<(string What, double Analytic, double Numeric)>();
        foreach ((string name, float[] values) in parameters)
        {
            for (int index = 0; index < values.Length; index++)
            {
                double numeric = FloatDifference(values, index, () => loss(initialState));
                checks.Add(($"{name}[{index}]", analytic.ParameterGradients[name][index], numeric));
            }
        }

        int inputSize = inputs.Length / (lengths.Length * steps);
        for (int b = 0; b < lengths.Length; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < inputSize; i++)
                {
                    int index = (b * steps + t) * inputSize + i;
                    if (t >= lengths[b])
                    {
                        // A padded input cannot reach the loss at all, so nothing short of exactly zero is right.
                        Assert.Equal(0, analytic.InputGradients[index]);
                        continue;
                    }

                    double numeric = FloatDifference(inputs, index, () => loss(initialState));
                    checks.Add(($"input[{b},{t},{i}]", analytic.InputGradients[index], numeric));
                }
            }
        }

        for (int index = 0; index < initialState.Length; index++)
        {
            double saved = initialState[index];
            initialState[index] = saved + Step;
            double plus = loss(initialState);
            initialState[index] = saved - Step;
            double minus = loss(initialState);
            initialState[index] = saved;
            checks.Add(($"state[{index}]", analytic.InitialStateGradient[index], (plus - minus) / (2 * Step)));
        }

        (string worstWhat, double worstAnalytic, double worstNumeric) = checks.MaxBy(c => Discrepancy(c.Analytic, c.Numeric));
        double worst = Discrepancy(worstAnalytic, worstNumeric);
        output.WriteLine(
            $"{checks.Count} gradients; largest |analytic - numeric| / max(1, |numeric|) = {worst:E2} at {worstWhat} " +
            $"(analytic {worstAnalytic:R}, numeric {worstNumeric:R})");
        Assert.All(checks, c => Assert.True(
            Discrepancy(c.Analytic, c.Numeric) <= Tolerance,
            $"{c.What}: analytic {c.Analytic:R}, numeric {c.Numeric:R}."));
        Assert.True(checks.Count(c => Math.Abs(c.Numeric) > 1e-3) > checks.Count / 4, "Too few gradients are far from zero.");
    }

    /// <summary>
    /// The loss whose gradients are <c>outputGradients</c>, L = Σ outputGradients ⊙ outputs over each sequence's valid
    /// steps, from <paramref name="runSequence"/>'s outputs of each sequence b, given its length.
    /// </summary>
    /// <param name="outputGradients"><c>[B, steps, ResultSize]</c>.</param>
    /// <param name="lengths">The valid steps of each sequence.</param>
    /// <param name="steps">T, the steps of each sequence with its padding.</param>
    /// <param name="runSequence">Sequence b's outputs over its valid steps, <c>[length, ResultSize]</c>.</param>
    public static double OutputLoss(double[] outputGradients, int[] lengths, int steps, Func<int, int, double[]> runSequence)
    {
        int resultSize = outputGradients.Length / (lengths.Length * steps);
        double loss = 0;
        for (int b = 0; b < lengths.Length; b++)
        {
            double[] outputs = runSequence(b, lengths[b]);
            for (int t = 0; t < lengths[b]; t++)
            {
                for (int k = 0; k < resultSize; k++)
                {
                    loss += outputGradients[(b * steps + t) * resultSize + k] * outputs[t * resultSize + k];
                }
            }
        }

        return loss;
    }

    /// <summary>
    /// The central difference of <paramref name="loss"/> in <c>values[index]</c>. The perturbed values must be
    /// floats, so <see cref="Step"/> is rounded to float and the quotient divides by the step actually taken (exact in double).
    /// </summary>
    private static double FloatDifference(float[] values, int index, Func<double> loss)
    {
        float saved = values[index];
        float plus = (float)(saved + Step);
        float minus = (float)(saved - Step);
        values[index] = plus;
        double lossPlus = loss();
        values[index] = minus;
        double lossMinus = loss();
        values[index] = saved;
        return (lossPlus - lossMinus) / ((double)plus - minus);
    }

    private static double Discrepancy(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(1, Math.Abs(numeric));
}
