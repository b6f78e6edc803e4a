using System;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

/// <summary>The stand-in network's gradients are exact, so that trainer tests built on it mean something.</summary>
[Trait("Category", "Numeric")]
public sealed class TinyRecurrentNetworkTests
{
    // Central differences of a float network with step 1e-2: truncation about 1e-5, rounding about 1e-5.
    private const float Step = 1e-2f;
    private const double Tolerance = 2e-4;

    private static readonly int[] Lengths = [4, 2, 3];
    private const int Steps = 4;

    [Fact]
    public void BackwardMatchesCentralDifferencesForParametersInputsAndInitialState()
    {
        var network = new TinyRecurrentNetwork(inputSize: 2, hiddenSize: 3, outputSize: 2);
        network.InitializeParameters(seed: 5);
        ITrainingTape tape = network.CreateTape(Steps, Lengths.Length);
        float[] inputs = Random(Lengths.Length * Steps * 2, seed: 6);
        float[] targets = Random(Lengths.Length * Steps * 2, seed: 7);
        float[] initialState = Random(Lengths.Length * 3, seed: 8);

        double Loss()
        {
            initialState.CopyTo(tape.InitialState);
            float[] outputs = new float[targets.Length];
            network.ForwardTraining(tape, inputs, Lengths, outputs);
            return MeanSquaredError.EveryStep.Evaluate(outputs, 2, Lengths, targets, default).Mean;
        }

        initialState.CopyTo(tape.InitialState);
        float[] outputs = new float[targets.Length];
        network.ForwardTraining(tape, inputs, Lengths, outputs);
        float[] outputGradients = new float[outputs.Length];
        MeanSquaredError.EveryStep.Evaluate(outputs, 2, Lengths, targets, outputGradients);
        float[] parameterGradients = new float[network.ParameterCount];
        float[] inputGradients = new float[inputs.Length];
        network.Backward(tape, outputGradients, parameterGradients, inputGradients);
        float[] initialStateGradient = tape.InitialStateGradient.Slice(0, initialState.Length).ToArray();

        CheckAgainstDifferences(network.ParameterValues.ToArray(), parameterGradients, values => values.CopyTo(network.ParameterValues), Loss, "parameter");
        CheckAgainstDifferences(inputs, inputGradients, values => values.CopyTo(inputs, 0), Loss, "input");
        CheckAgainstDifferences(initialState, initialStateGradient, values => values.CopyTo(initialState, 0), Loss, "initial state");
    }

    private static void CheckAgainstDifferences(float[] point, float[] gradients, Action<float[]> set, Func<double> loss, string what)
    {
        float[] values = (float[])point.Clone();
        for (int i = 0; i < values.Length; i++)
        {
            float saved = values[i];
            values[i] = saved + Step;
            set(values);
            double above = loss();
            values[i] = saved - Step;
            set(values);
            double below = loss();
            values[i] = saved;
            set(values);
            double expected = (above - below) / (2 * Step);
            Assert.True(Math.Abs(gradients[i] - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what} {i}: {gradients[i]:R} vs {expected:R}");
        }
    }

    private static float[] Random(int count, int seed)
    {
        float[] values = new float[count];
        new ParameterRandom(seed).FillUniform(values, 1);
        return values;
    }
}
