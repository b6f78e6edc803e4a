using RnnGen;

namespace RnnGen.Bench;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 8)]
public partial class Lstm8;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 16)]
public partial class Lstm16;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 32)]
public partial class Lstm32;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 64)]
public partial class Lstm64;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 128)]
public partial class Lstm128;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 8)]
public partial class Gru8;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 16)]
public partial class Gru16;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 32)]
public partial class Gru32;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 64)]
public partial class Gru64;

[RecurrentNetwork(CellType.Gru, inputSize: 1, hiddenSize: 128)]
public partial class Gru128;

[RecurrentNetwork(CellType.Rnn, inputSize: 1, hiddenSize: 32)]
public partial class Rnn32;

[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, OutputSize = 4)]
public partial class Lstm8x32Head4;

[RecurrentNetwork(CellType.Lstm, inputSize: 1, hiddenSize: 64, Layers = 2)]
public partial class Lstm64x2;
