using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using RnnGen.Numerics;

namespace RnnGen.Tests.Numerics;

/// <summary>One FastMath function with all four overloads, its double reference and its documented bounds.</summary>
internal sealed record FunctionUnderTest(
    string Name,
    Func<float, float> Scalar,
    Func<Vector128<float>, Vector128<float>> Vector128Overload,
    Func<Vector256<float>, Vector256<float>> Vector256Overload,
    Func<Vector512<float>, Vector512<float>> Vector512Overload,
    Func<double, double> Reference,
    double ScalarMaxUlp,
    double VectorMaxUlp,
    double MaxTinyAbsoluteError)
{
    public const double SmallestNormal = 1.1754943508222875e-38;

    // The bounds are those stated in FastMath's XML documentation, which were measured over all 2^32 inputs;
    // the vector bound covers FMA hardware, where MultiplyAddEstimate fuses.
    public static readonly FunctionUnderTest Exp = new(
        "Exp", FastMath.Exp, FastMath.Exp, FastMath.Exp, FastMath.Exp, Math.Exp, 0.987, 1.013, SmallestNormal);

    public static readonly FunctionUnderTest Sigmoid = new(
        "Sigmoid", FastMath.Sigmoid, FastMath.Sigmoid, FastMath.Sigmoid, FastMath.Sigmoid,
        x => 1.0 / (1.0 + Math.Exp(-x)), 2.481, 2.481, 2.94e-39);

    public static readonly FunctionUnderTest Tanh = new(
        "Tanh", FastMath.Tanh, FastMath.Tanh, FastMath.Tanh, FastMath.Tanh, Math.Tanh, 1.331, 1.331, 0);

    /// <summary>Evaluates the overload with <paramref name="lanes"/> lanes (1 = scalar) on consecutive inputs.</summary>
    public float[] Apply(float[] inputs, int lanes)
    {
        Assert.True(inputs.Length % lanes == 0, $"{inputs.Length} inputs do not fill {lanes}-lane vectors.");
        float[] outputs = new float[inputs.Length];
        for (int i = 0; i < inputs.Length; i += lanes)
        {
            switch (lanes)
            {
                case 1:
                    outputs[i] = Scalar(inputs[i]);
                    break;
                case 4:
                    Vector128Overload(Vector128.Create(inputs, i)).CopyTo(outputs, i);
                    break;
                case 8:
                    Vector256Overload(Vector256.Create(inputs, i)).CopyTo(outputs, i);
                    break;
                case 16:
                    Vector512Overload(Vector512.Create(inputs, i)).CopyTo(outputs, i);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "Expected 1, 4, 8 or 16.");
            }
        }

        return outputs;
    }
}

internal static class FastMathAssert
{
    // A prime stride visits every exponent and, with 2^32 / 2053 ≈ 2.1 million samples, thousands of
    // subnormals of each sign, while keeping the software-only CI leg fast.
    private const uint SweepStride = 2053;

    private static readonly Lazy<float[]> SweepInputs = new(() =>
    {
        int count = (int)((1L << 32) / SweepStride) / 16 * 16;
        float[] inputs = new float[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = BitConverter.UInt32BitsToSingle((uint)i * SweepStride);
        }

        return inputs;
    });

    public static string Describe(float x) => $"{x:R} (0x{BitConverter.SingleToUInt32Bits(x):X8})";

    /// <summary>
    /// Checks every sweep input against the double reference: NaN exactly where the reference is NaN, the same
    /// infinity where the reference rounds to one, the ulp bound for normal results and the absolute bound for
    /// results below the smallest normal float.
    /// </summary>
    public static void WithinDocumentedErrorAcrossFloatRange(FunctionUnderTest function, int lanes)
    {
        float[] inputs = SweepInputs.Value;
        float[] outputs = function.Apply(inputs, lanes);

        double worstUlp = 0, worstAbsolute = 0;
        int worstUlpIndex = 0, worstAbsoluteIndex = 0, firstWrongSpecialIndex = -1;
        for (int i = 0; i < inputs.Length; i++)
        {
            float y = outputs[i];
            double exact = function.Reference(inputs[i]);
            float rounded = (float)exact;
            if (float.IsNaN(rounded) || float.IsNaN(y) || float.IsInfinity(rounded) || float.IsInfinity(y))
            {
                bool same = float.IsNaN(rounded) ? float.IsNaN(y) : rounded == y;
                if (!same && firstWrongSpecialIndex < 0)
                {
                    firstWrongSpecialIndex = i;
                }

                continue;
            }

            double error = Math.Abs(y - exact);
            if (Math.Abs(exact) < FunctionUnderTest.SmallestNormal)
            {
                if (error > worstAbsolute)
                {
                    (worstAbsolute, worstAbsoluteIndex) = (error, i);
                }
            }
            else
            {
                double ulps = error / Math.ScaleB(1.0, Math.ILogB(exact) - 23);
                if (ulps > worstUlp)
                {
                    (worstUlp, worstUlpIndex) = (ulps, i);
                }
            }
        }

        string At(int i) =>
            $"{function.Name} with {lanes} lane(s) at x = {Describe(inputs[i])}: got {outputs[i]:R}, exact {function.Reference(inputs[i]):R}";

        double maxUlp = lanes == 1 ? function.ScalarMaxUlp : function.VectorMaxUlp;
        Assert.True(firstWrongSpecialIndex < 0, $"{At(Math.Max(firstWrongSpecialIndex, 0))}; NaN and infinity must match.");
        Assert.True(worstUlp <= maxUlp, $"{At(worstUlpIndex)}; error {worstUlp:F4} ulp exceeds {maxUlp} ulp.");
        Assert.True(
            worstAbsolute <= function.MaxTinyAbsoluteError,
            $"{At(worstAbsoluteIndex)}; absolute error {worstAbsolute:R} of a tiny result exceeds {function.MaxTinyAbsoluteError:R}.");
    }

    /// <summary>
    /// Runs every case through every lane: vector i of the batch holds case (i + lane) in each lane, so each
    /// vector mixes different specials and each special visits every lane. An expected NaN accepts any NaN;
    /// otherwise the bits must match exactly (which tells −0 from +0), or be within
    /// <paramref name="ulpTolerance"/> representable floats.
    /// </summary>
    public static void InEveryLane(
        FunctionUnderTest function, int lanes, IReadOnlyList<(float X, float Expected)> cases, int ulpTolerance = 0)
    {
        int count = cases.Count;
        float[] inputs = new float[count * lanes];
        for (int vector = 0; vector < count; vector++)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                inputs[vector * lanes + lane] = cases[(vector + lane) % count].X;
            }
        }

        float[] outputs = function.Apply(inputs, lanes);
        for (int vector = 0; vector < count; vector++)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                (float x, float expected) = cases[(vector + lane) % count];
                float actual = outputs[vector * lanes + lane];
                string context =
                    $"{function.Name}({Describe(x)}) in lane {lane} of {lanes}: expected {Describe(expected)}, got {Describe(actual)}";
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(actual), context);
                }
                else
                {
                    Assert.True(Math.Abs((long)Ordered(actual) - Ordered(expected)) <= ulpTolerance, context);
                }
            }
        }
    }

    // Maps float bit patterns onto a line where neighbouring floats differ by 1 and −0 sits just below +0.
    private static long Ordered(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        return bits < 0 ? -1L - (bits & int.MaxValue) : bits;
    }

    private static readonly float[] NaNEncodings =
    {
        float.NaN,
        BitConverter.UInt32BitsToSingle(0x7FC00000),
        BitConverter.UInt32BitsToSingle(0x7FC12345),
        BitConverter.UInt32BitsToSingle(0xFFD00001),
        BitConverter.UInt32BitsToSingle(0x7F800001),
        BitConverter.UInt32BitsToSingle(0xFF800001),
        BitConverter.UInt32BitsToSingle(0x7FFFFFFF),
    };

    /// <summary>
    /// Every NaN encoding next to values that a clamp would cut (±∞, ±float.MaxValue, far out of range), since
    /// a min/max based clamp can turn a NaN lane into the bound. The neighbours' results are exact floats.
    /// </summary>
    public static void ReturnsNaNForEveryNaNEncodingInAnyLane(FunctionUnderTest function, int lanes)
    {
        var cases = new List<(float, float)>();
        float[] neighbours = { float.PositiveInfinity, float.MaxValue, 1000f, float.NegativeInfinity, -float.MaxValue, -1000f, 0f };
        for (int i = 0; i < NaNEncodings.Length; i++)
        {
            cases.Add((NaNEncodings[i], float.NaN));
            cases.Add((neighbours[i], (float)function.Reference(neighbours[i])));
        }

        InEveryLane(function, lanes, cases);
    }
}

[Trait("Category", "Numeric")]
public sealed class FastMathExpTests
{
    private static readonly FunctionUnderTest Exp = FunctionUnderTest.Exp;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Exp_StaysWithinDocumentedErrorAcrossFloatRange(int lanes) =>
        FastMathAssert.WithinDocumentedErrorAcrossFloatRange(Exp, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Exp_ReturnsNaNForEveryNaNEncodingInAnyLane(int lanes) =>
        FastMathAssert.ReturnsNaNForEveryNaNEncodingInAnyLane(Exp, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Exp_MapsZerosTinyInputsAndInfinitiesExactly(int lanes) =>
        FastMathAssert.InEveryLane(Exp, lanes, new[]
        {
            (0f, 1f),
            (-0f, 1f),
            (float.Epsilon, 1f),
            (-float.Epsilon, 1f),
            (1.17549435e-38f, 1f),
            (float.PositiveInfinity, float.PositiveInfinity),
            (float.NegativeInfinity, 0f),
            (float.MaxValue, float.PositiveInfinity),
            (-float.MaxValue, 0f),
        });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Exp_OverflowsToInfinityExactlyWhereTheRoundedResultDoes(int lanes) =>
        FastMathAssert.InEveryLane(Exp, lanes, new[]
        {
            (88.72283f, 3.4027985e38f),
            (MathF.BitIncrement(88.72283f), float.PositiveInfinity),
            (100f, float.PositiveInfinity),
        });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Exp_FlushesSubnormalResultsToPositiveZero(int lanes) =>
        FastMathAssert.InEveryLane(Exp, lanes, new[]
        {
            (-87.33654f, 1.1754997e-38f),
            (MathF.BitDecrement(-87.33654f), 0f),
            (-100f, 0f),
            (-103.9f, 0f),
        });
}

[Trait("Category", "Numeric")]
public sealed class FastMathSigmoidTests
{
    private static readonly FunctionUnderTest Sigmoid = FunctionUnderTest.Sigmoid;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Sigmoid_StaysWithinDocumentedErrorAcrossFloatRange(int lanes) =>
        FastMathAssert.WithinDocumentedErrorAcrossFloatRange(Sigmoid, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Sigmoid_ReturnsNaNForEveryNaNEncodingInAnyLane(int lanes) =>
        FastMathAssert.ReturnsNaNForEveryNaNEncodingInAnyLane(Sigmoid, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Sigmoid_OfZeroIsExactlyHalf(int lanes) =>
        FastMathAssert.InEveryLane(Sigmoid, lanes, new[]
        {
            (0f, 0.5f),
            (-0f, 0.5f),
            (float.Epsilon, 0.5f),
            (-float.Epsilon, 0.5f),
            (1.17549435e-38f, 0.5f),
        });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Sigmoid_SaturatesToExactlyOneAndZero(int lanes) =>
        FastMathAssert.InEveryLane(Sigmoid, lanes, new[]
        {
            (float.PositiveInfinity, 1f),
            (float.MaxValue, 1f),
            (MathF.BitIncrement(16.63553f), 1f),
            (100f, 1f),
            (float.NegativeInfinity, 0f),
            (-float.MaxValue, 0f),
            (MathF.BitDecrement(-88.72283f), 0f),
            (-1000f, 0f),
        });

    [Fact]
    public void Sigmoid_RoundsTinyResultsGraduallyBeforeFlushing()
    {
        float x = -88.72283f;
        double exact = 1.0 / (1.0 + Math.Exp(-(double)x));
        foreach (float y in new[] { FastMath.Sigmoid(x), FastMath.Sigmoid(Vector128.Create(x)).ToScalar(), FastMath.Sigmoid(Vector256.Create(x)).ToScalar(), FastMath.Sigmoid(Vector512.Create(x)).ToScalar() })
        {
            Assert.True(float.IsSubnormal(y), $"sigmoid({x:R}) = {y:R} is not subnormal.");
            Assert.True(Math.Abs(y - exact) <= FunctionUnderTest.Sigmoid.MaxTinyAbsoluteError, $"sigmoid({x:R}) = {y:R}, exact {exact:R}.");
        }
    }
}

[Trait("Category", "Numeric")]
public sealed class FastMathTanhTests
{
    private static readonly FunctionUnderTest Tanh = FunctionUnderTest.Tanh;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_StaysWithinDocumentedErrorAcrossFloatRange(int lanes) =>
        FastMathAssert.WithinDocumentedErrorAcrossFloatRange(Tanh, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_ReturnsNaNForEveryNaNEncodingInAnyLane(int lanes) =>
        FastMathAssert.ReturnsNaNForEveryNaNEncodingInAnyLane(Tanh, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_KeepsSignOfZero(int lanes) =>
        FastMathAssert.InEveryLane(Tanh, lanes, new[] { (0f, 0f), (-0f, -0f), (1f, 0.7615942f) });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_ReturnsSubnormalAndTinyInputsUnchanged(int lanes) =>
        FastMathAssert.InEveryLane(Tanh, lanes, new[]
        {
            (float.Epsilon, float.Epsilon),
            (-float.Epsilon, -float.Epsilon),
            (BitConverter.UInt32BitsToSingle(0x007FFFFF), BitConverter.UInt32BitsToSingle(0x007FFFFF)),
            (-1.17549435e-38f, -1.17549435e-38f),
            (1e-20f, 1e-20f),
        });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_SaturatesToExactlyPlusMinusOne(int lanes) =>
        FastMathAssert.InEveryLane(Tanh, lanes, new[]
        {
            (float.PositiveInfinity, 1f),
            (float.NegativeInfinity, -1f),
            (float.MaxValue, 1f),
            (-float.MaxValue, -1f),
            (MathF.BitIncrement(9.010913f), 1f),
            (-MathF.BitIncrement(9.010913f), -1f),
            (44.4f, 1f),
            (-100f, -1f),
        });

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_IsContinuousAcrossThePolynomialSwitch(int lanes)
    {
        var cases = new List<(float, float)>();
        float x = 0.625f;
        for (int step = 0; step < 8; step++)
        {
            x = MathF.BitDecrement(x);
        }

        for (int step = 0; step < 16; step++, x = MathF.BitIncrement(x))
        {
            cases.Add((x, (float)Math.Tanh(x)));
            cases.Add((-x, (float)Math.Tanh(-x)));
        }

        FastMathAssert.InEveryLane(Tanh, lanes, cases, ulpTolerance: 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Tanh_IsExactlyOdd(int lanes)
    {
        var positive = new List<float>();
        for (uint bits = 0; bits <= 0x7F800000 - 16 * 4099; bits += 16 * 4099)
        {
            for (uint lane = 0; lane < 16; lane++)
            {
                positive.Add(BitConverter.UInt32BitsToSingle(bits + lane * 4099));
            }
        }

        float[] negative = positive.ConvertAll(x => -x).ToArray();
        float[] fromPositive = Tanh.Apply(positive.ToArray(), lanes);
        float[] fromNegative = Tanh.Apply(negative, lanes);
        int i = 0;
        while (i < fromPositive.Length && BitConverter.SingleToInt32Bits(-fromPositive[i]) == BitConverter.SingleToInt32Bits(fromNegative[i]))
        {
            i++;
        }

        Assert.True(
            i == fromPositive.Length,
            $"tanh({FastMathAssert.Describe(negative[Math.Min(i, negative.Length - 1)])}) is not the negated tanh of its magnitude.");
    }
}

[Trait("Category", "Numeric")]
public sealed class FastMathSoftmaxTests
{
    private static double[] SoftmaxInDouble(float[] logits)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits)
        {
            max = Math.Max(max, v);
        }

        double[] result = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            result[i] = Math.Exp(logits[i] - max);
            sum += result[i];
        }

        for (int i = 0; i < logits.Length; i++)
        {
            result[i] /= sum;
        }

        return result;
    }

    private static float[] RandomLogits(Random random, int length, float scale)
    {
        float[] logits = new float[length];
        for (int i = 0; i < length; i++)
        {
            logits[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return logits;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    public void SoftmaxInPlace_SumsToOne(int length)
    {
        var random = new Random(length);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] values = RandomLogits(random, length, 30f);
            FastMath.SoftmaxInPlace(values);

            double sum = 0;
            foreach (float p in values)
            {
                Assert.InRange(p, 0f, 1f);
                sum += p;
            }

            Assert.True(Math.Abs(sum - 1) <= length * 1.2e-7, $"length {length}, trial {trial}: sum {sum:R}.");
        }
    }

    [Fact]
    public void SoftmaxInPlace_MatchesDoubleReference()
    {
        var random = new Random(2024);
        for (int trial = 0; trial < 200; trial++)
        {
            float[] logits = RandomLogits(random, random.Next(1, 40), 20f);
            double[] expected = SoftmaxInDouble(logits);
            float[] actual = (float[])logits.Clone();
            FastMath.SoftmaxInPlace(actual);

            float max = float.NegativeInfinity;
            foreach (float v in logits)
            {
                max = Math.Max(max, v);
            }

            for (int i = 0; i < logits.Length; i++)
            {
                // Exp's error and the rounded quotient give 2 ulp; rounding logit − max to float adds a relative
                // error of up to 2^-24 · |logit − max|, which is at most |logit − max| ulp of the probability.
                double ulp = Math.ScaleB(1.0, Math.ILogB(expected[i]) - 23);
                Assert.True(
                    Math.Abs(actual[i] - expected[i]) <= (2 + (max - logits[i])) * ulp,
                    $"trial {trial}, logits [{string.Join(", ", logits)}]: output {i} is {actual[i]:R}, expected {expected[i]:R}.");
            }
        }
    }

    [Fact]
    public void SoftmaxInPlace_IsStableForLargeInputs()
    {
        float[] values = { 1000f, 1001f };
        FastMath.SoftmaxInPlace(values);
        Assert.Equal(0.26894142f, values[0], 1e-7f);
        Assert.Equal(0.7310586f, values[1], 1e-7f);

        float[] negative = { -1000f, -1001f, float.MaxValue / 2, -float.MaxValue };
        FastMath.SoftmaxInPlace(negative);
        Assert.Equal(new[] { 0f, 0f, 1f, 0f }, negative);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void SoftmaxInPlace_PropagatesNaNToEveryOutput(int nanIndex)
    {
        float[] values = { 1f, float.PositiveInfinity, 3f, float.NegativeInfinity, 5f };
        values[nanIndex] = BitConverter.UInt32BitsToSingle(0x7FC12345);
        FastMath.SoftmaxInPlace(values);
        Assert.All(values, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void SoftmaxInPlace_GivesNaNForAPositiveInfinityAsPyTorchDoes()
    {
        float[] values = { float.PositiveInfinity, 1f, float.NegativeInfinity, float.MaxValue };
        FastMath.SoftmaxInPlace(values);
        Assert.All(values, value => Assert.True(float.IsNaN(value)));
    }

    [Fact]
    public void SoftmaxInPlace_GivesZeroToNegativeInfinityBesideFiniteValues()
    {
        float[] values = { float.NegativeInfinity, 0f, float.NegativeInfinity, 0f };
        FastMath.SoftmaxInPlace(values);
        Assert.Equal(new[] { 0f, 0.5f, 0f, 0.5f }, values);
    }

    [Fact]
    public void SoftmaxInPlace_GivesNaNWhenEveryValueIsNegativeInfinityAsPyTorchDoes()
    {
        float[] values = { float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity };
        FastMath.SoftmaxInPlace(values);
        Assert.All(values, value => Assert.True(float.IsNaN(value)));
    }

    [Fact]
    public void SoftmaxInPlace_LeavesEmptySpanAlone() => FastMath.SoftmaxInPlace(Span<float>.Empty);
}
