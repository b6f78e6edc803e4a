using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using RnnGen.Tests.Reference;
using RnnGen.Tests.Weights;

namespace RnnGen.Tests.Generator;

/// <summary>
/// A project that generates a documentation file, with warnings as errors, compiles the generated code: every
/// publicly visible member has a doc comment (no CS1591), and every comment is well formed with resolvable
/// references, so IntelliSense explains the generated API.
/// </summary>
public sealed class DocumentationTests
{
    [Theory]
    [InlineData("[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax)] public partial class Detector;")]
    [InlineData("[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 100)] public partial class Smoother;")]
    [InlineData("[RecurrentNetwork(CellType.Rnn, inputSize: 1, hiddenSize: 7, OutputSize = 3, OutputActivation = Activation.Sigmoid, Nonlinearity = Activation.Relu)] public partial class Reflex;")]
    [InlineData("[RecurrentNetwork(CellType.Gru, inputSize: 3, hiddenSize: 7)] [RecurrentLayer(CellType.Rnn, hiddenSize: 33, Nonlinearity = Activation.Relu)] [RecurrentLayer(CellType.Lstm, hiddenSize: 16)] public partial class Stack;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, inputSize: 6, hiddenSize: 8, Layers = 2, OutputSize = 50, VocabularySize = 50, Dropout = 0.1f)] public partial class NextCharacter;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, inputSize: 4, hiddenSize: 6, VocabularySize = 9, Dropout = 0.2f)] [RecurrentLayer(CellType.Gru, hiddenSize: 5)] public partial class TokenStack;")]
    [InlineData("[RecurrentNetwork(CellType.Gru, inputSize: 6, hiddenSize: 8, Layers = 2, OutputSize = 5, VocabularySize = 40, Dropout = 0.1f, Bidirectional = true)] public partial class TokenTagger;")]
    public void GeneratedCodeCompilesWithoutWarningsInADocumentedProject(string declaration) =>
        AssertNoWarnings(GeneratorHarness.RunDocumented(Array.Empty<AdditionalText>(), "using RnnGen; namespace Users; " + declaration));

    [Fact]
    public void GeneratedCodeWithEmbeddedWeightsCompilesWithoutWarningsInADocumentedProject()
    {
        var shape = new NetworkShape(CellType.Lstm, 2, 3, 1, 1, Activation.Identity, Activation.Tanh);
        AdditionalText weights = WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(NetworkTensors.Write(shape, NetworkTensors.Values(shape, seed: 1))));

        AssertNoWarnings(GeneratorHarness.RunDocumented(
            new[] { weights },
            "using RnnGen; namespace Users; [RecurrentNetwork(CellType.Lstm, inputSize: 2, hiddenSize: 3, OutputSize = 1, Weights = \"model.safetensors\")] public partial class Embedded;"));
    }

    private static void AssertNoWarnings(GeneratorOutput output)
    {
        Assert.Empty(output.Diagnostics);
        Diagnostic[] warnings = output.Compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(warnings.Length == 0, "The generated code does not compile cleanly with documentation checked:\n" + string.Join("\n", warnings.Select(FormatWithLine)));
    }

    private static string FormatWithLine(Diagnostic diagnostic)
    {
        if (!diagnostic.Location.IsInSource)
        {
            return diagnostic.ToString();
        }

        int line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        return $"{diagnostic}\n    {diagnostic.Location.SourceTree!.GetText().Lines[line].ToString().Trim()}";
    }
}
