using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;

namespace RnnGen.Tests.Reference;

[Trait("Category", "Numeric")]
public sealed class ReferenceBidirectionalBackwardTests(ITestOutputHelper output)
{
    private const int Steps = 5;
    private const int InputSize = 3;
    private const int HiddenSize = 3;
    private const int HeadSize = 3;

    // A kept unit is scaled by 1 / (1 - p) = 2.
    private const double DropoutProbability = 0.5;

    // Each cell meets 1 to 3 layers, no head and identity, tanh, sigmoid and softmax heads, full and ragged
    // lengths (a length of 1 among them), zero and random initial states, and no dropout and a dropout mask,
    // without running the whole cross product.
    [Theory]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, 0, Activation.Identity, "5,1,3", true, false)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Softmax, "5,1,3", true, true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Identity, "4", true, false)]
    [InlineData(CellType.Lstm, Activation.Tanh, 3, HeadSize, Activation.Tanh, "5,5", false, true)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, HeadSize, Activation.Identity, "5,5,5", false, false)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, 0, Activation.Identity, "5,1,3", true, true)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, HeadSize, Activation.Sigmoid, "5,3", false, true)]
    [InlineData(CellType.Gru, Activation.Tanh, 3, HeadSize, Activation.Softmax, "2,5", true, true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 1, HeadSize, Activation.Softmax, "5,1,3", true, false)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, HeadSize, Activation.Identity, "3,5", true, true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 3, 0, Activation.Identity, "5,1,3", false, true)]
    [InlineData(CellType.Rnn, Activation.Relu, 1, HeadSize, Activation.Tanh, "5,2", true, false)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, 0, Activation.Identity, "5,1,3", true, true)]
    [InlineData(CellType.Rnn, Activation.Relu, 3, HeadSize, Activation.Identity, "4,5,1", true, true)]
    public void EveryGradientMatchesCentralDifferencesOfTheForwardReferenceRunPerSequence(
        CellType cell, Activation nonlinearity, int layers, int outputSize, Activation head, string lengthList, bool randomInitialState, bool dropout) =>
        AssertGradientsMatchCentralDifferences(
            Bidirectional(cell, nonlinearity, layers, outputSize, head), lengthList, randomInitialState, dropout, SequenceOutputs.EveryStep);

    [Theory]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, 0, Activation.Identity)]
    [InlineData(CellType.Lstm, Activation.Tanh, 3, HeadSize, Activation.Softmax)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, HeadSize, Activation.Tanh)]
    [InlineData(CellType.Gru, Activation.Tanh, 3, 0, Activation.Identity)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, 0, Activation.Identity)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, HeadSize, Activation.Identity)]
    public void OutputsOfFullLengthSequencesAreBitwiseTheForwardReference(
        CellType cell, Activation nonlinearity, int layers, int outputSize, Activation head)
    {
        NetworkShape shape = Bidirectional(cell, nonlinearity, layers, outputSize, head);
        Batch batch = MakeBatch(shape, [Steps, Steps, Steps], randomInitialState: false, dropout: false, seed: 5);

        ReferenceGradients result = Compute(batch);

        var network = new ReferenceBidirectionalNetwork(shape, batch.Parameters);
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            double[] expected = network.Forward(batch.Inputs.AsSpan(b * Steps * InputSize, Steps * InputSize), Steps);
            Assert.Equal(expected, StepOutputs(result.Outputs, shape, b, 0, Steps));
        }
    }

    [Theory]
    [InlineData(CellType.Lstm, 0)]
    [InlineData(CellType.Lstm, HeadSize)]
    [InlineData(CellType.Gru, 0)]
    [InlineData(CellType.Gru, HeadSize)]
    [InlineData(CellType.Rnn, 0)]
    [InlineData(CellType.Rnn, HeadSize)]
    public void EachRaggedSequenceOutputsWhatItAloneTruncatedToItsLengthDoesAndZeroWhenPadded(CellType cell, int outputSize)
    {
        NetworkShape shape = Bidirectional(cell, Activation.Tanh, 2, outputSize, outputSize > 0 ? Activation.Softmax : Activation.Identity);
        Batch batch = MakeBatch(shape, [5, 1, 3, 4], randomInitialState: false, dropout: false, seed: 6);

        ReferenceGradients result = Compute(batch);

        // The reverse direction of a sequence starts at its own last valid step, so every one of its outputs
        // differs from what it would be if it started at step T - 1 and read the padding.
        var network = new ReferenceBidirectionalNetwork(shape, batch.Parameters);
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            int length = batch.Lengths[b];
            double[] expected = network.Forward(batch.Inputs.AsSpan(b * Steps * InputSize, length * InputSize), length);

            Assert.Equal(expected, StepOutputs(result.Outputs, shape, b, 0, length));
            Assert.All(StepOutputs(result.Outputs, shape, b, length, Steps - length), value => Assert.Equal(0, value));
        }
    }

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    [InlineData(CellType.Rnn)]
    public void FinalStateHoldsTheForwardDirectionAfterTheLastValidStepAndTheReverseAfterStepZero(CellType cell)
    {
        NetworkShape shape = Bidirectional(cell, Activation.Tanh, 2, 0, Activation.Identity);
        Batch batch = MakeBatch(shape, [5, 1, 3], randomInitialState: true, dropout: true, seed: 7);

        ReferenceGradients result = Compute(batch);

        var network = new ReferenceBidirectionalNetwork(shape, batch.Parameters);
        int top = shape.Layers - 1;
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            int length = batch.Lengths[b];
            network.Forward(batch.Inputs.AsSpan(b * Steps * InputSize, length * InputSize), length, SequenceState(batch, b), SequenceMask(batch, b));
            double[] finalState = SequenceState(batch with { InitialState = result.FinalState }, b);
            Assert.Equal(network.FinalState, finalState);

            // The top layer's h is the output: the forward half's at the last valid step, the reverse half's at step 0.
            double[] forwardHidden = finalState.AsSpan(top * 2 * HiddenSize, HiddenSize).ToArray();
            double[] reverseHidden = finalState.AsSpan((top * 2 + 1) * HiddenSize, HiddenSize).ToArray();
            Assert.Equal(StepOutputs(result.Outputs, shape, b, length - 1, 1)[..HiddenSize], forwardHidden);
            Assert.Equal(StepOutputs(result.Outputs, shape, b, 0, 1)[HiddenSize..], reverseHidden);
        }
    }

    // LastStep: each cell meets 1 and 2 layers, no head and identity, tanh and softmax heads, full and ragged
    // lengths (a length of 1 among them), zero and random initial states, and no dropout and a dropout mask.
    [Theory]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, 0, Activation.Identity, "5,1,3", true, false)]
    [InlineData(CellType.Lstm, Activation.Tanh, 1, HeadSize, Activation.Identity, "2,1", false, false)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Softmax, "5,1,3", true, true)]
    [InlineData(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Tanh, "4,5", false, true)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, HeadSize, Activation.Identity, "5,5,5", false, false)]
    [InlineData(CellType.Gru, Activation.Tanh, 1, HeadSize, Activation.Tanh, "1,4", true, false)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, 0, Activation.Identity, "5,1,3", true, true)]
    [InlineData(CellType.Gru, Activation.Tanh, 2, HeadSize, Activation.Softmax, "3,5", false, true)]
    [InlineData(CellType.Rnn, Activation.Tanh, 1, HeadSize, Activation.Softmax, "5,1,3", true, false)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, 0, Activation.Identity, "5,1", false, false)]
    [InlineData(CellType.Rnn, Activation.Tanh, 2, HeadSize, Activation.Identity, "3,5", true, true)]
    [InlineData(CellType.Rnn, Activation.Relu, 1, HeadSize, Activation.Tanh, "5,2", true, false)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, 0, Activation.Identity, "5,1,3", true, true)]
    [InlineData(CellType.Rnn, Activation.Relu, 2, HeadSize, Activation.Identity, "1,5", false, true)]
    public void LastStepGradientsMatchCentralDifferencesOfTheForwardReferencesFinalOutputPerSequence(
        CellType cell, Activation nonlinearity, int layers, int outputSize, Activation head, string lengthList, bool randomInitialState, bool dropout) =>
        AssertGradientsMatchCentralDifferences(
            Bidirectional(cell, nonlinearity, layers, outputSize, head), lengthList, randomInitialState, dropout, SequenceOutputs.LastStep);

    [Theory]
    [InlineData(CellType.Lstm, 0)]
    [InlineData(CellType.Lstm, HeadSize)]
    [InlineData(CellType.Gru, 0)]
    [InlineData(CellType.Gru, HeadSize)]
    [InlineData(CellType.Rnn, 0)]
    [InlineData(CellType.Rnn, HeadSize)]
    public void LastStepOutputOfEachRaggedSequenceIsTheForwardReferencesFinalOutputOfItAloneCutToItsLength(CellType cell, int outputSize)
    {
        NetworkShape shape = Bidirectional(cell, Activation.Tanh, 2, outputSize, outputSize > 0 ? Activation.Softmax : Activation.Identity);
        Batch batch = MakeBatch(shape, [5, 1, 3, 4], randomInitialState: true, dropout: true, seed: 8, SequenceOutputs.LastStep);

        ReferenceGradients result = Compute(batch);

        Assert.Equal(batch.Lengths.Length * shape.ResultSize, result.Outputs.Length);
        var network = new ReferenceBidirectionalNetwork(shape, batch.Parameters);
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            int length = batch.Lengths[b];
            double[] expected = network.ForwardLastStep(SequenceInputs(batch, b, length), length, SequenceState(batch, b), SequenceMask(batch, b));
            Assert.Equal(expected, result.Outputs.AsSpan(b * shape.ResultSize, shape.ResultSize).ToArray());
        }
    }

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    [InlineData(CellType.Rnn)]
    public void HeadlessLastStepOutputIsTheForwardHalfOfTheLastValidStepBesideTheReverseHalfOfStepZero(CellType cell)
    {
        NetworkShape shape = Bidirectional(cell, Activation.Tanh, 2, 0, Activation.Identity);
        Batch batch = MakeBatch(shape, [5, 1, 3, 4], randomInitialState: true, dropout: true, seed: 9, SequenceOutputs.LastStep);

        ReferenceGradients result = Compute(batch);

        // Not the every-step output's row length - 1, whose reverse half has read only that step.
        var network = new ReferenceBidirectionalNetwork(shape, batch.Parameters);
        int width = 2 * HiddenSize;
        for (int b = 0; b < batch.Lengths.Length; b++)
        {
            int length = batch.Lengths[b];
            double[] everyStep = network.Forward(SequenceInputs(batch, b, length), length, SequenceState(batch, b), SequenceMask(batch, b));
            double[] expected = [.. everyStep.AsSpan((length - 1) * width, HiddenSize), .. everyStep.AsSpan(HiddenSize, HiddenSize)];
            Assert.Equal(expected, result.Outputs.AsSpan(b * width, width).ToArray());
        }
    }

    [Fact]
    public void LastStepTakesOneOutputGradientRowPerSequenceAndNeedsAStep()
    {
        NetworkShape shape = Bidirectional(CellType.Gru, Activation.Tanh, 2, HeadSize, Activation.Identity);
        Dictionary<string, float[]> parameters = ReferenceNetwork.RandomParameters(shape, seed: 9, scale: 0.5f);
        float[] inputs = new float[2 * Steps * InputSize];
        int[] lengths = [Steps, 3];

        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(
            shape, parameters, inputs, lengths, new double[2 * Steps * HeadSize], returns: SequenceOutputs.LastStep));
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(
            shape, parameters, inputs, lengths, new double[2 * HeadSize], returns: SequenceOutputs.EveryStep));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReferenceBidirectionalNetwork(shape, parameters).ForwardLastStep([], 0));
    }

    [Fact]
    public void RejectsShapesAndSizesThatAreNotABidirectionalBatch()
    {
        NetworkShape shape = Bidirectional(CellType.Lstm, Activation.Tanh, 2, HeadSize, Activation.Identity);
        Dictionary<string, float[]> parameters = ReferenceNetwork.RandomParameters(shape, seed: 9, scale: 0.5f);
        float[] inputs = new float[2 * Steps * InputSize];
        double[] outputGradients = new double[2 * Steps * HeadSize];
        int[] lengths = [Steps, 3];

        NetworkShape unidirectional = shape with { Bidirectional = false };
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(
            unidirectional, ReferenceNetwork.RandomParameters(unidirectional, seed: 9, scale: 0.5f), inputs, lengths, outputGradients));
        NetworkShape stacked = shape with { StackedLayers = [new StackedLayer(CellType.Gru, HiddenSize)] };
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(
            stacked, ReferenceNetwork.RandomParameters(stacked, seed: 9, scale: 0.5f), inputs, lengths, outputGradients));

        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, [Steps, 0], outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, [Steps, Steps + 1], outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, [], outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs.AsSpan(1), lengths, outputGradients));
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, lengths, outputGradients.AsSpan(1)));
        // A unidirectional network's state (one h and one c per layer) is half of what two directions need.
        Assert.Throws<ArgumentException>(() => ReferenceBidirectionalBackward.Compute(
            shape, parameters, inputs, lengths, outputGradients, new double[2 * 2 * 2 * HiddenSize]));

        Dictionary<string, float[]> shortHead = new(parameters) { ["head.weight"] = new float[HeadSize * HiddenSize] };
        Assert.Contains("head.weight", Assert.Throws<ArgumentException>(
            () => ReferenceBidirectionalBackward.Compute(shape, shortHead, inputs, lengths, outputGradients)).Message);
        parameters.Remove("bias_hh_l1_reverse");
        Assert.Contains("bias_hh_l1_reverse", Assert.Throws<ArgumentException>(
            () => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, lengths, outputGradients)).Message);
    }

    /// <summary>
    /// A batch and everything the loss needs; <see cref="Parameters"/> and <see cref="Inputs"/> are perturbed in place.
    /// <see cref="Mask"/> is the dropout factor of each <c>(k, b, t, j)</c>, <c>[Layers - 1, B, T, 2 HiddenSize]</c>, or null.
    /// <see cref="OutputGradients"/> are <c>[B, T, ResultSize]</c>, or <c>[B, ResultSize]</c> when <see cref="Returns"/> is
    /// <see cref="SequenceOutputs.LastStep"/>.
    /// </summary>
    private sealed record Batch(
        NetworkShape Shape,
        Dictionary<string, float[]> Parameters,
        float[] Inputs,
        int[] Lengths,
        double[] OutputGradients,
        double[]? InitialState,
        double[]? Mask,
        SequenceOutputs Returns)
    {
        public double MaskAt(int layer, int b, int t, int j) =>
            Mask![(((layer * Lengths.Length + b) * Steps + t) * 2 * HiddenSize) + j];
    }

    /// <summary>
    /// Every gradient of a random batch of the given lengths (comma-separated) against central differences of
    /// <see cref="Loss"/>, which runs each sequence through <see cref="ReferenceBidirectionalNetwork"/>.
    /// </summary>
    private void AssertGradientsMatchCentralDifferences(NetworkShape shape, string lengthList, bool randomInitialState, bool dropout, SequenceOutputs returns)
    {
        int[] lengths = lengthList.Split(',').Select(int.Parse).ToArray();
        Batch batch = MakeBatch(shape, lengths, randomInitialState, dropout, Seed(shape, lengths, dropout), returns);

        ReferenceGradients analytic = Compute(batch);

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

    private static NetworkShape Bidirectional(CellType cell, Activation nonlinearity, int layers, int outputSize, Activation head) =>
        new(cell, InputSize, HiddenSize, layers, outputSize, head, nonlinearity) { Bidirectional = true };

    private static Batch MakeBatch(
        NetworkShape shape, int[] lengths, bool randomInitialState, bool dropout, int seed, SequenceOutputs returns = SequenceOutputs.EveryStep)
    {
        var random = new Random(seed);
        Dictionary<string, float[]> parameters = ReferenceNetwork.RandomParameters(shape, seed, scale: 0.5f);
        if (shape.Cell == CellType.Rnn && shape.Nonlinearity == Activation.Relu)
        {
            KeepReluCellsAwayFromTheirKink(parameters);
        }

        int batch = lengths.Length;
        float[] inputs = Uniform(random, batch * Steps * InputSize, 1).Select(value => (float)value).ToArray();
        // Padded steps get gradients too, so a reference that read them would be caught.
        int outputRows = returns == SequenceOutputs.LastStep ? batch : batch * Steps;
        double[] outputGradients = Uniform(random, outputRows * shape.ResultSize, 1);
        int stateLength = shape.Layers * 2 * batch * HiddenSize * (shape.Cell == CellType.Lstm ? 2 : 1);
        double[]? initialState = randomInitialState ? Uniform(random, stateLength, 0.5) : null;
        double[]? mask = dropout
            ? Enumerable.Range(0, (shape.Layers - 1) * batch * Steps * 2 * HiddenSize)
                .Select(_ => random.NextDouble() < DropoutProbability ? 0 : 1 / (1 - DropoutProbability))
                .ToArray()
            : null;
        return new Batch(shape, parameters, inputs, lengths, outputGradients, initialState, mask, returns);
    }

    /// <summary>
    /// Scales every weight and bias_hh of both directions into [-0.025, 0.025] and sets bias_ih to +1 and -1 on
    /// alternate rows, so that no pre-activation comes within 0.3 of relu's kink, where a finite difference would
    /// straddle it. With inputs in [-1, 1] and initial states in [-0.5, 0.5], every h stays below 1.64, the fixed
    /// point of h = 1 + 0.025 + 2·3·0.025·2h + 3·0.025·h (a layer reads both directions' 3 units, each at most
    /// doubled by dropout, and its own 3), so every pre-activation is within 0.025 + 0.375·1.64 ≈ 0.64 of its bias.
    /// </summary>
    private static void KeepReluCellsAwayFromTheirKink(Dictionary<string, float[]> parameters)
    {
        foreach ((string name, float[] values) in parameters.Where(pair => !pair.Key.StartsWith("head.", StringComparison.Ordinal)))
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = name.StartsWith("bias_ih", StringComparison.Ordinal) ? (i % 2 == 0 ? 1f : -1f) : values[i] * 0.05f;
            }
        }
    }

    private static ReferenceGradients Compute(Batch batch) => ReferenceBidirectionalBackward.Compute(
        batch.Shape,
        batch.Parameters,
        batch.Inputs,
        batch.Lengths,
        batch.OutputGradients,
        batch.InitialState,
        batch.Mask is null ? null : batch.MaskAt,
        batch.Returns);

    /// <summary>
    /// L = Σ outputGradients ⊙ outputs, each sequence truncated to its valid steps and run alone by
    /// <see cref="ReferenceBidirectionalNetwork"/>: a composition of <see cref="ReferenceNetwork"/>s that
    /// reverses whole sequences and never sees a batch, padding or <see cref="ReferenceBackward"/>. With
    /// <see cref="SequenceOutputs.LastStep"/> the outputs are each sequence's final output.
    /// </summary>
    private static double Loss(Batch batch)
    {
        var network = new ReferenceBidirectionalNetwork(batch.Shape, batch.Parameters);
        if (batch.Returns == SequenceOutputs.LastStep)
        {
            // One output row per sequence is the every-step loss of sequences one step long.
            return CentralDifferences.OutputLoss(batch.OutputGradients, batch.Lengths.Select(_ => 1).ToArray(), 1, (b, _) => network.ForwardLastStep(
                SequenceInputs(batch, b, batch.Lengths[b]), batch.Lengths[b], SequenceState(batch, b), SequenceMask(batch, b)));
        }

        return CentralDifferences.OutputLoss(batch.OutputGradients, batch.Lengths, Steps, (b, length) => network.Forward(
            SequenceInputs(batch, b, length), length, SequenceState(batch, b), SequenceMask(batch, b)));
    }

    /// <summary>Sequence <paramref name="b"/>'s first <paramref name="length"/> input steps.</summary>
    private static ReadOnlySpan<float> SequenceInputs(Batch batch, int b, int length) =>
        batch.Inputs.AsSpan(b * Steps * InputSize, length * InputSize);

    /// <summary>
    /// Sequence <paramref name="b"/>'s part of the batch's PyTorch-layout state (<c>[Layers * 2, B, H]</c> of h, then
    /// of c): <c>[Layers * 2, H]</c> of h, then of c, as <see cref="ReferenceBidirectionalNetwork"/> takes it.
    /// </summary>
    private static double[] SequenceState(Batch batch, int b)
    {
        int batchSize = batch.Lengths.Length;
        int blocks = batch.Shape.Layers * 2 * (batch.Shape.Cell == CellType.Lstm ? 2 : 1);
        return batch.InitialState is null
            ? new double[blocks * HiddenSize]
            : Enumerable.Range(0, blocks)
                .SelectMany(block => batch.InitialState.AsSpan((block * batchSize + b) * HiddenSize, HiddenSize).ToArray())
                .ToArray();
    }

    private static Func<int, int, int, double>? SequenceMask(Batch batch, int b) =>
        batch.Mask is null ? null : (layer, t, j) => batch.MaskAt(layer, b, t, j);

    private static double[] StepOutputs(double[] outputs, NetworkShape shape, int b, int firstStep, int count) =>
        outputs.AsSpan((b * Steps + firstStep) * shape.ResultSize, count * shape.ResultSize).ToArray();

    private static double[] Uniform(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => (2 * random.NextDouble() - 1) * scale).ToArray();

    private static int Seed(NetworkShape shape, int[] lengths, bool dropout) =>
        2000 + 100 * (int)shape.Cell + 10 * (int)shape.Nonlinearity + 3 * shape.Layers + (int)shape.OutputActivation + lengths.Sum() + (dropout ? 7 : 0);
}
