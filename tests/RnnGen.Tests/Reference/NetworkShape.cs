using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Tests.Reference;

/// <summary>A layer that <see cref="RecurrentLayerAttribute"/> stacks on the ones before it.</summary>
/// <param name="Cell">The layer's cell.</param>
/// <param name="HiddenSize">The layer's hidden units.</param>
/// <param name="Nonlinearity">The nonlinearity of an <see cref="CellType.Rnn"/> layer (Tanh or Relu).</param>
public sealed record StackedLayer(CellType Cell, int HiddenSize, Activation Nonlinearity = Activation.Tanh);

/// <summary>
/// The sizes of a stacked recurrent network with an optional dense head, mirroring what
/// <see cref="RecurrentNetworkAttribute"/> (and any <see cref="RecurrentLayerAttribute"/>s) declare.
/// </summary>
/// <param name="Cell">The cell of the <paramref name="Layers"/> alike layers at the bottom.</param>
/// <param name="InputSize">The number of features of one input step.</param>
/// <param name="HiddenSize">The number of hidden units of those layers.</param>
/// <param name="Layers">The number of alike layers at the bottom; <see cref="StackedLayers"/> come on top.</param>
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
    /// <summary>The layers stacked on top, each of its own cell and size, as <see cref="RecurrentLayerAttribute"/>s declare them.</summary>
    public IReadOnlyList<StackedLayer> StackedLayers { get; init; } = [];

    /// <summary>
    /// Whether every layer also runs over the sequence in reverse, as <c>nn.LSTM(bidirectional=True)</c>: a layer's
    /// output is its forward h then its reverse h, and the reverse direction's parameters end in <c>_reverse</c>.
    /// </summary>
    public bool Bidirectional { get; init; }

    /// <summary>1, or 2 when <see cref="Bidirectional"/>.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Every layer: the alike ones, then the stacked ones.</summary>
    public int LayerCount => Layers + StackedLayers.Count;

    /// <summary>Layer <paramref name="layer"/>'s cell and sizes.</summary>
    public LayerShape Layer(int layer)
    {
        if (layer < Layers)
        {
            return new LayerShape(Cell, layer == 0 ? InputSize : Directions * HiddenSize, HiddenSize, Nonlinearity);
        }

        StackedLayer stacked = StackedLayers[layer - Layers];
        return new LayerShape(stacked.Cell, layer == 0 ? InputSize : Layer(layer - 1).HiddenSize, stacked.HiddenSize, stacked.Nonlinearity);
    }

    /// <summary>Every layer's cell and sizes, layer 0 first.</summary>
    public IReadOnlyList<LayerShape> LayerShapes => Enumerable.Range(0, LayerCount).Select(Layer).ToArray();

    /// <summary>Whether any layer is an LSTM, so that the state has c beside h.</summary>
    public bool HasCellState => LayerShapes.Any(layer => layer.Cell == CellType.Lstm);

    /// <summary>Hidden units summed over the layers: one sequence's h (or c) in the tape's state layout.</summary>
    public int StateUnits => LayerShapes.Sum(layer => layer.HiddenSize);

    /// <summary>The number of gate blocks stacked in each weight matrix of a <paramref name="cell"/> layer: 1 for RNN, 4 for LSTM, 3 for GRU.</summary>
    public static int GatesOf(CellType cell) => cell switch
    {
        CellType.Rnn => 1,
        CellType.Lstm => 4,
        CellType.Gru => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell type."),
    };

    /// <summary>The width of one output step: the head's size, or the last layer's hidden size when there is no head.</summary>
    public int ResultSize => OutputSize > 0 ? OutputSize : LastLayerOutputSize;

    /// <summary>The width of the last layer's output, which the head reads: its hidden size in each direction.</summary>
    public int LastLayerOutputSize => Directions * Layer(LayerCount - 1).HiddenSize;

    /// <summary>The arguments of the <see cref="RecurrentNetworkAttribute"/> that declares this shape, as C# source.</summary>
    /// <exception cref="InvalidOperationException">The shape stacks layers, which take more than one attribute: see <see cref="AttributeLists"/>.</exception>
    public string AttributeArguments =>
        StackedLayers.Count > 0
            ? throw new InvalidOperationException("A stack of differing layers needs [RecurrentLayer] attributes besides the network's.")
            : NetworkArguments($", Layers = {Layers}");

    /// <summary>
    /// The attributes that declare this shape, as C# source: the network's (with <paramref name="extraArguments"/>
    /// appended to its arguments) and one <see cref="RecurrentLayerAttribute"/> per stacked layer, which leave <c>Layers</c> unset.
    /// </summary>
    public string AttributeLists(string extraArguments = "") =>
        StackedLayers.Count == 0
            ? $"[RecurrentNetwork({AttributeArguments}{extraArguments})]"
            : $"[RecurrentNetwork({NetworkArguments(string.Empty)}{extraArguments})]" + string.Concat(StackedLayers.Select(layer =>
                $" [RecurrentLayer(CellType.{layer.Cell}, hiddenSize: {layer.HiddenSize}{(layer.Cell == CellType.Rnn ? $", Nonlinearity = Activation.{layer.Nonlinearity}" : string.Empty)})]"));

    private string NetworkArguments(string layers) =>
        $"CellType.{Cell}, inputSize: {InputSize}, hiddenSize: {HiddenSize}{layers}, OutputSize = {OutputSize}"
        + (OutputSize > 0 ? $", OutputActivation = Activation.{OutputActivation}" : string.Empty)
        + (Cell == CellType.Rnn ? $", Nonlinearity = Activation.{Nonlinearity}" : string.Empty)
        + (Bidirectional ? ", Bidirectional = true" : string.Empty);

    /// <summary>The parameters' names and shapes in the order of PyTorch's <c>state_dict()</c>, layers numbered through the whole stack, each layer's reverse direction after its forward one.</summary>
    public IReadOnlyList<(string Name, int[] Shape)> Parameters
    {
        get
        {
            var parameters = new List<(string Name, int[] Shape)>();
            for (int layer = 0; layer < LayerCount; layer++)
            {
                LayerShape shape = Layer(layer);
                int gateRows = GatesOf(shape.Cell) * shape.HiddenSize;
                for (int direction = 0; direction < Directions; direction++)
                {
                    string suffix = direction == 0 ? $"l{layer}" : $"l{layer}_reverse";
                    parameters.Add(($"weight_ih_{suffix}", [gateRows, shape.InputSize]));
                    parameters.Add(($"weight_hh_{suffix}", [gateRows, shape.HiddenSize]));
                    parameters.Add(($"bias_ih_{suffix}", [gateRows]));
                    parameters.Add(($"bias_hh_{suffix}", [gateRows]));
                }
            }

            if (OutputSize > 0)
            {
                parameters.Add(("head.weight", [OutputSize, LastLayerOutputSize]));
                parameters.Add(("head.bias", [OutputSize]));
            }

            return parameters;
        }
    }
}
