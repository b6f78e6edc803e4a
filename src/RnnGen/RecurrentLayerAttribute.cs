using System;

namespace RnnGen;

/// <summary>
/// Stacks one more layer, of its own cell and hidden size, on a <see cref="RecurrentNetworkAttribute"/>
/// network: an LSTM of 64 feeding a GRU of 32, as separate <c>nn.LSTM</c> and <c>nn.GRU</c> modules would.
/// </summary>
/// <remarks>
/// <see cref="RecurrentNetworkAttribute"/> declares layer 0; each <c>[RecurrentLayer]</c> on the same declaration
/// adds the next layer, in source order, reading the hidden state of the layer below. The network's
/// <c>Layers</c> is then left unset. Parameters keep PyTorch's names with the global layer index:
/// <c>weight_ih_l1</c> is the second layer's, whichever module it came from.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecurrentLayerAttribute : Attribute
{
    /// <summary>Declares the next layer of the stack.</summary>
    /// <param name="cell">The layer's cell.</param>
    /// <param name="hiddenSize">The layer's number of hidden units.</param>
    public RecurrentLayerAttribute(CellType cell, int hiddenSize)
    {
        Cell = cell;
        HiddenSize = hiddenSize;
    }

    /// <summary>The layer's cell.</summary>
    public CellType Cell { get; }

    /// <summary>The layer's number of hidden units.</summary>
    public int HiddenSize { get; }

    /// <summary>The nonlinearity of a <see cref="CellType.Rnn"/> layer: <see cref="Activation.Tanh"/> (default) or <see cref="Activation.Relu"/>.</summary>
    public Activation Nonlinearity { get; set; } = Activation.Tanh;
}
