// Small networks with heads for the weight-file tests: small enough that mutations of their files
// mostly hit structure rather than float data, and one of each cell and head form.
namespace RnnGen.Tests.Weights;

[RecurrentNetwork(CellType.Lstm, inputSize: 3, hiddenSize: 4, Layers = 2, OutputSize = 2, OutputActivation = Activation.Softmax)]
public partial class TinyTagger;

[RecurrentNetwork(CellType.Gru, inputSize: 5, hiddenSize: 12, Layers = 2, OutputSize = 3, OutputActivation = Activation.Sigmoid)]
public partial class SensorGru;

[RecurrentNetwork(CellType.Rnn, inputSize: 6, hiddenSize: 10, Nonlinearity = Activation.Relu, OutputSize = 4, OutputActivation = Activation.Tanh)]
public partial class ReflexRnn;
