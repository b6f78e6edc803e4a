using RnnGen;

// Near the generator's limits (hidden 1024, input 4096), with sizes that leave remainder tiles: the
// unrolling must stay bounded however large the layer.
namespace RnnGen.JitProbe;

[RecurrentNetwork(CellType.Lstm, inputSize: 1000, hiddenSize: 1024, Layers = 2, OutputSize = 1000, OutputActivation = Activation.Softmax)]
public partial class LargeLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 4096, hiddenSize: 1000, OutputSize = 17)]
public partial class LargeGru;

[RecurrentNetwork(CellType.Rnn, inputSize: 4096, hiddenSize: 1023, Layers = 2, Nonlinearity = Activation.Relu)]
public partial class LargeRnn;

// Both directions' kernels at the largest input.
[RecurrentNetwork(CellType.Gru, inputSize: 4096, hiddenSize: 1000, OutputSize = 17, Bidirectional = true)]
public partial class LargeBidirectionalGru;
