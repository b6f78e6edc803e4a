using System;
using System.Collections.Generic;
using RnnGen.Tests.Onnx;
using RnnGen.Tests.Weights;

namespace RnnGen.Bench;

/// <summary>
/// Writes a network as an ONNX graph of ONNX's own RNN, LSTM and GRU operators, one node per layer
/// (plus Squeeze between layers and MatMul + Add for a head), with every layer's state as a graph input
/// and output so that a caller can feed it back step by step.
/// </summary>
/// <remarks>The protobuf and the gate order come from the tests' <see cref="OnnxGraphBuilder"/> and <see cref="OnnxGateOrder"/>, compiled into the bench too.</remarks>
public static class OnnxNetworkWriter
{
    public const string InputName = "X";

    public const string OutputName = "out";

    public static string InitialHidden(int layer) => $"initial_h_{layer}";

    public static string InitialCell(int layer) => $"initial_c_{layer}";

    public static string FinalHidden(int layer) => $"Y_h_{layer}";

    public static string FinalCell(int layer) => $"Y_c_{layer}";

    /// <summary>The model: X [T, B, I] and each layer's state [1, B, H] in; out [T, B, O] and each layer's final state out.</summary>
    /// <param name="batch">B: the independent sequences (streams) each run steps together.</param>
    public static byte[] Write(NetworkWeights weights, int batch = 1)
    {
        int hidden = weights.HiddenSize;
        bool lstm = weights.Cell == CellType.Lstm;
        var graph = new OnnxGraphBuilder();
        graph.AddInput(InputName, "T", batch, weights.InputSize);
        graph.AddOutput(OutputName);
        graph.AddInt64Initializer("squeeze_axes", 1);
        string x = InputName;
        for (int layer = 0; layer < weights.Layers; layer++)
        {
            LayerWeights layerWeights = LayerWeights.Of(weights)[layer];
            int inputSize = weights.LayerInputSize(layer);
            int gateRows = OnnxGateOrder.Gates(weights.Cell) * hidden;
            graph.AddFloatInitializer($"W_{layer}", [1, gateRows, inputSize], OnnxGateOrder.FromPyTorch(weights.Cell, layerWeights.WeightIh, hidden * inputSize), OnnxStorage.RawData);
            graph.AddFloatInitializer($"R_{layer}", [1, gateRows, hidden], OnnxGateOrder.FromPyTorch(weights.Cell, layerWeights.WeightHh, hidden * hidden), OnnxStorage.RawData);
            graph.AddFloatInitializer($"B_{layer}", [1, 2 * gateRows], [.. OnnxGateOrder.FromPyTorch(weights.Cell, layerWeights.BiasIh, hidden), .. OnnxGateOrder.FromPyTorch(weights.Cell, layerWeights.BiasHh, hidden)], OnnxStorage.RawData);
            graph.AddInput(InitialHidden(layer), 1, batch, hidden);
            graph.AddOutput(FinalHidden(layer));
            var nodeInputs = new List<string> { x, $"W_{layer}", $"R_{layer}", $"B_{layer}", string.Empty, InitialHidden(layer) };
            var nodeOutputs = new List<string> { $"Y_{layer}", FinalHidden(layer) };
            if (lstm)
            {
                nodeInputs.Add(InitialCell(layer));
                nodeOutputs.Add(FinalCell(layer));
                graph.AddInput(InitialCell(layer), 1, batch, hidden);
                graph.AddOutput(FinalCell(layer));
            }

            var attributes = new List<byte[]> { OnnxGraphBuilder.IntAttribute("hidden_size", hidden) };
            if (weights.Cell == CellType.Gru)
            {
                attributes.Add(OnnxGraphBuilder.IntAttribute("linear_before_reset", 1));
            }

            if (weights.Cell == CellType.Rnn)
            {
                attributes.Add(OnnxGraphBuilder.StringsAttribute("activations", "Tanh"));
            }

            string operatorType = weights.Cell switch { CellType.Rnn => "RNN", CellType.Lstm => "LSTM", _ => "GRU" };
            graph.AddNode(operatorType, $"layer_{layer}", [.. nodeInputs], [.. nodeOutputs], [.. attributes]);

            // Y is [T, directions = 1, B, H]; the next layer, and the output, want [T, B, H].
            x = weights.HasHead || layer + 1 < weights.Layers ? $"X_{layer + 1}" : OutputName;
            graph.AddNode("Squeeze", $"squeeze_{layer}", [$"Y_{layer}", "squeeze_axes"], [x]);
        }

        if (weights.HasHead)
        {
            float[] headWeight = weights.Parameters["head.weight"];
            var transposed = new float[headWeight.Length];
            for (int row = 0; row < weights.OutputSize; row++)
            {
                for (int column = 0; column < hidden; column++)
                {
                    transposed[(column * weights.OutputSize) + row] = headWeight[(row * hidden) + column];
                }
            }

            graph.AddFloatInitializer("head_weight", [hidden, weights.OutputSize], transposed, OnnxStorage.RawData);
            graph.AddFloatInitializer("head_bias", [weights.OutputSize], weights.Parameters["head.bias"], OnnxStorage.RawData);
            graph.AddNode("MatMul", "head_product", [x, "head_weight"], ["head_product"]);
            graph.AddNode("Add", "head_add", ["head_product", "head_bias"], [OutputName]);
        }

        return graph.ToModel();
    }
}
