using RnnGen.Tests.Snapshots;

namespace RnnGen.Tests.Generator;

/// <summary>
/// The generated source of a few representative networks, approved in <c>_snapshots/</c>. A change to
/// the emitter shows up here as a diff to review like any other code change.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void LstmWithSoftmaxHead() => VerifyGenerated(
        "namespace Sensors; [RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax)] public partial class Detector;");

    [Fact]
    public void GruWithPartialVectorsAndSeveralTiles() => VerifyGenerated(
        "[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 100)] internal partial class Smoother;");

    [Fact]
    public void ReluRnnWithOddHead() => VerifyGenerated(
        "namespace Game.AI; [RecurrentNetwork(CellType.Rnn, inputSize: 1, hiddenSize: 7, OutputSize = 3, OutputActivation = Activation.Sigmoid, Nonlinearity = Activation.Relu)] public partial class Reflex;");

    private static void VerifyGenerated(string declaration, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        GeneratorOutput output = GeneratorHarness.Run("using RnnGen; " + declaration);

        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationErrors);
        var (hintName, source) = Assert.Single(output.Sources);
        SnapshotVerifier.Verify(source, discriminator: hintName.Replace(".g.cs", string.Empty), testName: testName);
    }
}
