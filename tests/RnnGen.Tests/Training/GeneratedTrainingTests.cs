using System;
using System.Linq;
using RnnGen.Tests.Api;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

/// <summary>What the generated training passes promise beyond their numbers: no allocation, and determinism.</summary>
public sealed class GeneratedTrainingTests
{
    [Fact]
    public void TrainingPassesAllocateNothingAfterTheTapeExists()
    {
        var network = new Detector();
        network.InitializeParameters(seed: 1);
        var tape = new Detector.Tape(maxSequenceLength: 20, maxBatchSize: 4);
        var gradients = new Detector.Gradients();
        int[] lengths = { 20, 7, 13 };
        float[] inputs = Conformance.ModelCatalog.RandomInputs(3 * 20 * Detector.InputSize, seed: 2);
        var outputs = new float[3 * 20 * Detector.OutputSize];
        var inputGradients = new float[inputs.Length];
        network.ForwardTraining(tape, inputs, lengths, outputs);
        network.Backward(tape, outputs, gradients, inputGradients);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            network.ForwardTraining(tape, inputs, lengths, outputs);
            gradients.Clear();
            network.Backward(tape, outputs, gradients, inputGradients);
            network.ParametersChanged();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void SameSeedTrainsToBitIdenticalParameters()
    {
        float[] first = Train();
        float[] second = Train();

        Assert.Equal(first, second);
        Assert.NotEqual(InitialParameters(), first);
    }

    [Fact]
    public void GradientsAreReadByPyTorchName()
    {
        var network = new SmallGru();
        network.InitializeParameters(seed: 3);
        var tape = new SmallGru.Tape(5, 1);
        var outputs = new float[5 * SmallGru.OutputSize];
        network.ForwardTraining(tape, Enumerable.Repeat(0.5f, 5 * SmallGru.InputSize).ToArray(), new[] { 5 }, outputs);
        var gradients = new SmallGru.Gradients();
        network.Backward(tape, Enumerable.Repeat(1f, outputs.Length).ToArray(), gradients);

        var byName = new float[15 * 5];
        gradients.GetGradient("weight_hh_l1", byName);
        int offset = SmallGru.ParameterNames.TakeWhile(name => name != "weight_hh_l1").Sum(name => SmallGru.ParameterShape(name).Aggregate(1, (a, b) => a * b));
        Assert.Equal(gradients.Values.Slice(offset, byName.Length).ToArray(), byName);
        Assert.Throws<ArgumentException>(() => gradients.GetGradient("weight_hh_l1", new float[3]));
    }

    [Fact]
    public void BackwardWithoutARecordedPassSaysSo()
    {
        var network = new SmallGru();
        var tape = new SmallGru.Tape(5, 1);
        Assert.Throws<InvalidOperationException>(() => network.Backward(tape, new float[5], new SmallGru.Gradients()));
    }

    [Fact]
    public void ForwardTrainingChecksTheBatchAgainstTheTape()
    {
        var network = new SmallGru();
        var tape = new SmallGru.Tape(5, 2);
        var exception = Assert.Throws<ArgumentException>(() => network.ForwardTraining(tape, new float[6 * 2], new[] { 6 }, new float[6 * 5]));
        Assert.Contains("1 to 5 steps", exception.Message);
        Assert.Throws<ArgumentException>(() => network.ForwardTraining(tape, new float[3 * 2 * 3], new[] { 2, 2, 2 }, new float[3 * 2 * 5]));
        Assert.Throws<ArgumentException>(() => network.ForwardTraining(tape, new float[7], new[] { 4 }, new float[4 * 5]));
    }

    private static float[] Train()
    {
        var data = TrainingTasks.Waveforms(sequences: 64, seed: 4);
        var network = new WaveformGru();
        network.InitializeParameters(seed: 5);
        var trainer = new Trainer<int>(network, new Adam(WaveformGru.ParameterCount, learningRate: 1e-2), SoftmaxCrossEntropy.LastStep, new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = 6, MaxGradientNorm = 1f });
        trainer.Fit(data);
        return network.ParameterValues.ToArray();
    }

    private static float[] InitialParameters()
    {
        var network = new WaveformGru();
        network.InitializeParameters(seed: 5);
        return network.ParameterValues.ToArray();
    }
}
