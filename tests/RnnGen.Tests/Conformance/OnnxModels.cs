using RnnGen;

// A representative subset of the conformance table for ONNX Runtime: headless (ONNX's recurrent
// operators end at the hidden state), every cell, both RNN nonlinearities, partial vectors, several
// tiles, and stacks.
namespace RnnGen.Tests.Conformance.OnnxModels;

[RecurrentNetwork(CellType.Rnn, inputSize: 3, hiddenSize: 7, Nonlinearity = Activation.Tanh)]
public partial class OnnxRnnTanh;

[RecurrentNetwork(CellType.Rnn, inputSize: 17, hiddenSize: 33, Layers = 2, Nonlinearity = Activation.Relu)]
public partial class OnnxRnnRelu;

[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2)]
public partial class OnnxLstmStacked;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 128)]
public partial class OnnxLstmWide;

[RecurrentNetwork(CellType.Lstm, inputSize: 17, hiddenSize: 1)]
public partial class OnnxLstmTiny;

[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 16, Layers = 3)]
public partial class OnnxGruStacked;

[RecurrentNetwork(CellType.Gru, inputSize: 8, hiddenSize: 64)]
public partial class OnnxGruWide;

// A stack of differing layers: one ONNX node per layer, each of its own operator and hidden size.
[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32)]
[RecurrentLayer(CellType.Gru, hiddenSize: 16)]
[RecurrentLayer(CellType.Rnn, hiddenSize: 7, Nonlinearity = Activation.Relu)]
public partial class OnnxStackLstmGruRnn;
