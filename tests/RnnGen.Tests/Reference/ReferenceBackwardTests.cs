using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;

namespace RnnGen.Tests.Reference;

[Trait("Category", "Numeric")]
public sealed class ReferenceBackwardTests(ITestOutputHelper output)
{
    private const int Steps = 5;
    private const int InputSize = 3;
    private const int HiddenSize = 4;
    private const int HeadSize = 3;

    // Each cell meets 1 and 2 layers, batches of 1 and 3, full and ragged lengths, no head and every head
    // activation, and a zero and a random initial state, without running the whole cross product.
    [Theory]
    [InlineData(CellType.Rnn, Activation.Tanh, 1, 0, Activation.Identity, "5", false)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, 0, Activation.Identity, "5,2,4", true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, HeadSize, Activation.Identity, "5,5,5", true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 1, HeadSize, Activation.Tanh, "5,2,4", true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, HeadSize, Activation.Relu, "5", true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 1, HeadSize, Activation.Sigmoid, "5,5,5", false)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, HeadSize, Activation.Softmax, "5,2,4", true)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, 0, Activation.Identity, "5,2,4", true)]
    [InlineData(CellType.Rnn, Activation.Relu, 1, 0, Activation.Identity, "5", false)]
    [InlineData(CellType.Rnn, Activation.Relu, 1, HeadSize, Activation.Identity, "5", true)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, HeadSize, Activation.Tanh, "5,5,5", false)]
    [InlineData(CellType.Rnn, Activation.Relu, 1, HeadSize, Activation.Relu, "5,2,4", true)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, HeadSize, Activation.Sigmoid, "5", true)]
    [InlineData(CellType.Rnn, Activation.Relu, 1, HeadSize, Activation.Softmax, "5,5,5", true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, 0, Activation.Identity, "5,5,5", true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, 0, Activation.Identity, "5", false)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Identity, "5,2,4", false)]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, HeadSize, Activation.Tanh, "5", true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Relu, "5,5,5", true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, HeadSize, Activation.Sigmoid, "5,2,4", true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Softmax, "5,2,4", true)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, 0, Activation.Identity, "5,2,4", false)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, 0, Activation.Identity, "5,5,5", true)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, HeadSize, Activation.Identity, "5,2,4", true)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, HeadSize, Activation.Tanh, "5", false)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, HeadSize, Activation.Relu, "5,2,4", true)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, HeadSize, Activation.Sigmoid, "5,5,5", true)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, HeadSize, Activation.Softmax, "5", true)]
    public void EveryGradientMatchesCentralDifferencesOfTheForwardReference(
        CellType cell, Activation nonlinearity, int layers, int outputSize, Activation head, string lengthList, bool randomInitialState)
    {
        var shape = new NetworkShape(cell, InputSize, HiddenSize, layers, outputSize, head, nonlinearity);
        int[] lengths = lengthList.Split(',').Select(int.Parse).ToArray();
        Batch batch = MakeBatch(shape, lengths, randomInitialState, seed: Seed(shape, lengths));

        ReferenceGradients analytic = ReferenceBackward.Compute(
            shape, batch.Parameters, batch.Inputs, batch.Lengths, batch.OutputGradients, batch.InitialState);

        double[] state = batch.InitialState ?? new double[analytic.InitialStateGradient.Length];
        CentralDifferences.AssertMatch(
            analytic,
            batch.Parameters,
            batch.Inputs,
            lengths,
            Steps,
            state,
            initialState => Loss(batch with { InitialState = initialState }),
            output);
    }

    [Theory]
    [InlineData(CellType.Rnn, Activation.Tanh, 0, Activation.Identity, false)]
    [InlineData(CellType.Rnn, Activation.Relu, HeadSize, Activation.Relu, true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 0, Activation.Identity, true)]
    [InlineData(CellType.Lstm, Activation.Tanh, HeadSize, Activation.Softmax, false)]
    [InlineData(CellType.Gru, Activation.Tanh, HeadSize, Activation.Sigmoid, true)]
    [InlineData(CellType.Gru, Activation.Tanh, HeadSize, Activation.Tanh, false)]
    public void ForwardOfFullLengthSequencesIsBitwiseTheForwardReference(
        CellType cell, Activation nonlinearity, int outputSize, Activation head, bool randomInitialState)
    {
        var shape = new NetworkShape(cell, InputSize, HiddenSize, Layers: 2, outputSize, head, nonlinearity);
        Batch batch = MakeBatch(shape, [Steps, Steps, Steps], randomInitialState, seed: 5);

        ReferenceGradients result = ReferenceBackward.Compute(
            shape, batch.Parameters, batch.Inputs, batch.Lengths, batch.OutputGradients, batch.InitialState);

        var network = new ReferenceNetwork(shape, batch.Parameters);
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            ReadOnlySpan<float> sequence = batch.Inputs.AsSpan(b * Steps * InputSize, Steps * InputSize);
            double[] expected = batch.InitialState is null
                ? network.Forward(sequence, Steps)
                : network.Forward(sequence, Steps, Hidden(batch, b), Cell(batch, b));

            Assert.Equal(expected, SequenceOutputs(result.Outputs, shape, b, 0, Steps));
            AssertFinalState(network, result.FinalState, shape, b, batch.Lengths.Length);
        }
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void RaggedSequencesRunOnlyTheirValidStepsAndOutputZeroWhenPadded(CellType cell)
    {
        var shape = new NetworkShape(cell, InputSize, HiddenSize, Layers: 2, HeadSize, Activation.Softmax, Activation.Tanh);
        Batch batch = MakeBatch(shape, [5, 2, 4], randomInitialState: true, seed: 6);

        ReferenceGradients result = ReferenceBackward.Compute(
            shape, batch.Parameters, batch.Inputs, batch.Lengths, batch.OutputGradients, batch.InitialState);

        var network = new ReferenceNetwork(shape, batch.Parameters);
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            int length = batch.Lengths[b];
            double[] expected = network.Forward(
                batch.Inputs.AsSpan(b * Steps * InputSize, length * InputSize), length, Hidden(batch, b), Cell(batch, b));

            Assert.Equal(expected, SequenceOutputs(result.Outputs, shape, b, 0, length));
            Assert.All(SequenceOutputs(result.Outputs, shape, b, length, Steps - length), value => Assert.Equal(0, value));
            // The state at the last valid step is the sequence's final state: padding passes it through.
            AssertFinalState(network, result.FinalState, shape, b, batch.Lengths.Length);
        }
    }

    [Theory]
    [InlineData(CellType.Rnn)]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void PaddedInputsAndOutputGradientsChangeNothing(CellType cell)
    {
        var shape = new NetworkShape(cell, InputSize, HiddenSize, Layers: 2, HeadSize, Activation.Tanh, Activation.Tanh);
        Batch batch = MakeBatch(shape, [5, 2, 4], randomInitialState: true, seed: 7);
        float[] otherInputs = (float[])batch.Inputs.Clone();
        double[] otherOutputGradients = (double[])batch.OutputGradients.Clone();
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            for (int t = batch.Lengths[b]; t < Steps; t++)
            {
                otherInputs.AsSpan((b * Steps + t) * InputSize, InputSize).Fill(1e6f);
                otherOutputGradients.AsSpan((b * Steps + t) * shape.ResultSize, shape.ResultSize).Fill(-1e6);
            }
        }

        ReferenceGradients first = ReferenceBackward.Compute(
            shape, batch.Parameters, batch.Inputs, batch.Lengths, batch.OutputGradients, batch.InitialState);
        ReferenceGradients second = ReferenceBackward.Compute(
            shape, batch.Parameters, otherInputs, batch.Lengths, otherOutputGradients, batch.InitialState);

        Assert.Equal(first.Outputs, second.Outputs);
        Assert.Equal(first.InputGradients, second.InputGradients);
        Assert.Equal(first.InitialStateGradient, second.InitialStateGradient);
        Assert.Equal(first.FinalState, second.FinalState);
        Assert.All(shape.Parameters, p => Assert.Equal(first.ParameterGradients[p.Name], second.ParameterGradients[p.Name]));
    }

    [Fact]
    public void GradientsOfABatchAreTheSumOfItsSequencesGradients()
    {
        var shape = new NetworkShape(CellType.Lstm, InputSize, HiddenSize, Layers: 2, HeadSize, Activation.Identity, Activation.Tanh);
        Batch batch = MakeBatch(shape, [5, 2, 4], randomInitialState: false, seed: 8);

        ReferenceGradients whole = ReferenceBackward.Compute(
            shape, batch.Parameters, batch.Inputs, batch.Lengths, batch.OutputGradients);
        ReferenceGradients[] single = Enumerable.Range(0, batch.Lengths.Length)
            .Select(b => ReferenceBackward.Compute(
                shape,
                batch.Parameters,
                batch.Inputs.AsSpan(b * Steps * InputSize, Steps * InputSize),
                [batch.Lengths[b]],
                batch.OutputGradients.AsSpan(b * Steps * shape.ResultSize, Steps * shape.ResultSize)))
            .ToArray();

        foreach ((string name, _) in shape.Parameters)
        {
            double[] sum = new double[whole.ParameterGradients[name].Length];
            foreach (ReferenceGradients one in single)
            {
                for (int i = 0; i < sum.Length; i++)
                {
                    sum[i] += one.ParameterGradients[name][i];
                }
            }

            // Summing per sequence and summing per step add the same terms in different orders.
            Assert.All(sum.Zip(whole.ParameterGradients[name]), pair => Assert.Equal(pair.First, pair.Second, 1e-12));
        }

        Assert.Equal(single.SelectMany(one => one.InputGradients), whole.InputGradients);
    }

    [Fact]
    public void RejectsSizesThatDisagreeWithTheShape()
    {
        var shape = new NetworkShape(CellType.Lstm, InputSize, HiddenSize, Layers: 2, 0, Activation.Identity, Activation.Tanh);
        Dictionary<string, float[]> parameters = ReferenceNetwork.RandomParameters(shape, seed: 9, scale: 0.5f);
        float[] inputs = new float[2 * Steps * InputSize];
        double[] outputGradients = new double[2 * Steps * HiddenSize];
        int[] lengths = [Steps, 3];

        Assert.Throws<ArgumentException>(() => ReferenceBackward.Compute(shape, parameters, inputs, [Steps, 0], outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBackward.Compute(shape, parameters, inputs, [Steps, Steps + 1], outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBackward.Compute(shape, parameters, inputs, [], outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBackward.Compute(shape, parameters, inputs.AsSpan(1), lengths, outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBackward.Compute(shape, parameters, inputs, lengths, outputGradients.AsSpan(1)));
        // An LSTM's state holds c after h: h alone is too short.
        Assert.Throws<ArgumentException>(() => ReferenceBackward.Compute(
            shape, parameters, inputs, lengths, outputGradients, new double[2 * 2 * HiddenSize]));
        parameters.Remove("bias_hh_l1");
        Assert.Contains("bias_hh_l1", Assert.Throws<ArgumentException>(
            () => ReferenceBackward.Compute(shape, parameters, inputs, lengths, outputGradients)).Message);
    }

    /// <summary>A batch and everything the loss needs; <see cref="Parameters"/> and <see cref="Inputs"/> are perturbed in place.</summary>
    private sealed record Batch(
        NetworkShape Shape,
        Dictionary<string, float[]> Parameters,
        float[] Inputs,
        int[] Lengths,
        double[] OutputGradients,
        double[]? InitialState);

    private static Batch MakeBatch(NetworkShape shape, int[] lengths, bool randomInitialState, int seed)
    {
        var random = new Random(seed);
        Dictionary<string, float[]> parameters = ReferenceNetwork.RandomParameters(shape, seed, scale: 0.5f);
        if (shape.Cell == CellType.Rnn && shape.Nonlinearity == Activation.Relu)
        {
            KeepReluCellAwayFromItsKink(shape, parameters);
        }

        if (shape.OutputSize > 0 && shape.OutputActivation == Activation.Relu)
        {
            KeepReluHeadAwayFromItsKink(parameters);
        }

        int batch = lengths.Length;
        float[] inputs = Uniform(random, batch * Steps * InputSize, 1).Select(value => (float)value).ToArray();
        // Padded steps get gradients too, so a reference that read them would be caught.
        double[] outputGradients = Uniform(random, batch * Steps * shape.ResultSize, 1);
        int stateLength = shape.Layers * batch * HiddenSize * (shape.Cell == CellType.Lstm ? 2 : 1);
        double[]? initialState = randomInitialState ? Uniform(random, stateLength, 0.5) : null;
        return new Batch(shape, parameters, inputs, lengths, outputGradients, initialState);
    }

    /// <summary>
    /// Scales every recurrent weight and bias_hh into [-0.05, 0.05] and sets bias_ih to +1 and -1 on
    /// alternate rows, so that no pre-activation comes within 0.3 of relu's kink, where a finite difference
    /// would straddle it. With inputs and initial state in [-1, 1], a layer-0 h stays below
    /// (1 + 0.05 + 3·0.05) / (1 - 4·0.05) = 1.5 and a layer-1 h below (1 + 0.05 + 4·0.05·1.5) / 0.8 ≈ 1.7, so
    /// every pre-activation is its ±1 bias moved by at most 0.05 + 4·0.05·1.5 + 4·0.05·1.7 ≈ 0.7.
    /// </summary>
    private static void KeepReluCellAwayFromItsKink(NetworkShape shape, Dictionary<string, float[]> parameters)
    {
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            foreach (string name in new[] { $"weight_ih_l{layer}", $"weight_hh_l{layer}", $"bias_hh_l{layer}" })
            {
                float[] values = parameters[name];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] *= 0.1f;
                }
            }

            float[] bias = parameters[$"bias_ih_l{layer}"];
            for (int row = 0; row < bias.Length; row++)
            {
                bias[row] = row % 2 == 0 ? 1f : -1f;
            }
        }
    }

    /// <summary>
    /// Scales head.weight into [-0.1, 0.1] and sets head.bias to ±1 on alternate rows: with h below 1.7 (see
    /// <see cref="KeepReluCellAwayFromItsKink"/>; tanh-bounded cells stay below 1), W h moves the bias by at
    /// most 4·0.1·1.7 ≈ 0.7, keeping every head pre-activation 0.3 away from relu's kink.
    /// </summary>
    private static void KeepReluHeadAwayFromItsKink(Dictionary<string, float[]> parameters)
    {
        float[] weight = parameters["head.weight"];
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] *= 0.2f;
        }

        float[] bias = parameters["head.bias"];
        for (int row = 0; row < bias.Length; row++)
        {
            bias[row] = row % 2 == 0 ? 1f : -1f;
        }
    }

    /// <summary>L = Σ outputGradients ⊙ outputs, each sequence run alone by <see cref="ReferenceNetwork"/> over its valid steps.</summary>
    private static double Loss(Batch batch)
    {
        var network = new ReferenceNetwork(batch.Shape, batch.Parameters);
        return CentralDifferences.OutputLoss(batch.OutputGradients, batch.Lengths, Steps, (b, length) => network.Forward(
            batch.Inputs.AsSpan(b * Steps * InputSize, length * InputSize), length, Hidden(batch, b), Cell(batch, b)));
    }

    /// <summary>Sequence <paramref name="b"/>'s initial h, per layer, out of the batch's <c>[Layers, B, H]</c> layout.</summary>
    private static double[][] Hidden(Batch batch, int b) => StateOf(batch, b, offset: 0);

    /// <summary>Sequence <paramref name="b"/>'s initial c, or null when the cell has none.</summary>
    private static double[][]? Cell(Batch batch, int b) =>
        batch.Shape.Cell == CellType.Lstm ? StateOf(batch, b, offset: batch.Shape.Layers * batch.Lengths.Length * HiddenSize) : null;

    private static double[][] StateOf(Batch batch, int b, int offset)
    {
        int batchSize = batch.Lengths.Length;
        return Enumerable.Range(0, batch.Shape.Layers)
            .Select(layer => batch.InitialState is null
                ? new double[HiddenSize]
                : batch.InitialState.AsSpan(offset + (layer * batchSize + b) * HiddenSize, HiddenSize).ToArray())
            .ToArray();
    }

    private static double[] SequenceOutputs(double[] outputs, NetworkShape shape, int b, int firstStep, int count) =>
        outputs.AsSpan((b * Steps + firstStep) * shape.ResultSize, count * shape.ResultSize).ToArray();

    private static void AssertFinalState(ReferenceNetwork network, double[] finalState, NetworkShape shape, int b, int batchSize)
    {
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            int at = (layer * batchSize + b) * HiddenSize;
            Assert.Equal(network.FinalHidden[layer], finalState.AsSpan(at, HiddenSize).ToArray());
            if (shape.Cell == CellType.Lstm)
            {
                int cellAt = shape.Layers * batchSize * HiddenSize + at;
                Assert.Equal(network.FinalCell[layer], finalState.AsSpan(cellAt, HiddenSize).ToArray());
            }
        }
    }

    private static double[] Uniform(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => (2 * random.NextDouble() - 1) * scale).ToArray();

    private static int Seed(NetworkShape shape, int[] lengths) =>
        1000 + 100 * (int)shape.Cell + 10 * (int)shape.Nonlinearity + 3 * shape.Layers + (int)shape.OutputActivation + lengths.Sum();
}
