using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Onnx;
using Xunit.Abstractions;

namespace RnnGen.Tests.Reference;

[Trait("Category", "Numeric")]
public sealed class ReferenceNetworkTests(ITestOutputHelper output)
{
    // Every weight, bias and input in the hand-worked cases is a short binary fraction, so the float
    // parameters are exact and the reference should match the arithmetic below to rounding.
    private const double HandWorkedTolerance = 1e-12;

    // ORT computes in float32 with its own activation kernels (measured differences stay below 3e-7);
    // 1e-5 absolute over 50 steps leaves room for that, while a wrong gate order or equation gives
    // differences of order 0.1.
    private const double OnnxTolerance = 1e-5;

    private const int OnnxSteps = 50;

    [Fact]
    public void RnnTanhMatchesHandComputedSteps()
    {
        var network = Network(CellType.Rnn, inputSize: 1, hiddenSize: 1, Activation.Tanh, new()
        {
            ["weight_ih_l0"] = [0.5f],
            ["weight_hh_l0"] = [-0.75f],
            ["bias_ih_l0"] = [0.25f],
            ["bias_hh_l0"] = [-0.125f],
        });

        double[] y = network.Forward([1f, -2f], 2);

        double h1 = Math.Tanh(0.5 * 1 + 0.25 + -0.75 * 0 + -0.125);
        double h2 = Math.Tanh(0.5 * -2 + 0.25 + -0.75 * h1 + -0.125);
        AssertClose([h1, h2], y, HandWorkedTolerance);
    }

    [Fact]
    public void RnnReluClampsNegativeUnitsAndFeedsTheirZeroBack()
    {
        var network = Network(CellType.Rnn, inputSize: 1, hiddenSize: 2, Activation.Relu, new()
        {
            ["weight_ih_l0"] = [1f, -1f],
            ["weight_hh_l0"] = [0.5f, 0f, 0.25f, -0.5f],
            ["bias_ih_l0"] = [0f, 0.5f],
            ["bias_hh_l0"] = [0.125f, 0f],
        });

        double[] y = network.Forward([1f, 0.5f], 2);

        double h1a = Math.Max(1 * 1 + 0 + 0.125, 0);
        double h1b = Math.Max(-1 * 1 + 0.5 + 0, 0);
        double h2a = Math.Max(1 * 0.5 + 0 + 0.5 * h1a + 0 * h1b + 0.125, 0);
        double h2b = Math.Max(-1 * 0.5 + 0.5 + 0.25 * h1a + -0.5 * h1b + 0, 0);
        Assert.Equal(0, h1b);
        AssertClose([h1a, h1b, h2a, h2b], y, HandWorkedTolerance);
    }

    [Fact]
    public void LstmMatchesHandComputedStepsWithGatesInPyTorchOrder()
    {
        // Rows are the gates i, f, g, o.
        var network = Network(CellType.Lstm, inputSize: 1, hiddenSize: 1, Activation.Tanh, new()
        {
            ["weight_ih_l0"] = [0.5f, -0.25f, 0.75f, 1f],
            ["weight_hh_l0"] = [0.25f, 0.5f, -0.5f, -0.75f],
            ["bias_ih_l0"] = [0.125f, 1f, 0f, -0.25f],
            ["bias_hh_l0"] = [0f, 0.5f, 0.25f, 0.125f],
        });

        double[] y = network.Forward([1f, -1f], 2);

        double i1 = Sigmoid(0.5 * 1 + 0.125 + 0.25 * 0 + 0);
        double f1 = Sigmoid(-0.25 * 1 + 1 + 0.5 * 0 + 0.5);
        double g1 = Math.Tanh(0.75 * 1 + 0 + -0.5 * 0 + 0.25);
        double o1 = Sigmoid(1 * 1 + -0.25 + -0.75 * 0 + 0.125);
        double c1 = f1 * 0 + i1 * g1;
        double h1 = o1 * Math.Tanh(c1);

        double i2 = Sigmoid(0.5 * -1 + 0.125 + 0.25 * h1 + 0);
        double f2 = Sigmoid(-0.25 * -1 + 1 + 0.5 * h1 + 0.5);
        double g2 = Math.Tanh(0.75 * -1 + 0 + -0.5 * h1 + 0.25);
        double o2 = Sigmoid(1 * -1 + -0.25 + -0.75 * h1 + 0.125);
        double c2 = f2 * c1 + i2 * g2;
        double h2 = o2 * Math.Tanh(c2);

        AssertClose([h1, h2], y, HandWorkedTolerance);
        AssertClose([h2], network.FinalHidden[0], HandWorkedTolerance);
        AssertClose([c2], network.FinalCell[0], HandWorkedTolerance);
    }

    [Fact]
    public void GruMatchesHandComputedStepsWithResetAppliedAfterHiddenBias()
    {
        // Rows are the gates r, z, n.
        var network = Network(CellType.Gru, inputSize: 1, hiddenSize: 1, Activation.Tanh, new()
        {
            ["weight_ih_l0"] = [0.5f, -0.5f, 1f],
            ["weight_hh_l0"] = [0.25f, 0.75f, -0.5f],
            ["bias_ih_l0"] = [0f, 0.25f, 0.125f],
            ["bias_hh_l0"] = [0.5f, -0.25f, 0.75f],
        });

        double[] y = network.Forward([1f, 2f], 2);

        double r1 = Sigmoid(0.5 * 1 + 0 + 0.25 * 0 + 0.5);
        double z1 = Sigmoid(-0.5 * 1 + 0.25 + 0.75 * 0 + -0.25);
        double n1 = Math.Tanh(1 * 1 + 0.125 + r1 * (-0.5 * 0 + 0.75));
        double h1 = (1 - z1) * n1 + z1 * 0;

        double r2 = Sigmoid(0.5 * 2 + 0 + 0.25 * h1 + 0.5);
        double z2 = Sigmoid(-0.5 * 2 + 0.25 + 0.75 * h1 + -0.25);
        double n2 = Math.Tanh(1 * 2 + 0.125 + r2 * (-0.5 * h1 + 0.75));
        double h2 = (1 - z2) * n2 + z2 * h1;

        AssertClose([h1, h2], y, HandWorkedTolerance);
    }

    [Fact]
    public void UpperLayerTakesTheLowerLayersHiddenStateAsInput()
    {
        var shape = new NetworkShape(CellType.Rnn, 1, 1, Layers: 2, 0, Activation.Identity, Activation.Tanh);
        var network = new ReferenceNetwork(shape, new Dictionary<string, float[]>
        {
            ["weight_ih_l0"] = [0.5f],
            ["weight_hh_l0"] = [0f],
            ["bias_ih_l0"] = [0f],
            ["bias_hh_l0"] = [0f],
            ["weight_ih_l1"] = [2f],
            ["weight_hh_l1"] = [0.5f],
            ["bias_ih_l1"] = [0.25f],
            ["bias_hh_l1"] = [0f],
        });

        double[] y = network.Forward([1f, -1f], 2);

        double lower1 = Math.Tanh(0.5 * 1);
        double upper1 = Math.Tanh(2 * lower1 + 0.5 * 0 + 0.25);
        double lower2 = Math.Tanh(0.5 * -1);
        double upper2 = Math.Tanh(2 * lower2 + 0.5 * upper1 + 0.25);
        AssertClose([upper1, upper2], y, HandWorkedTolerance);
        AssertClose([lower2], network.FinalHidden[0], HandWorkedTolerance);
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    public void HeadAppliesItsElementwiseActivationToTheAffineOutput(Activation activation)
    {
        var network = new ReferenceNetwork(
            new NetworkShape(CellType.Rnn, 1, 1, 1, OutputSize: 2, activation, Activation.Tanh),
            HeadParameters(headWeight: [1f, -1f], headBias: [0.25f, 0f]));

        double[] y = network.Forward([0.5f], 1);

        double h = Math.Tanh(0.5);
        double[] affine = [1 * h + 0.25, -1 * h + 0];
        double[] expected = activation switch
        {
            Activation.Identity => affine,
            Activation.Tanh => [Math.Tanh(affine[0]), Math.Tanh(affine[1])],
            Activation.Relu => [affine[0], 0],
            Activation.Sigmoid => [Sigmoid(affine[0]), Sigmoid(affine[1])],
            _ => throw new ArgumentOutOfRangeException(nameof(activation)),
        };
        AssertClose(expected, y, HandWorkedTolerance);
    }

    [Fact]
    public void SoftmaxHeadNormalizesOverTheWholeOutputVector()
    {
        var network = new ReferenceNetwork(
            new NetworkShape(CellType.Rnn, 1, 1, 1, OutputSize: 3, Activation.Softmax, Activation.Tanh),
            HeadParameters(headWeight: [1f, -1f, 0.5f], headBias: [0f, 0.25f, -0.5f]));

        double[] y = network.Forward([0.5f], 1);

        double h = Math.Tanh(0.5);
        double e0 = Math.Exp(1 * h + 0);
        double e1 = Math.Exp(-1 * h + 0.25);
        double e2 = Math.Exp(0.5 * h + -0.5);
        double sum = e0 + e1 + e2;
        AssertClose([e0 / sum, e1 / sum, e2 / sum], y, HandWorkedTolerance);
        Assert.Equal(1, y.Sum(), 12);
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void ForwardFromAFinalStateContinuesTheSequenceExactly(CellType cell)
    {
        var shape = new NetworkShape(cell, 3, 5, Layers: 2, 0, Activation.Identity, Activation.Tanh);
        var network = new ReferenceNetwork(shape, ReferenceNetwork.RandomParameters(shape, seed: 7, scale: 0.5f));
        float[] inputs = RandomInputs(10 * shape.InputSize, seed: 8);

        double[] whole = network.Forward(inputs, 10);
        network.Forward(inputs.AsSpan(0, 4 * shape.InputSize), 4);
        double[][] hidden = network.FinalHidden;
        double[][]? cellState = cell == CellType.Lstm ? network.FinalCell : null;
        double[] rest = network.Forward(inputs.AsSpan(4 * shape.InputSize), 6, hidden, cellState);

        Assert.Equal(whole.Skip(4 * shape.HiddenSize), rest);
    }

    [Fact]
    public void ParametersFollowStateDictOrderAndShapes()
    {
        var shape = new NetworkShape(CellType.Lstm, 3, 5, Layers: 2, OutputSize: 4, Activation.Softmax, Activation.Tanh);

        string[] described = shape.Parameters.Select(p => $"{p.Name}[{string.Join(",", p.Shape)}]").ToArray();

        Assert.Equal(
            [
                "weight_ih_l0[20,3]", "weight_hh_l0[20,5]", "bias_ih_l0[20]", "bias_hh_l0[20]",
                "weight_ih_l1[20,5]", "weight_hh_l1[20,5]", "bias_ih_l1[20]", "bias_hh_l1[20]",
                "head.weight[4,5]", "head.bias[4]",
            ],
            described);
        Assert.Equal(4, shape.ResultSize);
        Assert.Equal(5, (shape with { OutputSize = 0, OutputActivation = Activation.Identity }).ResultSize);
    }

    [Fact]
    public void RandomParametersAreDeterministicAndWithinScale()
    {
        var shape = new NetworkShape(CellType.Gru, 4, 6, 2, 3, Activation.Identity, Activation.Tanh);

        Dictionary<string, float[]> first = ReferenceNetwork.RandomParameters(shape, seed: 42, scale: 0.25f);
        Dictionary<string, float[]> second = ReferenceNetwork.RandomParameters(shape, seed: 42, scale: 0.25f);
        Dictionary<string, float[]> other = ReferenceNetwork.RandomParameters(shape, seed: 43, scale: 0.25f);

        Assert.Equal(shape.Parameters.Select(p => p.Name), first.Keys);
        Assert.All(first, pair => Assert.Equal(second[pair.Key], pair.Value));
        Assert.All(first.Values.SelectMany(v => v), value => Assert.InRange(value, -0.25f, 0.25f));
        Assert.NotEqual(first["weight_ih_l0"], other["weight_ih_l0"]);
    }

    [Fact]
    public void ConstructorRejectsMissingUnexpectedAndMisshapenParameters()
    {
        var shape = new NetworkShape(CellType.Lstm, 2, 3, 1, 0, Activation.Identity, Activation.Tanh);
        Dictionary<string, float[]> valid = ReferenceNetwork.RandomParameters(shape, 1, 1f);

        var missing = new Dictionary<string, float[]>(valid);
        missing.Remove("bias_hh_l0");
        var unexpected = new Dictionary<string, float[]>(valid) { ["head.weight"] = new float[3] };
        var misshapen = new Dictionary<string, float[]>(valid) { ["weight_hh_l0"] = new float[9] };

        Assert.Contains("bias_hh_l0", Assert.Throws<ArgumentException>(() => new ReferenceNetwork(shape, missing)).Message);
        Assert.Contains("head.weight", Assert.Throws<ArgumentException>(() => new ReferenceNetwork(shape, unexpected)).Message);
        Assert.Contains("weight_hh_l0", Assert.Throws<ArgumentException>(() => new ReferenceNetwork(shape, misshapen)).Message);
    }

    [Theory]
    [InlineData(CellType.Rnn, Activation.Tanh, 3, 7, 1)]
    [InlineData(CellType.Rnn, Activation.Tanh, 8, 33, 2)]
    [InlineData(CellType.Rnn, Activation.Relu, 3, 7, 1)]
    [InlineData(CellType.Rnn, Activation.Relu, 8, 33, 2)]
    [InlineData(CellType.Lstm, Activation.Tanh, 3, 7, 1)]
    [InlineData(CellType.Lstm, Activation.Tanh, 8, 33, 2)]
    [InlineData(CellType.Gru, Activation.Tanh, 3, 7, 1)]
    [InlineData(CellType.Gru, Activation.Tanh, 8, 33, 2)]
    public void OnnxRuntimeAgreesWithReference(CellType cell, Activation nonlinearity, int inputSize, int hiddenSize, int layers)
    {
        var shape = new NetworkShape(cell, inputSize, hiddenSize, layers, 0, Activation.Identity, nonlinearity);
        // PyTorch's default initialization range, so that the state neither dies out nor saturates.
        float scale = 1 / MathF.Sqrt(hiddenSize);
        Dictionary<string, float[]> parameters = ReferenceNetwork.RandomParameters(shape, seed: 1234 + hiddenSize, scale);
        float[] inputs = RandomInputs(OnnxSteps * inputSize, seed: 99 + inputSize);

        double[] expected = new ReferenceNetwork(shape, parameters).Forward(inputs, OnnxSteps);
        float[] actual = OnnxRecurrentRunner.RunStack(shape, parameters, inputs, OnnxSteps);

        Assert.Equal(expected.Length, actual.Length);
        double largest = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{cell}/{nonlinearity} I={inputSize} H={hiddenSize} L={layers}: largest |ORT - reference| = {largest:E2}");
        Assert.True(largest <= OnnxTolerance, $"ONNX Runtime differs from the reference by up to {largest:E2}.");
    }

    private static ReferenceNetwork Network(
        CellType cell, int inputSize, int hiddenSize, Activation nonlinearity, Dictionary<string, float[]> parameters) =>
        new(new NetworkShape(cell, inputSize, hiddenSize, 1, 0, Activation.Identity, nonlinearity), parameters);

    /// <summary>A one-unit tanh RNN with weight 1 and no biases, under the given head.</summary>
    private static Dictionary<string, float[]> HeadParameters(float[] headWeight, float[] headBias) => new()
    {
        ["weight_ih_l0"] = [1f],
        ["weight_hh_l0"] = [0f],
        ["bias_ih_l0"] = [0f],
        ["bias_hh_l0"] = [0f],
        ["head.weight"] = headWeight,
        ["head.bias"] = headBias,
    };

    private static float[] RandomInputs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"Element {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }
}
