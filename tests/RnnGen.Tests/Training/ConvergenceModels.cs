using RnnGen;

namespace RnnGen.Tests.Training;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 16, OutputSize = 1)]
public partial class SineLstm;

[RecurrentNetwork(CellType.Lstm, inputSize: 2, hiddenSize: 32, OutputSize = 1)]
public partial class AddingLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 2, hiddenSize: 32, OutputSize = 1)]
public partial class AddingGru;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16, OutputSize = TrainingTasks.WaveformClasses)]
public partial class WaveformGru;
