using System;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.Models;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Api;

/// <summary>
/// <c>Forward(..., SequenceOutputs.LastStep)</c>, Keras' <c>return_sequences=False</c>: the last step's
/// output of the reference, the same final state as every step's call, and shapes checked.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class SequenceOutputsTests
{
    private const int Steps = 23;

    [Fact]
    public void LastStepIsTheReferencesLastOutputAndLeavesTheSameState()
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(LstmHidden16));
        var parameters = ModelCatalog.RandomParameters(shape, seed: 1);
        var network = ModelCatalog.CreateWith<LstmHidden16>(parameters);
        float[] inputs = ModelCatalog.RandomInputs(Steps * LstmHidden16.InputSize, seed: 2);

        var last = new float[LstmHidden16.OutputSize];
        LstmHidden16.State lastState = default;
        network.Forward(inputs, ref lastState, last, SequenceOutputs.LastStep);
        var every = new float[Steps * LstmHidden16.OutputSize];
        LstmHidden16.State everyState = default;
        network.Forward(inputs, ref everyState, every, SequenceOutputs.EveryStep);

        double[] expected = new ReferenceNetwork(shape, parameters).Forward(inputs, Steps);
        Tolerance.AssertClose(last, expected.AsSpan((Steps - 1) * LstmHidden16.OutputSize), LstmHidden16.OutputSize, "last step");
        Assert.Equal(every.AsSpan((Steps - 1) * LstmHidden16.OutputSize).ToArray(), last);
        for (int layer = 0; layer < LstmHidden16.Layers; layer++)
        {
            Assert.Equal(everyState.Hidden(layer).ToArray(), lastState.Hidden(layer).ToArray());
            Assert.Equal(everyState.Cell(layer).ToArray(), lastState.Cell(layer).ToArray());
        }
    }

    [Fact]
    public void LastStepWantsOneOutputRowAndAtLeastOneStep()
    {
        var network = new GruHidden7();
        GruHidden7.State state = default;

        var tooLong = Assert.Throws<ArgumentException>(() => network.Forward(new float[2 * GruHidden7.InputSize], ref state, new float[2 * GruHidden7.OutputSize], SequenceOutputs.LastStep));
        Assert.Equal("outputs must have 17 values ([OutputSize], the last step's output), but has 34. (Parameter 'outputs')", tooLong.Message);
        var empty = Assert.Throws<ArgumentException>(() => network.Forward(ReadOnlySpan<float>.Empty, ref state, new float[GruHidden7.OutputSize], SequenceOutputs.LastStep));
        Assert.Contains("at least one whole step", empty.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward(new float[GruHidden7.InputSize], ref state, new float[GruHidden7.OutputSize], (SequenceOutputs)2));
    }
}
