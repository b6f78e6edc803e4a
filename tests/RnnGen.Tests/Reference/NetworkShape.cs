using System;
using System.Collections.Generic;

namespace RnnGen.Tests.Reference;

/// <summary>
/// The sizes of a stacked recurrent network with an optional dense head, mirroring what
/// <see cref="RecurrentNetworkAttribute"/> declares.
/// </summary>
/// <param name="Cell">The cell of every layer.</param>
/// <param name="InputSize">The number of features of one input step.</param>
/// <param name="HiddenSize">The number of hidden units of every layer.</param>
/// <param name="Layers">The number of stacked layers.</param>
/// <param name="OutputSize">The size of the dense head, or 0 for none (the output is then the last layer's h).</param>
/// <param name="OutputActivation">The activation of the head's output.</param>
/// <param name="Nonlinearity">The nonlinearity of an <see cref="CellType.Rnn"/> cell (Tanh or Relu).</param>
public sealed record NetworkShape(
    CellType Cell,
    int InputSize,
    int HiddenSize,
    int Layers,
    int OutputSize,
    Activation OutputActivation,
    Activation Nonlinearity)
{
    /// <summary>The number of gate blocks stacked in each weight matrix: 1 for RNN, 4 for LSTM, 3 for GRU.</summary>
    public int Gates => Cell switch
    {
        CellType.Rnn => 1,
        CellType.Lstm => 4,
        CellType.Gru => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "Unknown cell type."),
    };

    /// <summary>The width of one output step: the head's size, or the hidden size when there is no head.</summary>
    public int ResultSize => OutputSize > 0 ? OutputSize : HiddenSize;

    /// <summary>The arguments of the <see cref="RecurrentNetworkAttribute"/> that declares this shape, as C# source.</summary>
    public string AttributeArguments =>
        $"CellType.{Cell}, inputSize: {InputSize}, hiddenSize: {HiddenSize}, Layers = {Layers}, OutputSize = {OutputSize}"
        + (OutputSize > 0 ? $", OutputActivation = Activation.{OutputActivation}" : string.Empty)
        + (Cell == CellType.Rnn ? $", Nonlinearity = Activation.{Nonlinearity}" : string.Empty);

    /// <summary>The parameters' names and shapes in the order of PyTorch's <c>state_dict()</c>.</summary>
    public IReadOnlyList<(string Name, int[] Shape)> Parameters
    {
        get
        {
            var parameters = new List<(string Name, int[] Shape)>();
            int gateRows = Gates * HiddenSize;
            for (int layer = 0; layer < Layers; layer++)
            {
                int layerInput = layer == 0 ? InputSize : HiddenSize;
                parameters.Add(($"weight_ih_l{layer}", [gateRows, layerInput]));
                parameters.Add(($"weight_hh_l{layer}", [gateRows, HiddenSize]));
                parameters.Add(($"bias_ih_l{layer}", [gateRows]));
                parameters.Add(($"bias_hh_l{layer}", [gateRows]));
            }

            if (OutputSize > 0)
            {
                parameters.Add(("head.weight", [OutputSize, HiddenSize]));
                parameters.Add(("head.bias", [OutputSize]));
            }

            return parameters;
        }
    }
}
