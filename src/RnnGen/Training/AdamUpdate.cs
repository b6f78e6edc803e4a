using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RnnGen.Training;

/// <summary>
/// The element-wise update Adam and AdamW share, as <c>torch.optim.Adam</c>'s single-tensor path computes it:
/// scalars in double, cast to float for the element-wise operations, which are unfused so that every vector
/// width and the scalar tail round alike.
/// </summary>
internal static class AdamUpdate
{
    /// <summary>
    /// Takes step number <paramref name="step"/> (1-based). Adam's weight decay is <paramref name="l2WeightDecay"/>,
    /// added to the gradient as <c>λ · p</c>; AdamW's is <paramref name="decoupledWeightDecay"/>, applied as
    /// <c>p · (1 - lr · λ)</c> before the update.
    /// </summary>
    public static void Apply(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        long step,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double l2WeightDecay,
        double decoupledWeightDecay)
    {
        bool hasL2 = l2WeightDecay != 0;
        bool hasDecoupled = decoupledWeightDecay != 0;
        float l2 = (float)l2WeightDecay;
        float shrink = (float)(1 - (learningRate * decoupledWeightDecay));
        float b1 = (float)beta1;
        float b2 = (float)beta2;
        float oneMinusB1 = (float)(1 - beta1);
        float oneMinusB2 = (float)(1 - beta2);
        float eps = (float)epsilon;
        float negativeStepSize = (float)(-learningRate / (1 - Math.Pow(beta1, step)));
        float biasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step));

        Span<Vector<float>> p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        ReadOnlySpan<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        Span<Vector<float>> m = MemoryMarshal.Cast<float, Vector<float>>(firstMoment);
        Span<Vector<float>> v = MemoryMarshal.Cast<float, Vector<float>>(secondMoment);
        var l2Vector = new Vector<float>(l2);
        var shrinkVector = new Vector<float>(shrink);
        var b1Vector = new Vector<float>(b1);
        var b2Vector = new Vector<float>(b2);
        var oneMinusB1Vector = new Vector<float>(oneMinusB1);
        var oneMinusB2Vector = new Vector<float>(oneMinusB2);
        var epsVector = new Vector<float>(eps);
        var negativeStepSizeVector = new Vector<float>(negativeStepSize);
        var biasCorrection2SqrtVector = new Vector<float>(biasCorrection2Sqrt);
        for (int i = 0; i < p.Length; i++)
        {
            Vector<float> parameter = p[i];
            Vector<float> gradient = hasL2 ? g[i] + (l2Vector * parameter) : g[i];
            if (hasDecoupled)
            {
                parameter *= shrinkVector;
            }

            Vector<float> mean = (m[i] * b1Vector) + (oneMinusB1Vector * gradient);
            Vector<float> meanSquare = (v[i] * b2Vector) + (oneMinusB2Vector * gradient * gradient);
            m[i] = mean;
            v[i] = meanSquare;
            Vector<float> denominator = (Vector.SquareRoot(meanSquare) / biasCorrection2SqrtVector) + epsVector;
            p[i] = parameter + (negativeStepSizeVector * mean / denominator);
        }

        for (int i = p.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float parameter = parameters[i];
            float gradient = hasL2 ? gradients[i] + (l2 * parameter) : gradients[i];
            if (hasDecoupled)
            {
                parameter *= shrink;
            }

            float mean = (firstMoment[i] * b1) + (oneMinusB1 * gradient);
            float meanSquare = (secondMoment[i] * b2) + (oneMinusB2 * gradient * gradient);
            firstMoment[i] = mean;
            secondMoment[i] = meanSquare;
            float denominator = (MathF.Sqrt(meanSquare) / biasCorrection2Sqrt) + eps;
            parameters[i] = parameter + (negativeStepSize * mean / denominator);
        }
    }
}
