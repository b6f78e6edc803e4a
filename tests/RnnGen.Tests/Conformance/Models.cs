using RnnGen;

// The conformance table: every cell with every hidden size in {1, 7, 16, 32, 33, 64, 128}; the other
// dimensions rotate with the row so that each cell meets every input size {1, 3, 8, 17}, every layer
// count 1 to 3, no head and a head with each activation (head sizes 1, 4, 5, 10 and 17, which cover
// partial vectors on every path), and the RNN meets both nonlinearities. Hidden sizes 1, 7 and 33
// leave partial vectors; 64 and 128 need several tiles on the narrower paths.
namespace RnnGen.Tests.Conformance.Models;

[RecurrentNetwork(CellType.Rnn, inputSize: 1, hiddenSize: 1, Nonlinearity = Activation.Tanh)]
public partial class RnnHidden1;

[RecurrentNetwork(CellType.Rnn, inputSize: 3, hiddenSize: 7, Layers = 2, OutputSize = 1, OutputActivation = Activation.Identity, Nonlinearity = Activation.Relu)]
public partial class RnnHidden7;

[RecurrentNetwork(CellType.Rnn, inputSize: 8, hiddenSize: 16, Layers = 3, OutputSize = 5, OutputActivation = Activation.Tanh, Nonlinearity = Activation.Tanh)]
public partial class RnnHidden16;

[RecurrentNetwork(CellType.Rnn, inputSize: 17, hiddenSize: 32, OutputSize = 17, OutputActivation = Activation.Relu, Nonlinearity = Activation.Relu)]
public partial class RnnHidden32;

[RecurrentNetwork(CellType.Rnn, inputSize: 1, hiddenSize: 33, Layers = 2, OutputSize = 4, OutputActivation = Activation.Sigmoid, Nonlinearity = Activation.Tanh)]
public partial class RnnHidden33;

[RecurrentNetwork(CellType.Rnn, inputSize: 3, hiddenSize: 64, Layers = 3, OutputSize = 10, OutputActivation = Activation.Softmax, Nonlinearity = Activation.Relu)]
public partial class RnnHidden64;

[RecurrentNetwork(CellType.Rnn, inputSize: 8, hiddenSize: 128, Nonlinearity = Activation.Tanh)]
public partial class RnnHidden128;

[RecurrentNetwork(CellType.Lstm, inputSize: 3, hiddenSize: 1, Layers = 3, OutputSize = 1, OutputActivation = Activation.Identity)]
public partial class LstmHidden1;

[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 7, OutputSize = 5, OutputActivation = Activation.Tanh)]
public partial class LstmHidden7;

[RecurrentNetwork(CellType.Lstm, inputSize: 17, hiddenSize: 16, Layers = 2, OutputSize = 17, OutputActivation = Activation.Relu)]
public partial class LstmHidden16;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 32, Layers = 3, OutputSize = 4, OutputActivation = Activation.Sigmoid)]
public partial class LstmHidden32;

[RecurrentNetwork(CellType.Lstm, inputSize: 3, hiddenSize: 33, OutputSize = 10, OutputActivation = Activation.Softmax)]
public partial class LstmHidden33;

[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 64, Layers = 2)]
public partial class LstmHidden64;

[RecurrentNetwork(CellType.Lstm, inputSize: 17, hiddenSize: 128, Layers = 3, OutputSize = 1, OutputActivation = Activation.Identity)]
public partial class LstmHidden128;

[RecurrentNetwork(CellType.Gru, inputSize: 8, hiddenSize: 1, Layers = 2, OutputSize = 5, OutputActivation = Activation.Tanh)]
public partial class GruHidden1;

[RecurrentNetwork(CellType.Gru, inputSize: 17, hiddenSize: 7, Layers = 3, OutputSize = 17, OutputActivation = Activation.Relu)]
public partial class GruHidden7;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16, OutputSize = 4, OutputActivation = Activation.Sigmoid)]
public partial class GruHidden16;

[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 32, Layers = 2, OutputSize = 10, OutputActivation = Activation.Softmax)]
public partial class GruHidden32;

[RecurrentNetwork(CellType.Gru, inputSize: 8, hiddenSize: 33, Layers = 3)]
public partial class GruHidden33;

[RecurrentNetwork(CellType.Gru, inputSize: 17, hiddenSize: 64, OutputSize = 1, OutputActivation = Activation.Identity)]
public partial class GruHidden64;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 128, Layers = 2, OutputSize = 5, OutputActivation = Activation.Tanh)]
public partial class GruHidden128;

// Stacks whose layers differ ([RecurrentLayer]): an LSTM feeding a smaller GRU (the head reads 32), a GRU
// under a ReLU RNN under an LSTM (only some layers have c; sizes 7 and 33 leave partial vectors), two LSTMs
// of different sizes (every layer has c, each its own size), and two cells of the same hidden size.
[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 64, OutputSize = 5, OutputActivation = Activation.Tanh)]
[RecurrentLayer(CellType.Gru, hiddenSize: 32)]
public partial class StackLstm64Gru32;

[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 7)]
[RecurrentLayer(CellType.Rnn, hiddenSize: 33, Nonlinearity = Activation.Relu)]
[RecurrentLayer(CellType.Lstm, hiddenSize: 16)]
public partial class StackGru7RnnLstm16;

[RecurrentNetwork(CellType.Lstm, inputSize: 17, hiddenSize: 33, OutputSize = 10, OutputActivation = Activation.Softmax)]
[RecurrentLayer(CellType.Lstm, hiddenSize: 16)]
public partial class StackLstm33Lstm16;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16, OutputSize = 1, OutputActivation = Activation.Sigmoid)]
[RecurrentLayer(CellType.Lstm, hiddenSize: 16)]
[RecurrentLayer(CellType.Rnn, hiddenSize: 1, Nonlinearity = Activation.Tanh)]
public partial class StackGru16Lstm16Rnn1;
