using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Dropout.Models;
using RnnGen.Tests.Reference;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Dropout;

/// <summary>
/// Dropout between stacked layers: off at inference, and in training the outputs and every gradient
/// agree with the double-precision reference given the same masks; the masks drop about p of the units,
/// scale the rest by 1/(1 − p), and follow from the seed and pass alone.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class DropoutTests(ITestOutputHelper output)
{
    private const int Steps = 30;

    public static TheoryData<string> Networks => new() { nameof(DropoutLstm), nameof(DropoutGru), nameof(DropoutRnn), nameof(DropoutStack), nameof(DropoutBiLstm), nameof(DropoutBiGru) };

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainingWithDropoutAgreesWithReferenceGivenTheSameMasks(string networkName)
    {
        Type type = typeof(DropoutTests).Assembly.GetType($"RnnGen.Tests.Dropout.Models.{networkName}")!;
        NetworkShape shape = ModelCatalog.ShapeOf(type);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 1);
        var network = (ITrainableNetwork)Activator.CreateInstance(type)!;
        foreach (var (name, values) in parameters)
        {
            network.SetParameter(name, values);
        }

        int[] lengths = { Steps, 11, 1, 24 };
        int batch = lengths.Length;
        float[] inputs = ModelCatalog.RandomInputs(batch * Steps * shape.InputSize, seed: 2);
        double[] outputGradients = ModelCatalog.RandomInputs(batch * Steps * shape.ResultSize, seed: 3, scale: 1f).Select(value => (double)value).ToArray();
        var tape = (IDropoutTape)network.CreateTape(Steps, batch);
        tape.DropoutSeed = 4;
        var outputs = new float[batch * Steps * shape.ResultSize];
        network.ForwardTraining(tape, inputs, lengths, outputs);
        var gradients = new float[network.ParameterCount];
        var inputGradients = new float[inputs.Length];
        network.Backward(tape, outputGradients.Select(value => (float)value).ToArray(), gradients, inputGradients);

        float[][] masks = Enumerable.Range(0, shape.LayerCount - 1).Select(layer => MaskOf(tape, layer)).ToArray();
        // A layer's output, which its mask covers: its h, or both directions' h side by side.
        double Mask(int layer, int sequence, int step, int unit) => masks[layer][(((step * batch) + sequence) * shape.Directions * shape.Layer(layer).HiddenSize) + unit];
        ReferenceGradients expected = Reference(shape, parameters, inputs, lengths, outputGradients, Mask);

        Tolerance.AssertClose(outputs, expected.Outputs, shape.ResultSize, $"{networkName} training outputs");
        double worst = GradientConformanceTests.AssertGradientsClose(network, gradients, inputGradients, tape, expected, networkName);

        // The masks mattered: without them the reference's outputs differ.
        ReferenceGradients undropped = Reference(shape, parameters, inputs, lengths, outputGradients, dropoutMask: null);
        Assert.Contains(Enumerable.Range(0, outputs.Length), index => Math.Abs(undropped.Outputs[index] - outputs[index]) > 1e-3);
        output.WriteLine($"{networkName} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} of the allowed");
    }

    [Fact]
    public void MasksDropAboutPOfTheUnitsAndScaleTheRest()
    {
        var network = new DropoutGru();
        network.InitializeParameters(seed: 5);
        var tape = new DropoutGru.Tape(200, 50);
        int[] lengths = Enumerable.Repeat(200, 50).ToArray();
        network.ForwardTraining(tape, new float[50 * 200 * DropoutGru.InputSize], lengths, new float[50 * 200 * DropoutGru.OutputSize]);

        float[] mask = tape.DropoutMask(0).ToArray();
        Assert.Equal(200 * 50 * DropoutGru.HiddenSize, mask.Length);
        Assert.All(mask, value => Assert.True(value == 0f || value == 1f / (1f - DropoutGru.Dropout), $"mask value {value}"));

        // 90,000 draws at p = 0.5: the dropped share is within 0.01 of p with overwhelming probability.
        double dropped = mask.Count(value => value == 0f) / (double)mask.Length;
        output.WriteLine($"dropped {dropped:P2} of {mask.Length} units at p = {DropoutGru.Dropout}");
        Assert.InRange(dropped, DropoutGru.Dropout - 0.01, DropoutGru.Dropout + 0.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => tape.DropoutMask(1));
    }

    [Fact]
    public void TheSameSeedAndPassGiveTheSameMasksAndAnotherSeedOthers()
    {
        var network = new DropoutLstm();
        network.InitializeParameters(seed: 6);
        float[] inputs = ModelCatalog.RandomInputs(2 * 8 * DropoutLstm.InputSize, seed: 7);

        (float[] Mask, float[] Outputs) Run(int seed, long pass)
        {
            var tape = new DropoutLstm.Tape(8, 2) { DropoutSeed = seed, DropoutPass = pass };
            var outputs = new float[2 * 8 * DropoutLstm.OutputSize];
            network.ForwardTraining(tape, inputs, [8, 8], outputs);
            Assert.Equal(pass + 1, tape.DropoutPass);
            return (tape.DropoutMask(0).ToArray().Concat(tape.DropoutMask(1).ToArray()).ToArray(), outputs);
        }

        var first = Run(seed: 1, pass: 0);
        var again = Run(seed: 1, pass: 0);
        Assert.Equal(first.Mask, again.Mask);
        Assert.Equal(first.Outputs, again.Outputs);
        Assert.NotEqual(first.Mask, Run(seed: 2, pass: 0).Mask);
        Assert.NotEqual(first.Mask, Run(seed: 1, pass: 1).Mask);
    }

    [Fact]
    public void InferenceAndTrainingWithDropoutOffComputeWhatTheNetworkWithoutDropoutComputes()
    {
        var withDropout = new DropoutGru();
        withDropout.InitializeParameters(seed: 8);
        var plain = new PlainGru();
        plain.InitializeParameters(seed: 8);
        float[] inputs = ModelCatalog.RandomInputs(12 * DropoutGru.InputSize, seed: 9);

        var expected = new float[12 * DropoutGru.OutputSize];
        var actual = new float[expected.Length];
        PlainGru.State plainState = default;
        DropoutGru.State dropoutState = default;
        plain.Forward(inputs, ref plainState, expected);
        withDropout.Forward(inputs, ref dropoutState, actual);
        Assert.Equal(expected, actual);

        var plainTape = new PlainGru.Tape(12, 1);
        var tape = new DropoutGru.Tape(12, 1) { DropoutEnabled = false };
        plain.ForwardTraining(plainTape, inputs, [12], expected);
        withDropout.ForwardTraining(tape, inputs, [12], actual);
        Assert.Equal(expected, actual);
        Assert.All(tape.DropoutMask(0).ToArray(), value => Assert.Equal(1f, value));
        Assert.Equal(0, tape.DropoutPass);
    }

    private static ReferenceGradients Reference(
        NetworkShape shape, Dictionary<string, float[]> parameters, float[] inputs, int[] lengths, double[] outputGradients, Func<int, int, int, int, double>? dropoutMask) =>
        shape.Bidirectional
            ? ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, lengths, outputGradients, dropoutMask: dropoutMask)
            : ReferenceBackward.Compute(shape, parameters, inputs, lengths, outputGradients, dropoutMask: dropoutMask);

    private static float[] MaskOf(IDropoutTape tape, int layer) => tape switch
    {
        DropoutBiLstm.Tape biLstm => biLstm.DropoutMask(layer).ToArray(),
        DropoutBiGru.Tape biGru => biGru.DropoutMask(layer).ToArray(),
        DropoutLstm.Tape lstm => lstm.DropoutMask(layer).ToArray(),
        DropoutGru.Tape gru => gru.DropoutMask(layer).ToArray(),
        DropoutRnn.Tape rnn => rnn.DropoutMask(layer).ToArray(),
        DropoutStack.Tape stack => stack.DropoutMask(layer).ToArray(),
        _ => throw new ArgumentException("not a dropout model of these tests", nameof(tape)),
    };
}
