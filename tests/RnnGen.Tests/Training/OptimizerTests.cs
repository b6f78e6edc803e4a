using System;
using System.IO;
using System.Linq;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

[Trait("Category", "Numeric")]
public sealed class OptimizerTests
{
    // Float updates of O(1) values against exact decimal arithmetic: a few float roundings per step.
    private const double HandTolerance = 1e-6;

    // 37 parameters: a few full vectors of every width and a scalar tail.
    private const int Count = 37;

    [Fact]
    public void SgdStepsAgainstTheGradient()
    {
        float[] p = [1f, -2f];
        new Sgd(2, learningRate: 0.1).Step(p, [0.5f, 0.25f]);
        AssertClose([0.95, -2.025], p);
    }

    [Fact]
    public void SgdMomentumStartsItsBufferAtTheFirstGradient()
    {
        // b1 = 0.5, b2 = 0.9·0.5 + 0.5 = 0.95, b3 = 0.9·0.95 + 0.5 = 1.355; p -= 0.1 b.
        AssertSteps(new Sgd(1, 0.1, momentum: 0.9), [0.95, 0.855, 0.7195]);
    }

    [Fact]
    public void SgdNesterovStepsAlongTheGradientPlusMomentumTimesTheBuffer()
    {
        // Directions 0.5 + 0.9·b: 0.95, 1.355, 1.7195.
        AssertSteps(new Sgd(1, 0.1, momentum: 0.9, nesterov: true), [0.905, 0.7695, 0.59755]);
    }

    [Fact]
    public void SgdDampeningSparesTheFirstStepAsPyTorchDoes()
    {
        // b1 = 0.5 undampened; b2 = 0.9·0.5 + 0.5·0.5 = 0.7.
        AssertSteps(new Sgd(1, 0.1, momentum: 0.9, dampening: 0.5), [0.95, 0.88]);
    }

    [Fact]
    public void SgdWeightDecayAddsL2ToTheGradient()
    {
        // g = 0.5 + 0.1 p: 0.6 then 0.594.
        AssertSteps(new Sgd(1, 0.1, weightDecay: 0.1), [0.94, 0.8806]);
    }

    [Fact]
    public void AdamMovesByTheLearningRateUnderAConstantGradient()
    {
        // With bias correction m̂ = 0.5 and v̂ = 0.25 at every step, so each step is 0.1 · 0.5 / (0.5 + 1e-8).
        AssertSteps(new Adam(1, learningRate: 0.1), [0.9, 0.8, 0.7]);
    }

    [Fact]
    public void AdamWithL2WeightDecayAddsItToTheGradientBeforeTheMoments()
    {
        // Step 1: g = 0.5 + 0.5·1 = 1, m̂ = 1, v̂ = 1: p = 1 - 0.1 = 0.9.
        // Step 2: g = 0.5 + 0.45 = 0.95; m = 0.09 + 0.095 = 0.185, v = 0.000999 + 0.00090250 = 0.0019015;
        //         m̂ = 0.185 / 0.19, v̂ = 0.0019015 / 0.001999: p = 0.9 - 0.1 · m̂ / √v̂.
        double m = 0.185 / 0.19;
        double v = 0.0019015 / 0.001999;
        AssertSteps(new Adam(1, learningRate: 0.1, weightDecay: 0.5), [0.9, 0.9 - (0.1 * m / (Math.Sqrt(v) + 1e-8))]);
    }

    [Fact]
    public void AdamWShrinksTheParametersBeforeAdamsStep()
    {
        // p · (1 - 0.1·0.1) then -0.1: 0.99 - 0.1 = 0.89; 0.89 · 0.99 - 0.1 = 0.7811.
        AssertSteps(new AdamW(1, learningRate: 0.1, weightDecay: 0.1), [0.89, 0.7811]);
    }

    [Fact]
    public void AdamFollowsPyTorchsAlgorithmForVaryingGradients()
    {
        float[] p = Random(Count, seed: 1);
        double[] expected = p.Select(v => (double)v).ToArray();
        double[] m = new double[Count];
        double[] v = new double[Count];
        var adam = new Adam(Count, learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.05);
        for (int step = 1; step <= 3; step++)
        {
            float[] g = Random(Count, seed: 10 + step);
            adam.Step(p, g);
            for (int i = 0; i < Count; i++)
            {
                // torch.optim.Adam's documented algorithm, in double.
                double gradient = g[i] + (0.05 * expected[i]);
                m[i] = (0.8 * m[i]) + (0.2 * gradient);
                v[i] = (0.99 * v[i]) + (0.01 * gradient * gradient);
                double mHat = m[i] / (1 - Math.Pow(0.8, step));
                double vHat = v[i] / (1 - Math.Pow(0.99, step));
                expected[i] -= 0.01 * mHat / (Math.Sqrt(vHat) + 1e-6);
            }

            AssertClose(expected, p);
        }
    }

    [Fact]
    public void SgdFollowsPyTorchsAlgorithmForVaryingGradients()
    {
        float[] p = Random(Count, seed: 2);
        double[] expected = p.Select(v => (double)v).ToArray();
        double[] buffer = new double[Count];
        var sgd = new Sgd(Count, learningRate: 0.05, momentum: 0.7, weightDecay: 0.01, nesterov: true);
        for (int step = 1; step <= 3; step++)
        {
            float[] g = Random(Count, seed: 20 + step);
            sgd.Step(p, g);
            for (int i = 0; i < Count; i++)
            {
                double gradient = g[i] + (0.01 * expected[i]);
                buffer[i] = step == 1 ? gradient : (0.7 * buffer[i]) + gradient;
                expected[i] -= 0.05 * (gradient + (0.7 * buffer[i]));
            }

            AssertClose(expected, p);
        }
    }

    public static TheoryData<string> Optimizers => new() { "Sgd", "Nesterov", "Adam", "AdamW" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void EveryElementUpdatesAloneAsInsideAVector(string kind)
    {
        float[] together = Random(Count, seed: 3);
        float[] alone = (float[])together.Clone();
        IOptimizer vectorized = Create(kind, Count);
        IOptimizer[] scalars = Enumerable.Range(0, Count).Select(_ => Create(kind, 1)).ToArray();
        for (int step = 0; step < 3; step++)
        {
            float[] g = Random(Count, seed: 30 + step);
            vectorized.Step(together, g);
            for (int i = 0; i < Count; i++)
            {
                scalars[i].Step(alone.AsSpan(i, 1), g.AsSpan(i, 1));
            }
        }

        Assert.Equal(Bits(alone), Bits(together));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void SavedStateResumesBitIdentically(string kind)
    {
        IOptimizer original = Create(kind, Count);
        float[] p = Random(Count, seed: 4);
        original.Step(p, Random(Count, seed: 40));
        original.LearningRate = 0.0125;
        original.Step(p, Random(Count, seed: 41));
        byte[] state = Save(original);

        IOptimizer resumed = Create(kind, Count);
        resumed.LoadState(new BinaryReader(new MemoryStream(state)));
        float[] q = (float[])p.Clone();
        float[] g = Random(Count, seed: 42);
        original.Step(p, g);
        resumed.Step(q, g);

        Assert.Equal(3, resumed.StepCount);
        Assert.Equal(0.0125, resumed.LearningRate);
        Assert.Equal(Bits(p), Bits(q));
        Assert.Equal(Save(original), Save(resumed));
    }

    [Fact]
    public void LoadingAnotherOptimizersStateIsRefusedAndChangesNothing()
    {
        var adam = new Adam(Count);
        float[] p = Random(Count, seed: 5);
        adam.Step(p, Random(Count, seed: 50));
        byte[] before = Save(adam);

        Assert.Throws<InvalidDataException>(() => adam.LoadState(Reader(Save(new AdamW(Count)))));
        Assert.Throws<InvalidDataException>(() => adam.LoadState(Reader(Save(new Adam(Count + 1)))));
        byte[] truncated = Save(new Adam(Count));
        Assert.Throws<EndOfStreamException>(() => adam.LoadState(Reader(truncated.AsSpan(0, truncated.Length - 3).ToArray())));
        Assert.Throws<InvalidDataException>(() => new Sgd(Count, 0.1).LoadState(Reader(Save(new Sgd(Count, 0.1, momentum: 0.9)))));

        Assert.Equal(before, Save(adam));
    }

    [Fact]
    public void InvalidHyperparametersAreRefusedAsPyTorchRefusesThem()
    {
        Assert.Throws<ArgumentException>(() => new Sgd(1, 0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Sgd(1, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(1, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(1, beta1: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(1, weightDecay: double.NaN));
        Assert.Throws<ArgumentException>(() => new Adam(2).Step(new float[2], new float[3]));
    }

    private static IOptimizer Create(string kind, int count) => kind switch
    {
        "Sgd" => new Sgd(count, 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        "Nesterov" => new Sgd(count, 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        "Adam" => new Adam(count, 0.01, weightDecay: 0.01),
        _ => new AdamW(count, 0.01),
    };

    /// <summary>Three steps of a one-parameter optimizer from p = 1 with gradient 0.5.</summary>
    private static void AssertSteps(IOptimizer optimizer, double[] expected)
    {
        float[] p = [1f];
        for (int step = 0; step < expected.Length; step++)
        {
            optimizer.Step(p, [0.5f]);
            Assert.True(Math.Abs(p[0] - expected[step]) <= HandTolerance, $"step {step + 1}: {p[0]:R}, expected {expected[step]:R}");
        }
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= HandTolerance * Math.Max(1, Math.Abs(expected[i])), $"parameter {i}: {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    private static float[] Random(int count, int seed)
    {
        float[] values = new float[count];
        new ParameterRandom(seed).FillUniform(values, 1);
        return values;
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static byte[] Save(IOptimizer optimizer)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            optimizer.SaveState(writer);
        }

        return stream.ToArray();
    }

    private static BinaryReader Reader(byte[] bytes) => new(new MemoryStream(bytes));
}
