using RnnGen;

namespace RnnGen.Tests.Training;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 16, OutputSize = 1)]
public partial class SineLstm;

[RecurrentNetwork(CellType.Lstm, inputSize: 2, hiddenSize: 32, OutputSize = 1)]
public partial class AddingLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 2, hiddenSize: 32, OutputSize = 1)]
public partial class AddingGru;

// The same GRU reading one way and both ways: only the second sees the next step.
[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16, OutputSize = 1)]
public partial class NextValueGru;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16, OutputSize = 1, Bidirectional = true)]
public partial class NextValueBidirectionalGru;

// A classifier on both directions' final states: Keras' Bidirectional(GRU(8)) → Dense(2).
[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 8, OutputSize = 2, Bidirectional = true)]
public partial class FirstSignBidirectionalGru;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16, OutputSize = TrainingTasks.WaveformClasses)]
public partial class WaveformGru;
