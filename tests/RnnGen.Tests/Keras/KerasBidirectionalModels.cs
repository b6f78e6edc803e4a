using RnnGen;

// Keras' SimpleRNN defaults to tanh, which none of the conformance table's bidirectional RNNs (ReLU) use.
namespace RnnGen.Tests.Keras.Models;

[RecurrentNetwork(CellType.Rnn, inputSize: 6, hiddenSize: 16, Layers = 2, Bidirectional = true)]
public partial class BiSimpleRnnHidden16;
