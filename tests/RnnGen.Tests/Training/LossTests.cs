using System;
using System.Linq;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

[Trait("Category", "Numeric")]
public sealed class LossTests
{
    // The batch every check uses: three sequences padded to five steps, four outputs per step.
    private const int OutputSize = 4;
    private const int Steps = 5;
    private static readonly int[] Lengths = [5, 2, 3];

    // The losses sum in double from float inputs, so they should agree with a double reference to rounding.
    private const double LossTolerance = 1e-12;

    // Gradients are stored as float (relative rounding 6e-8); the central differences of the double
    // reference with step 1e-5 are accurate to about 1e-10.
    private const double GradientRelativeTolerance = 1e-6;
    private const double GradientAbsoluteTolerance = 1e-9;
    private const double FiniteDifferenceStep = 1e-5;

    public static TheoryData<SequenceTargets> BothTargets => new() { SequenceTargets.EveryStep, SequenceTargets.LastStep };

    [Theory]
    [MemberData(nameof(BothTargets))]
    public void MeanSquaredErrorMatchesTheDoubleReferenceAndItsFiniteDifferences(SequenceTargets targets)
    {
        float[] outputs = Outputs(targets, seed: 1);
        float[] values = Values(targets, OutputSize, seed: 2, scale: 2);
        CheckAgainstReference(
            new MeanSquaredError(targets), outputs, values, targets, OutputSize,
            (step, target) => step.Select((y, i) => (y - target[i]) * (y - target[i])).Sum());
    }

    [Theory]
    [MemberData(nameof(BothTargets))]
    public void SoftmaxCrossEntropyMatchesTheDoubleReferenceAndItsFiniteDifferences(SequenceTargets targets)
    {
        float[] outputs = Outputs(targets, seed: 3);
        int[] classes = Classes(targets, seed: 4);
        CheckAgainstReference(
            new SoftmaxCrossEntropy(targets), outputs, classes, targets, 1,
            (logits, target) => Math.Log(logits.Sum(Math.Exp)) - logits[target[0]]);
    }

    [Theory]
    [MemberData(nameof(BothTargets))]
    public void BinaryCrossEntropyWithLogitsMatchesTheDoubleReferenceAndItsFiniteDifferences(SequenceTargets targets)
    {
        float[] outputs = Outputs(targets, seed: 5);
        float[] probabilities = Values(targets, OutputSize, seed: 6, scale: 1).Select(v => (v + 1) / 2).ToArray();
        CheckAgainstReference(
            new BinaryCrossEntropyWithLogits(targets), outputs, probabilities, targets, OutputSize,
            (logits, target) => logits.Select((x, i) =>
            {
                double p = 1 / (1 + Math.Exp(-x));
                return -((target[i] * Math.Log(p)) + ((1 - target[i]) * Math.Log(1 - p)));
            }).Sum());
    }

    [Fact]
    public void MeanSquaredErrorAveragesOverEveryOutputValueAsPyTorchDoes()
    {
        // nn.MSELoss()(tensor([[1., 2.]]), tensor([[0., 0.]])) = (1 + 4) / 2 = 2.5; gradient 2 (y - t) / 2.
        float[] gradients = new float[2];
        SumAndCount loss = MeanSquaredError.EveryStep.Evaluate([1f, 2f], 2, [1], [0f, 0f], gradients);

        Assert.Equal(2.5, loss.Mean);
        Assert.Equal(2, loss.Count);
        Assert.Equal([1f, 2f], gradients);
    }

    [Fact]
    public void SoftmaxCrossEntropyAveragesOverContributingStepsNotClasses()
    {
        // Two steps of two equal logits: each costs log 2, the mean is log 2, and each gradient is (0.5 - onehot) / 2.
        float[] gradients = new float[4];
        SumAndCount loss = SoftmaxCrossEntropy.EveryStep.Evaluate([0f, 0f, 0f, 0f], 2, [2], [0, 1], gradients);

        Assert.Equal(Math.Log(2), loss.Mean, LossTolerance);
        Assert.Equal(2, loss.Count);
        Assert.Equal([-0.25f, 0.25f, 0.25f, -0.25f], gradients);
    }

    [Fact]
    public void SoftmaxCrossEntropyStaysFiniteForHugeLogits()
    {
        float[] gradients = new float[3];
        SumAndCount right = SoftmaxCrossEntropy.LastStep.Evaluate([1000f, 0f, -1000f], 3, [1], [0], gradients);
        Assert.Equal(0, right.Mean, LossTolerance);
        Assert.Equal([0f, 0f, 0f], gradients);

        SumAndCount wrong = SoftmaxCrossEntropy.LastStep.Evaluate([1000f, 0f, -1000f], 3, [1], [1], gradients);
        Assert.Equal(1000, wrong.Mean, LossTolerance);
        Assert.Equal([1f, -1f, 0f], gradients);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsStaysFiniteAndPreciseWhereTheSigmoidSaturates()
    {
        float[] gradients = new float[4];
        SumAndCount loss = BinaryCrossEntropyWithLogits.LastStep.Evaluate([100f, -100f, 100f, 40f], 4, [1], [0f, 1f, 1f, 1f], gradients);

        // Wrong by 100 twice, right twice: the naive log(1 - sigmoid(100)) would be log(0).
        double expected = (100 + 100 + (3 * Math.Exp(-100)) + Math.Exp(-40)) / 4;
        Assert.Equal(expected, loss.Mean, LossTolerance);
        Assert.Equal([0.25f, -0.25f, (float)(-Math.Exp(-100) / 4), (float)(-Math.Exp(-40) / 4)], gradients);

        // Nearly right: the loss and gradient are tiny but not lost to 1 + e rounding to 1.
        SumAndCount tiny = BinaryCrossEntropyWithLogits.LastStep.Evaluate([40f], 1, [1], [1f], gradients.AsSpan(0, 1));
        Assert.Equal(1, tiny.Mean / Math.Exp(-40), 1e-12);
    }

    [Fact]
    public void PaddedStepsAreIgnoredEvenWhenTheyHoldNaN()
    {
        float[] outputs = Outputs(SequenceTargets.EveryStep, seed: 7);
        float[] gradients = Enumerable.Repeat(float.NaN, outputs.Length).ToArray();

        SumAndCount loss = MeanSquaredError.EveryStep.Evaluate(outputs, OutputSize, Lengths, new float[outputs.Length], gradients);

        Assert.True(double.IsFinite(loss.Mean));
        Assert.Equal(Lengths.Sum() * OutputSize, loss.Count);
        ForEachStep((b, t) =>
        {
            bool valid = t < Lengths[b];
            for (int o = 0; o < OutputSize; o++)
            {
                float gradient = gradients[Offset(b, t) + o];
                Assert.True(valid ? float.IsFinite(gradient) : gradient == 0, $"sequence {b}, step {t}: {gradient}");
            }
        });
    }

    [Fact]
    public void ManyToOneReadsOnlyEachSequencesLastValidStep()
    {
        float[] outputs = Outputs(SequenceTargets.LastStep, seed: 8);
        float[] gradients = new float[outputs.Length];

        SoftmaxCrossEntropy.LastStep.Evaluate(outputs, OutputSize, Lengths, [0, 1, 2], gradients);

        ForEachStep((b, t) =>
        {
            bool last = t == Lengths[b] - 1;
            Assert.Equal(last, gradients.AsSpan(Offset(b, t), OutputSize).ContainsAnyExcept(0f));
        });
    }

    [Fact]
    public void EvaluatingWithoutAGradientBufferGivesTheSameLoss()
    {
        float[] outputs = Outputs(SequenceTargets.EveryStep, seed: 9);
        float[] targets = Values(SequenceTargets.EveryStep, OutputSize, seed: 10, scale: 1);

        SumAndCount withGradients = MeanSquaredError.EveryStep.Evaluate(outputs, OutputSize, Lengths, targets, new float[outputs.Length]);
        SumAndCount without = MeanSquaredError.EveryStep.Evaluate(outputs, OutputSize, Lengths, targets, default);

        Assert.Equal(withGradients, without);
    }

    [Fact]
    public void ShapeMistakesAreReportedWithTheExpectedShape()
    {
        float[] outputs = new float[3 * Steps * OutputSize];
        var wrongTargets = Assert.Throws<ArgumentException>(() =>
            MeanSquaredError.EveryStep.Evaluate(outputs, OutputSize, Lengths, new float[7], default));
        Assert.Contains("[B, T, 4] = [3, 5, 4]", wrongTargets.Message);

        Assert.Throws<ArgumentException>(() => MeanSquaredError.LastStep.Evaluate(outputs, OutputSize, [6, 1, 1], new float[12], default));
        Assert.Throws<ArgumentException>(() => MeanSquaredError.LastStep.Evaluate(outputs, OutputSize, Lengths, new float[12], new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropy.LastStep.Evaluate(outputs, OutputSize, Lengths, [0, 4, 1], default));
    }

    [Fact]
    public void AccuracyCountsStepsWhoseLargestOutputIsTheTargetClass()
    {
        // Step 1 right, step 2 wrong, step 3 a tie that goes to the first class, as torch.argmax.
        float[] outputs = [0.1f, 0.9f, 0.8f, 0.2f, 0.5f, 0.5f];

        SumAndCount accuracy = ClassificationAccuracy.EveryStep.Evaluate(outputs, 2, [3], [1, 1, 0]);

        Assert.Equal(new SumAndCount(2, 3), accuracy);
    }

    private static void CheckAgainstReference<TTarget>(
        ISequenceLoss<TTarget> loss,
        float[] outputs,
        TTarget[] targets,
        SequenceTargets alignment,
        int targetSize,
        Func<double[], TTarget[], double> stepLoss)
        where TTarget : unmanaged
    {
        double Reference(double[] values)
        {
            double sum = 0;
            long count = 0;
            ForEachStep((b, t) =>
            {
                if (t < Lengths[b] && (alignment == SequenceTargets.EveryStep || t == Lengths[b] - 1))
                {
                    double[] step = values.AsSpan(Offset(b, t), OutputSize).ToArray();
                    int targetOffset = alignment == SequenceTargets.EveryStep ? ((b * Steps) + t) * targetSize : b * targetSize;
                    sum += stepLoss(step, targets.AsSpan(targetOffset, targetSize).ToArray());
                    count += targetSize == 1 ? 1 : OutputSize;
                }
            });
            return sum / count;
        }

        float[] gradients = new float[outputs.Length];
        SumAndCount actual = loss.Evaluate(outputs, OutputSize, Lengths, targets, gradients);

        double[] point = outputs.Select(v => (double)v).ToArray();
        Assert.Equal(Reference(point), actual.Mean, LossTolerance);
        for (int i = 0; i < outputs.Length; i++)
        {
            if (float.IsNaN(outputs[i]))
            {
                Assert.Equal(0f, gradients[i]);
                continue;
            }

            double saved = point[i];
            point[i] = saved + FiniteDifferenceStep;
            double above = Reference(point);
            point[i] = saved - FiniteDifferenceStep;
            double below = Reference(point);
            point[i] = saved;
            double expected = (above - below) / (2 * FiniteDifferenceStep);
            double tolerance = GradientAbsoluteTolerance + (GradientRelativeTolerance * Math.Abs(expected));
            Assert.True(Math.Abs(gradients[i] - expected) <= tolerance, $"gradient {i}: {gradients[i]:R} vs finite difference {expected:R}");
        }
    }

    /// <summary>Random logits at contributing steps, NaN everywhere else so that reading them would show.</summary>
    private static float[] Outputs(SequenceTargets targets, int seed)
    {
        var random = new ParameterRandom(seed);
        float[] outputs = new float[Lengths.Length * Steps * OutputSize];
        ForEachStep((b, t) =>
        {
            bool contributes = t < Lengths[b] && (targets == SequenceTargets.EveryStep || t == Lengths[b] - 1);
            for (int o = 0; o < OutputSize; o++)
            {
                outputs[Offset(b, t) + o] = contributes ? (2 * random.NextSingle() - 1) * 3 : float.NaN;
            }
        });
        return outputs;
    }

    private static float[] Values(SequenceTargets targets, int size, int seed, float scale)
    {
        var random = new ParameterRandom(seed);
        float[] values = new float[(targets == SequenceTargets.EveryStep ? Lengths.Length * Steps : Lengths.Length) * size];
        random.FillUniform(values, scale);
        return values;
    }

    private static int[] Classes(SequenceTargets targets, int seed)
    {
        var random = new ParameterRandom(seed);
        int count = targets == SequenceTargets.EveryStep ? Lengths.Length * Steps : Lengths.Length;
        return Enumerable.Range(0, count).Select(_ => (int)(random.NextSingle() * OutputSize)).ToArray();
    }

    private static void ForEachStep(Action<int, int> visit)
    {
        for (int b = 0; b < Lengths.Length; b++)
        {
            for (int t = 0; t < Steps; t++)
            {
                visit(b, t);
            }
        }
    }

    private static int Offset(int sequence, int step) => ((sequence * Steps) + step) * OutputSize;
}
