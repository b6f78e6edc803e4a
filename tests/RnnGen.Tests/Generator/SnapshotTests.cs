using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RnnGen.Tests.Reference;
using RnnGen.Tests.Snapshots;
using RnnGen.Tests.Weights;

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

    [Fact]
    public void StackOfDifferingLayers() => VerifyGenerated(
        "namespace Speech; [RecurrentNetwork(CellType.Lstm, inputSize: 13, hiddenSize: 64, OutputSize = 3, OutputActivation = Activation.Softmax)] [RecurrentLayer(CellType.Gru, hiddenSize: 32)] [RecurrentLayer(CellType.Rnn, hiddenSize: 7, Nonlinearity = Activation.Relu)] public partial class KeywordSpotter;");

    [Fact]
    public void LstmOnTokenIds() => VerifyGenerated(
        "namespace Text; [RecurrentNetwork(CellType.Lstm, inputSize: 6, hiddenSize: 8, Layers = 2, OutputSize = 50, OutputActivation = Activation.Softmax, VocabularySize = 50)] public partial class NextCharacter;");

    [Fact]
    public void StackedGruWithDropout() => VerifyGenerated(
        "namespace Speech; [RecurrentNetwork(CellType.Gru, inputSize: 4, hiddenSize: 12, Layers = 3, OutputSize = 2, Dropout = 0.2f)] public partial class Keyword;");

    [Fact]
    public void BidirectionalGruWithHead() => VerifyGenerated(
        "namespace Text; [RecurrentNetwork(CellType.Gru, inputSize: 5, hiddenSize: 12, Layers = 2, OutputSize = 3, OutputActivation = Activation.Softmax, Bidirectional = true)] public partial class Tagger;");

    [Fact]
    public void BidirectionalLstmWithDropout() => VerifyGenerated(
        "namespace Text; [RecurrentNetwork(CellType.Lstm, inputSize: 3, hiddenSize: 6, Layers = 2, Bidirectional = true, Dropout = 0.25f)] public partial class Chunker;");

    [Fact]
    public void BidirectionalLstmOnTokenIds() => VerifyGenerated(
        "namespace Text; [RecurrentNetwork(CellType.Lstm, inputSize: 6, hiddenSize: 8, OutputSize = 4, OutputActivation = Activation.Softmax, VocabularySize = 50, Bidirectional = true)] public partial class EntityTagger;");

    [Fact]
    public void RnnWithEmbeddedWeights()
    {
        // 25 parameters, among them the values whose literals are easiest to get wrong.
        float[] values = Enumerable.Range(0, 25).Select(index => (index - 12) / 8f).ToArray();
        (values[0], values[1], values[2], values[3]) = (-0f, 0.1f, float.Epsilon, 1e30f);
        var shape = new NetworkShape(CellType.Rnn, 2, 3, 1, 1, Activation.Sigmoid, Activation.Tanh);
        var tensors = new Dictionary<string, float[]>();
        int offset = 0;
        foreach (var (name, dimensions) in shape.Parameters)
        {
            int length = dimensions.Aggregate(1, (product, dimension) => product * dimension);
            tensors[name] = values[offset..(offset + length)];
            offset += length;
        }

        VerifyGenerated(
            "namespace Tiny; [RecurrentNetwork(CellType.Rnn, inputSize: 2, hiddenSize: 3, OutputSize = 1, OutputActivation = Activation.Sigmoid, Weights = \"tiny.safetensors\")] public partial class Blinker;",
            WeightsFiles.Encoded("/src/tiny.safetensors", SafeTensorsWriter.Write(NetworkTensors.Write(shape, tensors))));
    }

    private static void VerifyGenerated(string declaration, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        VerifyGenerated(declaration, null, testName);

    private static void VerifyGenerated(string declaration, AdditionalText? weights, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        GeneratorOutput output = GeneratorHarness.Run(weights is null ? Array.Empty<AdditionalText>() : new[] { weights }, "using RnnGen; " + declaration);

        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationErrors);
        var (hintName, source) = Assert.Single(output.Sources);
        SnapshotVerifier.Verify(source, discriminator: hintName.Replace(".g.cs", string.Empty), testName: testName);
    }
}
