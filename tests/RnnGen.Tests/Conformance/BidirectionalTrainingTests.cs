using System;
using System.Linq;
using RnnGen.Tests.Reference;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The generated training passes of every bidirectional network in its table: the recording forward pass against the
/// sequence pass, which ONNX Runtime and the reference check, and the backward pass against the double-precision
/// reference. CI runs this class once per instruction-set path.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class BidirectionalTrainingTests(ITestOutputHelper output)
{
    private const int Steps = 20;

    public static TheoryData<string> Networks => BidirectionalConformanceTests.Networks;

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAgreeWithReferenceAtBatchOne(string network) =>
        CheckGradients(network, lengths: new[] { Steps }, withInitialState: false);

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAgreeWithReferenceForVariableLengthBatch(string network) =>
        CheckGradients(network, lengths: new[] { Steps, 7, 1, Steps, 13 }, withInitialState: true);

    [Theory]
    [MemberData(nameof(Networks))]
    public void LastStepForwardAgreesWithReference(string network)
    {
        var (shape, _, inference) = Create(network, seed: 45);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 45);
        float[] inputs = ModelCatalog.RandomInputs(Steps * shape.InputSize, seed: 46);
        var outputs = new float[shape.ResultSize];
        inference.Forward(inputs, outputs, SequenceOutputs.LastStep);

        double[] expected = new ReferenceBidirectionalNetwork(shape, parameters).ForwardLastStep(inputs, Steps);
        Tolerance.AssertClose(outputs, expected, shape.ResultSize, $"{network} last step");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void LastStepGradientsAgreeWithReferenceForVariableLengthBatch(string network)
    {
        // The training pass writes each sequence's one output at its last valid step; the reference takes [B, ResultSize].
        int[] lengths = { Steps, 7, 1, Steps, 13 };
        var (shape, trainable, _) = Create(network, seed: 25);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 25);
        int batch = lengths.Length;
        float[] inputs = ModelCatalog.RandomInputs(batch * Steps * shape.InputSize, seed: 26);
        float[] finalGradients = ModelCatalog.RandomInputs(batch * shape.ResultSize, seed: 27, scale: 1f);
        int stateLength = (shape.HasCellState ? 2 : 1) * shape.LayerCount * 2 * batch * shape.HiddenSize;
        float[] initialState = ModelCatalog.RandomInputs(stateLength, seed: 28, scale: 0.5f);

        var tape = (IBidirectionalTape)trainable.CreateTape(Steps, batch);
        tape.Returns = SequenceOutputs.LastStep;
        initialState.CopyTo(tape.InitialState);
        var outputs = new float[batch * Steps * shape.ResultSize];
        trainable.ForwardTraining(tape, inputs, lengths, outputs);
        var outputGradients = new float[outputs.Length];
        var finalOutputs = new float[batch * shape.ResultSize];
        for (int sequence = 0; sequence < batch; sequence++)
        {
            int last = ((sequence * Steps) + lengths[sequence] - 1) * shape.ResultSize;
            finalGradients.AsSpan(sequence * shape.ResultSize, shape.ResultSize).CopyTo(outputGradients.AsSpan(last, shape.ResultSize));
            outputs.AsSpan(last, shape.ResultSize).CopyTo(finalOutputs.AsSpan(sequence * shape.ResultSize, shape.ResultSize));
        }

        var parameterGradients = new float[trainable.ParameterCount];
        var inputGradients = new float[inputs.Length];
        trainable.Backward(tape, outputGradients, parameterGradients, inputGradients);

        ReferenceGradients expected = ReferenceBidirectionalBackward.Compute(
            shape, parameters, inputs, lengths, finalGradients.Select(value => (double)value).ToArray(), initialState.Select(value => (double)value).ToArray(), returns: SequenceOutputs.LastStep);

        Tolerance.AssertClose(finalOutputs, expected.Outputs, shape.ResultSize, $"{network} last-step training outputs");
        double worst = GradientConformanceTests.AssertGradientsClose(trainable, parameterGradients, inputGradients, tape, expected, network);
        output.WriteLine($"{network} last step, batch {batch} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} (of the allowed 1e-6 + 1e-4·|expected|)");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void LastStepTrainingOutputsAreEachSequencesLastStepForwardAlone(string network)
    {
        // With last-step outputs the pass writes one output per sequence, at its last valid step, from where each
        // direction ends: what Forward(..., SequenceOutputs.LastStep) gives on the sequence cut to its length.
        int[] lengths = { Steps, 7, 1, 13 };
        var (shape, trainable, inference) = Create(network, seed: 43);
        float[] inputs = ModelCatalog.RandomInputs(lengths.Length * Steps * shape.InputSize, seed: 44);
        var tape = (IBidirectionalTape)trainable.CreateTape(Steps, lengths.Length);
        tape.Returns = SequenceOutputs.LastStep;
        var outputs = new float[lengths.Length * Steps * shape.ResultSize];
        trainable.ForwardTraining(tape, inputs, lengths, outputs);

        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            int length = lengths[sequence];
            var alone = new float[shape.ResultSize];
            inference.Forward(inputs.AsSpan(sequence * Steps * shape.InputSize, length * shape.InputSize), alone, SequenceOutputs.LastStep);
            ReadOnlySpan<float> recorded = outputs.AsSpan(sequence * Steps * shape.ResultSize, Steps * shape.ResultSize);
            Tolerance.AssertClose(recorded.Slice((length - 1) * shape.ResultSize, shape.ResultSize), alone.Select(value => (double)value).ToArray(), shape.ResultSize, $"{network} sequence {sequence}");
            for (int step = 0; step < Steps; step++)
            {
                if (step != length - 1)
                {
                    Assert.All(recorded.Slice(step * shape.ResultSize, shape.ResultSize).ToArray(), value => Assert.Equal(0f, value));
                }
            }
        }
    }

    [Theory]
    [InlineData(SequenceOutputs.EveryStep)]
    [InlineData(SequenceOutputs.LastStep)]
    public void ATapeForMoreSequencesReusedForFewerGivesWhatAFreshTapeGives(SequenceOutputs returns)
    {
        // The initial state and its gradient are [Layers × 2, MaxBatchSize, H]: a smaller batch uses the first rows of each block.
        int[] lengths = { 12, 5, 1 };
        var (shape, trainable, _) = Create(nameof(BidirectionalModels.BiLstmHidden7), seed: 71);
        int blocks = 2 * shape.LayerCount * 2;
        float[] inputs = ModelCatalog.RandomInputs(lengths.Length * 12 * shape.InputSize, seed: 72);
        float[] outputGradients = ModelCatalog.RandomInputs(lengths.Length * 12 * shape.ResultSize, seed: 73, scale: 1f);
        float[] state = ModelCatalog.RandomInputs(blocks * lengths.Length * shape.HiddenSize, seed: 74, scale: 0.5f);
        int Offset(int block, int sequence, int maxBatch) => ((block * maxBatch) + sequence) * shape.HiddenSize;

        (float[] Outputs, float[] Gradients, float[] InputGradients, float[] StateGradient) Run(IBidirectionalTape tape, int maxBatch)
        {
            tape.Returns = returns;
            for (int block = 0; block < blocks; block++)
            {
                for (int sequence = 0; sequence < lengths.Length; sequence++)
                {
                    state.AsSpan(Offset(block, sequence, lengths.Length), shape.HiddenSize).CopyTo(tape.InitialState.Slice(Offset(block, sequence, maxBatch), shape.HiddenSize));
                }
            }

            var outputs = new float[outputGradients.Length];
            trainable.ForwardTraining(tape, inputs, lengths, outputs);
            var gradients = new float[trainable.ParameterCount];
            var inputGradients = new float[inputs.Length];
            trainable.Backward(tape, outputGradients, gradients, inputGradients);
            var stateGradient = new float[state.Length];
            for (int block = 0; block < blocks; block++)
            {
                for (int sequence = 0; sequence < lengths.Length; sequence++)
                {
                    tape.InitialStateGradient.Slice(Offset(block, sequence, maxBatch), shape.HiddenSize).CopyTo(stateGradient.AsSpan(Offset(block, sequence, lengths.Length), shape.HiddenSize));
                }
            }

            return (outputs, gradients, inputGradients, stateGradient);
        }

        var fresh = Run((IBidirectionalTape)trainable.CreateTape(12, lengths.Length), lengths.Length);
        var reused = (IBidirectionalTape)trainable.CreateTape(16, 6);
        float[] otherInputs = ModelCatalog.RandomInputs(6 * 16 * shape.InputSize, seed: 75);
        ModelCatalog.RandomInputs(reused.InitialState.Length, seed: 76).CopyTo(reused.InitialState);
        trainable.ForwardTraining(reused, otherInputs, [16, 3, 16, 9, 1, 16], new float[6 * 16 * shape.ResultSize]);
        trainable.Backward(reused, new float[6 * 16 * shape.ResultSize], new float[trainable.ParameterCount], default);
        var again = Run(reused, maxBatch: 6);

        Assert.Equal(fresh.Outputs, again.Outputs);
        Assert.Equal(fresh.Gradients, again.Gradients);
        Assert.Equal(fresh.InputGradients, again.InputGradients);
        Assert.Equal(fresh.StateGradient, again.StateGradient);
    }

    [Theory]
    [InlineData(SequenceOutputs.EveryStep)]
    [InlineData(SequenceOutputs.LastStep)]
    public void SequencePassesAndTrainingPassesAllocateNothingAfterTheFirst(SequenceOutputs returns)
    {
        var (shape, trainable, inference) = Create(nameof(BidirectionalModels.BiLstmHidden7), seed: 91);
        float[] inputs = ModelCatalog.RandomInputs(3 * 10 * shape.InputSize, seed: 92);
        var outputs = new float[3 * 10 * shape.ResultSize];
        var tape = (IBidirectionalTape)trainable.CreateTape(10, 3);
        tape.Returns = returns;
        var gradients = new float[trainable.ParameterCount];
        var inputGradients = new float[inputs.Length];
        int[] lengths = [10, 4, 7];
        void RunAll()
        {
            inference.Forward(inputs.AsSpan(0, 10 * shape.InputSize), outputs.AsSpan(0, returns == SequenceOutputs.EveryStep ? 10 * shape.ResultSize : shape.ResultSize), returns);
            trainable.ForwardTraining(tape, inputs, lengths, outputs);
            trainable.Backward(tape, outputs, gradients, inputGradients);
        }

        RunAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int pass = 0; pass < 20; pass++)
        {
            RunAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ReturnsRefusesAValueThatIsNeitherOutput()
    {
        var tape = (IBidirectionalTape)Create(nameof(BidirectionalModels.BiGruHidden1), seed: 81).Trainable.CreateTape(4, 2);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => tape.Returns = (SequenceOutputs)2);

        Assert.Contains("EveryStep or SequenceOutputs.LastStep", exception.Message);
        Assert.Equal(SequenceOutputs.EveryStep, tape.Returns);
    }

    [Fact]
    public void BackwardFollowsTheOutputsThePassRecordedWhateverReturnsSaysSince()
    {
        int[] lengths = { 9, 4 };
        var (shape, trainable, _) = Create(nameof(BidirectionalModels.BiLstmHidden7), seed: 61);
        float[] inputs = ModelCatalog.RandomInputs(lengths.Length * 9 * shape.InputSize, seed: 62);
        float[] outputGradients = ModelCatalog.RandomInputs(lengths.Length * 9 * shape.ResultSize, seed: 63, scale: 1f);
        float[] Gradients(bool changeReturnsBeforeBackward)
        {
            var tape = (IBidirectionalTape)trainable.CreateTape(9, lengths.Length);
            tape.Returns = SequenceOutputs.LastStep;
            trainable.ForwardTraining(tape, inputs, lengths, new float[outputGradients.Length]);
            if (changeReturnsBeforeBackward)
            {
                tape.Returns = SequenceOutputs.EveryStep;
            }

            var gradients = new float[trainable.ParameterCount];
            trainable.Backward(tape, outputGradients, gradients, default);
            return gradients;
        }

        Assert.Equal(Gradients(changeReturnsBeforeBackward: false), Gradients(changeReturnsBeforeBackward: true));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void CarryStateForwardTakesEachDirectionsFinalState(string network)
    {
        // PyTorch's h_n: the forward direction's state after the last valid step, the reverse direction's after step 0.
        int[] lengths = { 9, 4, 6 };
        var (shape, trainable, _) = Create(network, seed: 51);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 51);
        float[] inputs = ModelCatalog.RandomInputs(lengths.Length * 9 * shape.InputSize, seed: 52);
        ITrainingTape tape = trainable.CreateTape(9, lengths.Length);
        trainable.ForwardTraining(tape, inputs, lengths, new float[lengths.Length * 9 * shape.ResultSize]);
        tape.CarryStateForward();

        double[] expected = ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, lengths, new double[lengths.Length * 9 * shape.ResultSize]).FinalState;
        Tolerance.AssertClose(tape.InitialState, expected, shape.HiddenSize, $"{network} carried state");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainingOutputsOfEachSequenceAreItsForwardRunAlone(string network)
    {
        // Packed-sequence semantics: a sequence's reverse direction starts at its own last valid step, so its outputs
        // are what Forward gives on the sequence cut to its length; padded steps are zero.
        int[] lengths = { Steps, 7, 1, 13 };
        var (shape, trainable, inference) = Create(network, seed: 41);
        float[] inputs = ModelCatalog.RandomInputs(lengths.Length * Steps * shape.InputSize, seed: 42);
        ITrainingTape tape = trainable.CreateTape(Steps, lengths.Length);
        var outputs = new float[lengths.Length * Steps * shape.ResultSize];
        trainable.ForwardTraining(tape, inputs, lengths, outputs);

        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            int length = lengths[sequence];
            var alone = new float[length * shape.ResultSize];
            inference.Forward(inputs.AsSpan(sequence * Steps * shape.InputSize, length * shape.InputSize), alone);
            ReadOnlySpan<float> recorded = outputs.AsSpan(sequence * Steps * shape.ResultSize, Steps * shape.ResultSize);
            Tolerance.AssertClose(recorded[..alone.Length], alone.Select(value => (double)value).ToArray(), shape.ResultSize, $"{network} sequence {sequence}");
            Assert.All(recorded[alone.Length..].ToArray(), value => Assert.Equal(0f, value));
        }
    }

    private void CheckGradients(string network, int[] lengths, bool withInitialState)
    {
        var (shape, trainable, _) = Create(network, seed: 21);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 21);
        int batch = lengths.Length;
        int steps = lengths.Max();
        float[] inputs = ModelCatalog.RandomInputs(batch * steps * shape.InputSize, seed: 22);
        double[] outputGradients = ModelCatalog.RandomInputs(batch * steps * shape.ResultSize, seed: 23, scale: 1f).Select(value => (double)value).ToArray();

        // PyTorch's h0 (and c0): [Layers × 2, B, H].
        int stateLength = (shape.HasCellState ? 2 : 1) * shape.LayerCount * 2 * batch * shape.HiddenSize;
        float[]? initialState = withInitialState ? ModelCatalog.RandomInputs(stateLength, seed: 24, scale: 0.5f) : null;

        ITrainingTape tape = trainable.CreateTape(steps, batch);
        initialState?.CopyTo(tape.InitialState);
        var outputs = new float[batch * steps * shape.ResultSize];
        trainable.ForwardTraining(tape, inputs, lengths, outputs);
        var parameterGradients = new float[trainable.ParameterCount];
        var inputGradients = new float[inputs.Length];
        trainable.Backward(tape, outputGradients.Select(value => (float)value).ToArray(), parameterGradients, inputGradients);

        ReferenceGradients expected = ReferenceBidirectionalBackward.Compute(
            shape, parameters, inputs, lengths, outputGradients, initialState?.Select(value => (double)value).ToArray());

        Tolerance.AssertClose(outputs, expected.Outputs, shape.ResultSize, $"{network} training outputs");
        double worst = GradientConformanceTests.AssertGradientsClose(trainable, parameterGradients, inputGradients, tape, expected, network);
        output.WriteLine($"{network} batch {batch} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} (of the allowed 1e-6 + 1e-4·|expected|)");
    }

    private static (NetworkShape Shape, ITrainableNetwork Trainable, IBidirectionalNetwork Inference) Create(string network, int seed)
    {
        Type type = BidirectionalConformanceTests.All.Single(candidate => candidate.Name == network);
        NetworkShape shape = ModelCatalog.ShapeOf(type);
        var generated = Activator.CreateInstance(type)!;
        foreach (var (name, values) in ModelCatalog.RandomParameters(shape, seed))
        {
            ((IRecurrentNetwork)generated).SetParameter(name, values);
        }

        return (shape, (ITrainableNetwork)generated, (IBidirectionalNetwork)generated);
    }
}
