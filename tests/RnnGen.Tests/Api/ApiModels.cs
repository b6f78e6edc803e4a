using RnnGen;

namespace RnnGen.Tests.Api;

/// <summary>The README's example network.</summary>
[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax)]
public partial class Detector;

[RecurrentNetwork(CellType.Gru, inputSize: 2, hiddenSize: 5, Layers = 2)]
public partial class SmallGru;
