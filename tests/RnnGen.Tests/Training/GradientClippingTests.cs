using System;
using System.Linq;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

[Trait("Category", "Numeric")]
public sealed class GradientClippingTests
{
    [Fact]
    public void LargeGradientsAreScaledDownToTheMaximumNorm()
    {
        float[] gradients = [3f, 4f];

        float norm = GradientClipping.ClipByGlobalNorm(gradients, maxNorm: 1f);

        // PyTorch's coefficient is maxNorm / (norm + 1e-6).
        double coefficient = 1 / (5 + 1e-6);
        Assert.Equal(5f, norm);
        Assert.Equal((float)(3 * coefficient), gradients[0], 1e-7f);
        Assert.Equal((float)(4 * coefficient), gradients[1], 1e-7f);
        Assert.InRange(GradientClipping.GlobalNorm(gradients), 1f - 1e-6f, 1f);
    }

    [Fact]
    public void SmallGradientsAreLeftExactlyAsTheyAre()
    {
        float[] gradients = Random(1001, seed: 1, bound: 0.01f);
        float[] before = (float[])gradients.Clone();

        float norm = GradientClipping.ClipByGlobalNorm(gradients, maxNorm: 1f);

        Assert.True(norm < 1f);
        Assert.Equal(before, gradients);
    }

    [Fact]
    public void TheGlobalNormMatchesADoublePrecisionSum()
    {
        float[] gradients = Random(1001, seed: 2, bound: 3f);

        double expected = Math.Sqrt(gradients.Sum(g => (double)g * g));

        Assert.Equal(expected, GradientClipping.GlobalNorm(gradients), expected * 1e-7);
    }

    [Fact]
    public void ANonFiniteNormIsReturnedAndTheGradientsAreLeftAlone()
    {
        float[] gradients = [1f, float.NaN, 2f];

        float norm = GradientClipping.ClipByGlobalNorm(gradients, maxNorm: 1f);

        Assert.True(float.IsNaN(norm));
        Assert.Equal(1f, gradients[0]);
        Assert.Equal(2f, gradients[2]);
    }

    [Fact]
    public void TheMaximumNormMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(new float[3], 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(new float[3], float.NaN));
    }

    private static float[] Random(int count, int seed, float bound)
    {
        float[] values = new float[count];
        new ParameterRandom(seed).FillUniform(values, bound);
        return values;
    }
}
