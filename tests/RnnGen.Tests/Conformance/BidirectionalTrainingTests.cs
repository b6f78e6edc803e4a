using System;
using System.Linq;
using RnnGen.Tests.Reference;
using RnnGen.Training;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The generated training passes of every bidirectional network in its table: the recording forward pass against the
/// sequence pass, which ONNX Runtime and the reference check, and the backward pass against the double-precision
/// reference. CI runs this class once per instruction-set path.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class BidirectionalTrainingTests
{
    private const int Steps = 20;

    public static TheoryData<string> Networks => BidirectionalConformanceTests.Networks;

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
