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
        float[] biasHh) =>
        Write(cell, nonlinearity, inputSize, hiddenSize, [new LayerDirection(weightIh, weightHh, biasIh, biasHh)]);

    /// <summary>
    /// Builds the model of one bidirectional layer (<c>direction="bidirectional"</c>) from its PyTorch parameters:
    /// <paramref name="forward"/> from <c>*_l{k}</c>, <paramref name="reverse"/> from <c>*_l{k}_reverse</c>. Its output
    /// <c>Y</c> is [steps, 2, 1, hiddenSize]: at each step the forward h, then the reverse h.
    /// </summary>
    public static byte[] WriteBidirectionalLayer(CellType cell, Activation nonlinearity, int inputSize, int hiddenSize, LayerDirection forward, LayerDirection reverse) =>
        Write(cell, nonlinearity, inputSize, hiddenSize, [forward, reverse]);

    private static byte[] Write(CellType cell, Activation nonlinearity, int inputSize, int hiddenSize, LayerDirection[] directions)
    {
        int gateRows = OnnxGateOrder.Gates(cell) * hiddenSize;
        var w = new List<float>();
        var r = new List<float>();
        var b = new List<float>();
        foreach (LayerDirection direction in directions)
        {
            RequireLength(direction.WeightIh, gateRows * inputSize, nameof(direction.WeightIh));
            RequireLength(direction.WeightHh, gateRows * hiddenSize, nameof(direction.WeightHh));
            RequireLength(direction.BiasIh, gateRows, nameof(direction.BiasIh));
            RequireLength(direction.BiasHh, gateRows, nameof(direction.BiasHh));

            // ONNX stacks the directions on W, R and B's first axis, each in ONNX's gate order.
            w.AddRange(OnnxGateOrder.FromPyTorch(cell, direction.WeightIh, hiddenSize * inputSize));
            r.AddRange(OnnxGateOrder.FromPyTorch(cell, direction.WeightHh, hiddenSize * hiddenSize));
            b.AddRange(OnnxGateOrder.FromPyTorch(cell, direction.BiasIh, hiddenSize));
            b.AddRange(OnnxGateOrder.FromPyTorch(cell, direction.BiasHh, hiddenSize));
        }

        string activation = cell != CellType.Rnn ? string.Empty : nonlinearity switch
        {
            Activation.Tanh => "Tanh",
            Activation.Relu => "Relu",
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "An RNN takes Tanh or Relu."),
        };

        int count = directions.Length;
        var graph = new OnnxGraphBuilder();
        graph.AddInput(InputName, "steps", 1, inputSize);
        graph.AddOutput(OutputName);
        graph.AddFloatInitializer("W", [count, gateRows, inputSize], [.. w], OnnxStorage.TypedData);
        graph.AddFloatInitializer("R", [count, gateRows, hiddenSize], [.. r], OnnxStorage.TypedData);
        graph.AddFloatInitializer("B", [count, 2 * gateRows], [.. b], OnnxStorage.TypedData);
        var attributes = new List<byte[]> { OnnxGraphBuilder.IntAttribute("hidden_size", hiddenSize) };
        if (count == 2)
        {
            attributes.Add(OnnxGraphBuilder.StringAttribute("direction", "bidirectional"));
        }

        if (cell == CellType.Gru)
        {
            attributes.Add(OnnxGraphBuilder.IntAttribute("linear_before_reset", 1));
        }

        if (cell == CellType.Rnn)
        {
            // One activation per direction.
            attributes.Add(OnnxGraphBuilder.StringsAttribute("activations", [.. System.Linq.Enumerable.Repeat(activation, count)]));
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

/// <summary>One direction of a PyTorch layer: <c>weight_ih</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c> in PyTorch's layout and gate order.</summary>
public sealed record LayerDirection(float[] WeightIh, float[] WeightHh, float[] BiasIh, float[] BiasHh);
