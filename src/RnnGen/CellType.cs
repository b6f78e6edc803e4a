namespace RnnGen;

/// <summary>The recurrent cell of every layer of a network, with PyTorch's equations and gate order.</summary>
public enum CellType
{
    /// <summary>Elman RNN: <c>h' = act(W_ih x + b_ih + W_hh h + b_hh)</c>, as <c>torch.nn.RNN</c>.</summary>
    Rnn,

    /// <summary>Long short-term memory with gates i, f, g, o, as <c>torch.nn.LSTM</c>.</summary>
    Lstm,

    /// <summary>Gated recurrent unit with gates r, z, n, as <c>torch.nn.GRU</c>.</summary>
    Gru,
}
