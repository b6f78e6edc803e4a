using RnnGen;

namespace RnnGen.Bench;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 32)]
public partial class Lstm32;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 128)]
public partial class Lstm128;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 32)]
public partial class Gru32;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 128)]
public partial class Gru128;
