using RnnGen;

// Networks with dropout between their layers: each cell, two and three layers, with and without a head.
namespace RnnGen.Tests.Dropout.Models;

[RecurrentNetwork(CellType.Lstm, inputSize: 5, hiddenSize: 16, Layers = 3, OutputSize = 3, Dropout = 0.3f)]
public partial class DropoutLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 9, Layers = 2, Dropout = 0.5f)]
public partial class DropoutGru;

[RecurrentNetwork(CellType.Rnn, inputSize: 4, hiddenSize: 33, Layers = 2, OutputSize = 2, OutputActivation = Activation.Tanh, Dropout = 0.25f)]
public partial class DropoutRnn;

// A stack whose layers differ: each layer's mask has its own width.
[RecurrentNetwork(CellType.Lstm, inputSize: 5, hiddenSize: 12, OutputSize = 3, Dropout = 0.3f)]
[RecurrentLayer(CellType.Gru, hiddenSize: 7)]
[RecurrentLayer(CellType.Rnn, hiddenSize: 10)]
public partial class DropoutStack;

// Bidirectional: the mask covers both directions' h, which the layer above reads side by side.
[RecurrentNetwork(CellType.Lstm, inputSize: 4, hiddenSize: 7, Layers = 2, OutputSize = 3, OutputActivation = Activation.Softmax, Bidirectional = true, Dropout = 0.4f)]
public partial class DropoutBiLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 17, Layers = 3, Bidirectional = true, Dropout = 0.2f)]
public partial class DropoutBiGru;

// DropoutGru without dropout: what inference, and training with dropout off, must equal.
[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 9, Layers = 2)]
public partial class PlainGru;
