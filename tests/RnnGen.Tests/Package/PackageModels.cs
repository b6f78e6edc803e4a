using RnnGen;

// The networks the package tests' console app declares, compiled here too (by the generator as a project
// reference) to compute what the app must print.
namespace RnnGen.Tests.Package;

[RecurrentNetwork(CellType.Lstm, inputSize: 3, hiddenSize: 8, Layers = 2, OutputSize = 2, OutputActivation = Activation.Softmax)]
public partial class PackagedDetector;

[RecurrentNetwork(CellType.Gru, inputSize: 2, hiddenSize: 5, OutputSize = 1)]
public partial class PackagedSmoother;
