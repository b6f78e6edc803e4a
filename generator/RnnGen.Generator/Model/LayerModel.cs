namespace RnnGen.Generator.Model;

/// <summary>One recurrent layer of a network: its cell, the sizes it maps between, and an RNN cell's nonlinearity.</summary>
/// <param name="InputSize">The network's input size for layer 0, else the output size of the layer below: its hidden size, twice that when bidirectional.</param>
internal sealed record LayerModel(CellKind Cell, int InputSize, int HiddenSize, ActivationKind Nonlinearity)
{
    public int Gates => Cell switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => 1,
    };

    /// <summary>Rows of the layer's gate matrices: every gate's hidden units, in PyTorch's gate order.</summary>
    public int GateRows => Gates * HiddenSize;

    /// <summary>The cell as PyTorch users name it: <c>LSTM</c>, <c>GRU</c>, <c>RNN (tanh)</c>.</summary>
    public string CellDescription => Cell == CellKind.Rnn ? $"RNN ({Nonlinearity.ToString().ToLowerInvariant()})" : Cell.ToString().ToUpperInvariant();

    /// <summary>The PyTorch module of this cell, for comments: <c>nn.LSTM</c>, <c>nn.GRU</c>, <c>nn.RNN</c>.</summary>
    public string Module => Cell switch
    {
        CellKind.Lstm => "nn.LSTM",
        CellKind.Gru => "nn.GRU",
        _ => "nn.RNN",
    };
}
