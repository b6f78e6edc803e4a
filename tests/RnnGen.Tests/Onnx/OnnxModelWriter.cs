using System;
using System.Collections.Generic;
using RnnGen.Tests.Weights;

namespace RnnGen.Tests.Onnx;

/// <summary>
/// Writes a one-node ONNX model (an <c>RNN</c>, <c>LSTM</c> or <c>GRU</c> operator) for one PyTorch
/// layer, with <see cref="OnnxGraphBuilder"/> (which writes the ONNX messages field by field, so the tests
/// depend on no generated ONNX code).
/// </summary>
/// <remarks>
/// The model has one input <c>X</c> [steps, 1, inputSize], with the number of steps left symbolic, and
/// one output <c>Y</c> [steps, 1, 1, hiddenSize]; the weights are packed <c>float_data</c> lists.
/// </remarks>
public static class OnnxModelWriter
{
    /// <summary>The input's name in the written graph.</summary>
    public const string InputName = "X";

    /// <summary>The output's name in the written graph.</summary>
    public const string OutputName = "Y";

    private const long OpsetVersion = 14;

    /// <summary>Builds the model of one layer from its PyTorch parameters.</summary>
    /// <param name="cell">The layer's cell.</param>
    /// <param name="nonlinearity">For <see cref="CellType.Rnn"/>, Tanh or Relu; ignored otherwise.</param>
    /// <param name="inputSize">The number of features of one input step.</param>
    /// <param name="hiddenSize">The number of hidden units.</param>
    /// <param name="weightIh">PyTorch's <c>weight_ih_l{k}</c>, [G·H, inputSize].</param>
    /// <param name="weightHh">PyTorch's <c>weight_hh_l{k}</c>, [G·H, H].</param>
    /// <param name="biasIh">PyTorch's <c>bias_ih_l{k}</c>, [G·H].</param>
    /// <param name="biasHh">PyTorch's <c>bias_hh_l{k}</c>, [G·H].</param>
    /// <returns>The serialized <c>ModelProto</c>.</returns>
    public static byte[] WriteLayer(
        CellType cell,
        Activation nonlinearity,
        int inputSize,
        int hiddenSize,
        float[] weightIh,
        float[] weightHh,
        float[] biasIh,
        float[] biasHh)
    {
        int gateRows = OnnxGateOrder.Gates(cell) * hiddenSize;
        RequireLength(weightIh, gateRows * inputSize, nameof(weightIh));
        RequireLength(weightHh, gateRows * hiddenSize, nameof(weightHh));
        RequireLength(biasIh, gateRows, nameof(biasIh));
        RequireLength(biasHh, gateRows, nameof(biasHh));

        float[] w = OnnxGateOrder.FromPyTorch(cell, weightIh, hiddenSize * inputSize);
        float[] r = OnnxGateOrder.FromPyTorch(cell, weightHh, hiddenSize * hiddenSize);
        float[] b = [.. OnnxGateOrder.FromPyTorch(cell, biasIh, hiddenSize), .. OnnxGateOrder.FromPyTorch(cell, biasHh, hiddenSize)];

        string activation = cell != CellType.Rnn ? string.Empty : nonlinearity switch
        {
            Activation.Tanh => "Tanh",
            Activation.Relu => "Relu",
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "An RNN takes Tanh or Relu."),
        };

        var graph = new OnnxGraphBuilder();
        graph.AddInput(InputName, "steps", 1, inputSize);
        graph.AddOutput(OutputName);
        graph.AddFloatInitializer("W", [1, gateRows, inputSize], w, OnnxStorage.TypedData);
        graph.AddFloatInitializer("R", [1, gateRows, hiddenSize], r, OnnxStorage.TypedData);
        graph.AddFloatInitializer("B", [1, 2 * gateRows], b, OnnxStorage.TypedData);
        var attributes = new List<byte[]> { OnnxGraphBuilder.IntAttribute("hidden_size", hiddenSize) };
        if (cell == CellType.Gru)
        {
            attributes.Add(OnnxGraphBuilder.IntAttribute("linear_before_reset", 1));
        }

        if (cell == CellType.Rnn)
        {
            attributes.Add(OnnxGraphBuilder.StringsAttribute("activations", activation));
        }

        graph.AddNode(cell switch { CellType.Rnn => "RNN", CellType.Lstm => "LSTM", _ => "GRU" }, "layer", [InputName, "W", "R", "B"], [OutputName], [.. attributes]);
        return graph.ToModel(OpsetVersion);
    }

    private static void RequireLength(float[] values, int length, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        if (values.Length != length)
        {
            throw new ArgumentException($"Expected {length} values, got {values.Length}.", parameterName);
        }
    }
}
