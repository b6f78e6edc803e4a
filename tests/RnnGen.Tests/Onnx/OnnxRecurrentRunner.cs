using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Onnx;

/// <summary>
/// Runs PyTorch-layout recurrent layers through ONNX Runtime's own RNN, LSTM and GRU kernels, an
/// implementation independent of both RnnGen and <see cref="ReferenceNetwork"/>.
/// </summary>
public static class OnnxRecurrentRunner
{
    /// <summary>Runs one layer over a batch of one sequence from a zero state.</summary>
    /// <param name="cell">The layer's cell.</param>
    /// <param name="nonlinearity">For <see cref="CellType.Rnn"/>, Tanh or Relu; ignored otherwise.</param>
    /// <param name="inputSize">The number of features of one input step.</param>
    /// <param name="hiddenSize">The number of hidden units.</param>
    /// <param name="weightIh">PyTorch's <c>weight_ih_l{k}</c>, [G·H, inputSize].</param>
    /// <param name="weightHh">PyTorch's <c>weight_hh_l{k}</c>, [G·H, H].</param>
    /// <param name="biasIh">PyTorch's <c>bias_ih_l{k}</c>, [G·H].</param>
    /// <param name="biasHh">PyTorch's <c>bias_hh_l{k}</c>, [G·H].</param>
    /// <param name="inputs">The input sequence, [steps, inputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <returns>Every step's h, [steps, hiddenSize] row-major.</returns>
    public static float[] RunLayer(
        CellType cell,
        Activation nonlinearity,
        int inputSize,
        int hiddenSize,
        float[] weightIh,
        float[] weightHh,
        float[] biasIh,
        float[] biasHh,
        float[] inputs,
        int steps)
    {
        byte[] model = OnnxModelWriter.WriteLayer(
            cell, nonlinearity, inputSize, hiddenSize, weightIh, weightHh, biasIh, biasHh);
        return Run(model, inputSize, inputs, steps);
    }

    /// <summary>Runs one model of <see cref="OnnxModelWriter"/> over a batch of one sequence from a zero state, and returns <c>Y</c>'s data.</summary>
    private static float[] Run(byte[] model, int inputSize, float[] inputs, int steps)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (inputs.Length != steps * inputSize)
        {
            throw new ArgumentException(
                $"{steps} steps of {inputSize} features need {steps * inputSize} inputs, not {inputs.Length}.",
                nameof(inputs));
        }

        // One thread keeps ORT's summation order, and so its result, the same from run to run.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var x = OrtValue.CreateTensorValueFromMemory(inputs, [steps, 1, inputSize]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(
            runOptions, [OnnxModelWriter.InputName], [x], [OnnxModelWriter.OutputName]);

        // Y is [steps, num_directions, batch = 1, hiddenSize], so its data is already [steps, num_directions · hiddenSize]:
        // at each step the forward h, then (bidirectional) the reverse h.
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// Runs every layer of <paramref name="shape"/> in turn, layer k's h sequence feeding layer k+1,
    /// one ONNX node per layer (<c>direction="bidirectional"</c> when the shape is), each of its own cell and sizes,
    /// and returns the last layer's h sequence, [steps, its hidden size × directions] row-major; any head is not applied.
    /// </summary>
    public static float[] RunStack(NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters, float[] inputs, int steps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        float[] sequence = inputs;
        for (int layer = 0; layer < shape.LayerCount; layer++)
        {
            LayerShape layerShape = shape.Layer(layer);
            if (shape.Bidirectional)
            {
                LayerDirection Direction(string suffix) =>
                    new(parameters[$"weight_ih_{suffix}"], parameters[$"weight_hh_{suffix}"], parameters[$"bias_ih_{suffix}"], parameters[$"bias_hh_{suffix}"]);
                byte[] model = OnnxModelWriter.WriteBidirectionalLayer(
                    layerShape.Cell, layerShape.Nonlinearity, layerShape.InputSize, layerShape.HiddenSize, Direction($"l{layer}"), Direction($"l{layer}_reverse"));
                sequence = Run(model, layerShape.InputSize, sequence, steps);
                continue;
            }

            sequence = RunLayer(
                layerShape.Cell,
                layerShape.Nonlinearity,
                layerShape.InputSize,
                layerShape.HiddenSize,
                parameters[$"weight_ih_l{layer}"],
                parameters[$"weight_hh_l{layer}"],
                parameters[$"bias_ih_l{layer}"],
                parameters[$"bias_hh_l{layer}"],
                sequence,
                steps);
        }

        return sequence;
    }
}
