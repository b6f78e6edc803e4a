using System;
using System.Collections.Generic;

namespace RnnGen.Bench;

/// <summary>A network's sizes and its parameters in PyTorch's names, layout and gate order, copied out of a generated instance.</summary>
public sealed class NetworkWeights
{
    public NetworkWeights(IRecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Cell = network.Cell;
        InputSize = network.InputSize;
        HiddenSize = network.HiddenSize;
        Layers = network.Layers;
        OutputSize = network.OutputSize;
        ParameterCount = network.ParameterCount;
        foreach (string name in network.ParameterNames)
        {
            int length = 1;
            foreach (int dim in network.ParameterShape(name))
            {
                length *= dim;
            }

            var values = new float[length];
            network.GetParameter(name, values);
            Parameters[name] = values;
        }
    }

    public CellType Cell { get; }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int Layers { get; }

    public int OutputSize { get; }

    public int ParameterCount { get; }

    public bool HasHead => Parameters.ContainsKey("head.weight");

    public int Gates => Cell switch { CellType.Lstm => 4, CellType.Gru => 3, _ => 1 };

    public Dictionary<string, float[]> Parameters { get; } = new();

    public int LayerInputSize(int layer) => layer == 0 ? InputSize : HiddenSize;

    /// <summary>The multiply-adds of one step as FLOPs: 2·G·H·(I+H) per layer, plus the head's 2·O·H.</summary>
    public double FlopsPerStep
    {
        get
        {
            double flops = 0;
            for (int layer = 0; layer < Layers; layer++)
            {
                flops += 2.0 * Gates * HiddenSize * (LayerInputSize(layer) + HiddenSize);
            }

            return HasHead ? flops + 2.0 * OutputSize * HiddenSize : flops;
        }
    }
}

/// <summary>One layer's PyTorch matrices, looked up once so that a step does no dictionary look-up.</summary>
public sealed record LayerWeights(float[] WeightIh, float[] WeightHh, float[] BiasIh, float[] BiasHh)
{
    public static LayerWeights[] Of(NetworkWeights weights)
    {
        var layers = new LayerWeights[weights.Layers];
        for (int layer = 0; layer < layers.Length; layer++)
        {
            layers[layer] = new LayerWeights(
                weights.Parameters[$"weight_ih_l{layer}"],
                weights.Parameters[$"weight_hh_l{layer}"],
                weights.Parameters[$"bias_ih_l{layer}"],
                weights.Parameters[$"bias_hh_l{layer}"]);
        }

        return layers;
    }
}
