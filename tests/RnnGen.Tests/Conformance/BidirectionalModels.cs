using RnnGen;

// The bidirectional conformance table: every cell, one to three layers, with and without a head (the headless ones
// also against ONNX Runtime's direction="bidirectional" operators). Hidden sizes 1,
// 7 and 33 leave partial vectors (and a reverse half that starts mid-vector in the [T, 2H] layer output); 64 needs
// several tiles on the narrower paths.
namespace RnnGen.Tests.Conformance.BidirectionalModels;

[RecurrentNetwork(CellType.Lstm, inputSize: 3, hiddenSize: 7, Layers = 2, OutputSize = 5, OutputActivation = Activation.Softmax, Bidirectional = true)]
public partial class BiLstmHidden7;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 64, Layers = 2, Bidirectional = true)]
public partial class BiLstmHidden64;

[RecurrentNetwork(CellType.Gru, inputSize: 8, hiddenSize: 33, Bidirectional = true)]
public partial class BiGruHidden33;

[RecurrentNetwork(CellType.Gru, inputSize: 4, hiddenSize: 1, Layers = 2, OutputSize = 1, Bidirectional = true)]
public partial class BiGruHidden1;

[RecurrentNetwork(CellType.Rnn, inputSize: 17, hiddenSize: 16, Layers = 3, OutputSize = 4, OutputActivation = Activation.Tanh, Nonlinearity = Activation.Relu, Bidirectional = true)]
public partial class BiRnnHidden16;

[RecurrentNetwork(CellType.Rnn, inputSize: 3, hiddenSize: 7, Layers = 2, Nonlinearity = Activation.Relu, Bidirectional = true)]
public partial class BiRnnHidden7;
