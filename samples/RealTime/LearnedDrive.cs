namespace RnnGen.Samples.RealTime;

/// <summary>
/// The network that learns <see cref="DriveEffect"/>: one audio sample in, one out, per step. An LSTM suits the
/// effect: its cell state can hold the filter (forget gate ≈ 1 - a) and its output tanh the clipper. The generator
/// writes the rest of the class.
/// </summary>
[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 8, OutputSize = 1)]
public partial class LearnedDrive;
