namespace RnnGen;

/// <summary>One recurrent layer of a generated network: its cell and the sizes it maps between.</summary>
/// <param name="Cell">The layer's cell.</param>
/// <param name="InputSize">The features the layer reads per step: the network's input size for layer 0, else the hidden size of the layer below.</param>
/// <param name="HiddenSize">The layer's number of hidden units.</param>
/// <param name="Nonlinearity">The nonlinearity of a <see cref="CellType.Rnn"/> layer (Tanh or Relu); Tanh, and unused, for the other cells.</param>
public readonly record struct LayerShape(CellType Cell, int InputSize, int HiddenSize, Activation Nonlinearity);
