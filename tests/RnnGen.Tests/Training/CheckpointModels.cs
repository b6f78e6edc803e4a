using RnnGen;

// Networks of the checkpoint tests: two stacks a checkpoint must tell apart although their parameters have the same
// names, shapes and count, and a bidirectional network, which resumes like any other.
namespace RnnGen.Tests.Training.CheckpointModels;

[RecurrentNetwork(CellType.Rnn, inputSize: 3, hiddenSize: 8, Layers = 2)]
public partial class TanhStack;

// Layer 0 as TanhStack's; only the layer above differs, in its nonlinearity.
[RecurrentNetwork(CellType.Rnn, inputSize: 3, hiddenSize: 8)]
[RecurrentLayer(CellType.Rnn, hiddenSize: 8, Nonlinearity = Activation.Relu)]
public partial class TanhUnderReluStack;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 5, OutputSize = 1, Bidirectional = true)]
public partial class BidirectionalGru;

// BidirectionalGru's forward half: its layers, but no _reverse tensors.
[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 5, OutputSize = 1)]
public partial class ForwardGru;
