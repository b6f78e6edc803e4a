using System.Linq;
using Microsoft.CodeAnalysis;

namespace RnnGen.Tests.Generator;

/// <summary>Each wrong declaration gets its own diagnostic, located on the attribute (or the argument at fault), and no code.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("RNNG001", "public class Net;", "RecurrentNetwork(CellType.Lstm, 8, 32)")]
    [InlineData("RNNG002", "public partial class Outer { [RecurrentNetwork(CellType.Lstm, 8, 32)] public partial class Net; }", "RecurrentNetwork(CellType.Lstm, 8, 32)")]
    [InlineData("RNNG003", "public partial class Net<T>;", "RecurrentNetwork(CellType.Lstm, 8, 32)")]
    [InlineData("RNNG004", "public static partial class Net;", "RecurrentNetwork(CellType.Lstm, 8, 32)")]
    public void UnsupportedClassIsReportedOnTheAttribute(string id, string declaration, string location)
    {
        string source = declaration.Contains("[RecurrentNetwork")
            ? $"using RnnGen; {declaration}"
            : $"using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 32)] {declaration}";

        AssertSingleDiagnostic(source, id, location);
    }

    [Theory]
    [InlineData("CellType.Lstm, 0, 32", "0", "InputSize must be between 1 and 4096, but is 0")]
    [InlineData("CellType.Lstm, 4097, 32", "4097", "InputSize must be between 1 and 4096, but is 4097")]
    [InlineData("CellType.Gru, 8, 0", "0", "HiddenSize must be between 1 and 1024, but is 0")]
    [InlineData("CellType.Gru, 8, -5", "-5", "HiddenSize must be between 1 and 1024, but is -5")]
    [InlineData("CellType.Gru, 8, 1025", "1025", "HiddenSize must be between 1 and 1024, but is 1025")]
    [InlineData("CellType.Rnn, 8, 32, Layers = 0", "Layers = 0", "Layers must be between 1 and 8, but is 0")]
    [InlineData("CellType.Rnn, 8, 32, Layers = 9", "Layers = 9", "Layers must be between 1 and 8, but is 9")]
    [InlineData("CellType.Rnn, 8, 32, OutputSize = -1", "OutputSize = -1", "OutputSize must be between 0 and 4096, but is -1")]
    [InlineData("CellType.Rnn, 8, 32, OutputSize = 5000", "OutputSize = 5000", "OutputSize must be between 0 and 4096, but is 5000")]
    [InlineData("CellType.Lstm, 8, 32, VocabularySize = -1", "VocabularySize = -1", "VocabularySize must be between 0 and 1048576, but is -1")]
    [InlineData("CellType.Lstm, 8, 32, VocabularySize = 1048577", "VocabularySize = 1048577", "VocabularySize must be between 0 and 1048576, but is 1048577")]
    public void SizeOutOfRangeIsReportedOnTheArgument(string arguments, string location, string message)
    {
        Diagnostic diagnostic = AssertSingleDiagnostic($"using RnnGen; [RecurrentNetwork({arguments})] public partial class Net;", "RNNG005", location);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("CellType.Lstm")]
    [InlineData("CellType.Gru")]
    public void NonlinearityOnAGatedCellIsReported(string cell) =>
        AssertSingleDiagnostic($"using RnnGen; [RecurrentNetwork({cell}, 8, 32, Nonlinearity = Activation.Relu)] public partial class Net;", "RNNG006", "Nonlinearity = Activation.Relu");

    [Theory]
    [InlineData("Activation.Sigmoid")]
    [InlineData("Activation.Identity")]
    [InlineData("Activation.Softmax")]
    public void NonlinearityOtherThanTanhOrReluIsReported(string activation) =>
        AssertSingleDiagnostic($"using RnnGen; [RecurrentNetwork(CellType.Rnn, 8, 32, Nonlinearity = {activation})] public partial class Net;", "RNNG007", $"Nonlinearity = {activation}");

    [Fact]
    public void OutputActivationWithoutAHeadIsReported() =>
        AssertSingleDiagnostic("using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 32, OutputActivation = Activation.Softmax)] public partial class Net;", "RNNG008", "OutputActivation = Activation.Softmax");

    [Fact]
    public void EmbeddingTableTooLargeIsReportedOnVocabularySize()
    {
        Diagnostic diagnostic = AssertSingleDiagnostic(
            "using RnnGen; [RecurrentNetwork(CellType.Gru, 4096, 32, VocabularySize = 20000)] public partial class Net;", "RNNG030", "VocabularySize = 20000");
        Assert.Equal(
            "The embedding table would hold VocabularySize × InputSize = 20000 × 4096 = 81920000 values, more than the 67108864 RnnGen generates for: use a smaller vocabulary or InputSize",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Dropout = -0.1f", "-0.1")]
    [InlineData("Dropout = 1f", "1")]
    [InlineData("Dropout = float.NaN", "NaN")]
    public void DropoutOutsideZeroToOneIsReportedOnTheArgument(string argument, string value)
    {
        Diagnostic diagnostic = AssertSingleDiagnostic($"using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 32, Layers = 2, {argument})] public partial class Net;", "RNNG031", argument);
        Assert.Equal($"Dropout must be at least 0 and below 1, but is {value}", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DropoutOnOneLayerIsReported() =>
        AssertSingleDiagnostic("using RnnGen; [RecurrentNetwork(CellType.Gru, 8, 32, Dropout = 0.2f)] public partial class Net;", "RNNG032", "Dropout = 0.2f");

    [Fact]
    public void SecondAttributeIsReported() =>
        AssertSingleDiagnostic(
            "using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 32)] [RecurrentNetwork(CellType.Gru, 4, 16)] public partial class Net;",
            "RNNG009",
            "RecurrentNetwork(CellType.Gru, 4, 16)");

    [Fact]
    public void AttributesOnTwoPartialDeclarationsAreReportedOnceAndGenerateNothing()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            "using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 32)] public partial class Net;",
            "using RnnGen; [RecurrentNetwork(CellType.Gru, 4, 16)] public partial class Net;");

        Assert.Null(output.Exception);
        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("RNNG009", diagnostic.Id);
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void ReorderedConstructorArgumentsAreReportedWhereTheyAreWritten()
    {
        const string Source = "using RnnGen; [RecurrentNetwork(hiddenSize: 5000, inputSize: 8, cell: CellType.Gru)] public partial class Net;";
        GeneratorOutput output = GeneratorHarness.Run(Source);

        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("RNNG005", diagnostic.Id);
        Assert.Equal("hiddenSize: 5000", Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Theory]
    [InlineData("(CellType)7, 8, 32", "(CellType)7")]
    [InlineData("CellType.Lstm, 8, 32, OutputSize = 2, OutputActivation = (Activation)42", "OutputActivation = (Activation)42")]
    public void UndefinedEnumValueIsReported(string arguments, string location) =>
        AssertSingleDiagnostic($"using RnnGen; [RecurrentNetwork({arguments})] public partial class Net;", "RNNG010", location);

    [Fact]
    public void ExplicitDefaultsAreAccepted()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            "using RnnGen; [RecurrentNetwork(CellType.Rnn, 8, 32, Nonlinearity = Activation.Tanh, OutputActivation = Activation.Identity, Layers = 1, OutputSize = 0)] public partial class Net;");

        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationErrors);
    }

    [Theory]
    [InlineData("Layers = 2")]
    [InlineData("Layers = 1")]
    public void LayersBesideLayerAttributesIsReportedOnLayers(string layers) =>
        AssertSingleDiagnostic(
            $"using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 64, {layers})] [RecurrentLayer(CellType.Gru, 32)] public partial class Net;",
            "RNNG020",
            layers);

    [Fact]
    public void BidirectionalBesideLayerAttributesIsReportedOnBidirectional() =>
        AssertSingleDiagnostic(
            "using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 64, Bidirectional = true)] [RecurrentLayer(CellType.Gru, 32)] public partial class Net;",
            "RNNG023",
            "Bidirectional = true");

    [Fact]
    public void BidirectionalWithVocabularySizeIsAccepted()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            "using RnnGen; using RnnGen.Training; [RecurrentNetwork(CellType.Lstm, 8, 16, Bidirectional = true, VocabularySize = 20)] public partial class Net; static class Use { static IBidirectionalTokenNetwork Run(Net net) => net; }");

        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationErrors);
    }

    [Fact]
    public void BidirectionalNetworkHasNoStepOrState()
    {
        // Sequence calls only: a caller of Step or State gets the compiler's own error, naming the missing member.
        GeneratorOutput output = GeneratorHarness.Run(
            "using RnnGen; [RecurrentNetwork(CellType.Gru, 4, 8, Bidirectional = true)] public partial class Net; static class Use { static void Run(Net net) { var state = new Net.State(); } }");

        Assert.Empty(output.Diagnostics);
        Diagnostic error = Assert.Single(output.CompilationErrors);
        Assert.Equal("CS0426", error.Id); // The type name 'State' does not exist in the type 'Net'.
    }

    [Fact]
    public void LayerAttributeWithoutANetworkIsReportedOnEachLayerAttribute()
    {
        const string Source = "using RnnGen; [RecurrentLayer(CellType.Gru, 32)] [RecurrentLayer(CellType.Lstm, 16)] public partial class Net;";
        GeneratorOutput output = GeneratorHarness.Run(Source);

        Assert.Null(output.Exception);
        Assert.Equal(
            new[] { "RecurrentLayer(CellType.Gru, 32)", "RecurrentLayer(CellType.Lstm, 16)" },
            output.Diagnostics.Select(diagnostic =>
            {
                Assert.Equal("RNNG021", diagnostic.Id);
                return Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
            }).Order());
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void LayerAttributeOnAnotherPartialDeclarationIsReportedThereAndGeneratesNothing()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            "using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 64)] [RecurrentLayer(CellType.Gru, 32)] public partial class Net;",
            "using RnnGen; [RecurrentLayer(CellType.Rnn, 16)] public partial class Net;");

        Assert.Null(output.Exception);
        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("RNNG022", diagnostic.Id);
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(output.Sources);
    }

    [Theory]
    [InlineData("CellType.Gru, 0", "0", "RNNG005")]
    [InlineData("hiddenSize: 1025, cell: CellType.Gru", "hiddenSize: 1025", "RNNG005")]
    [InlineData("CellType.Gru, 16, Nonlinearity = Activation.Relu", "Nonlinearity = Activation.Relu", "RNNG006")]
    [InlineData("CellType.Rnn, 16, Nonlinearity = Activation.Sigmoid", "Nonlinearity = Activation.Sigmoid", "RNNG007")]
    [InlineData("(CellType)9, 16", "(CellType)9", "RNNG010")]
    public void WrongLayerAttributeArgumentIsReportedOnTheArgument(string arguments, string location, string id) =>
        AssertSingleDiagnostic($"using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 64)] [RecurrentLayer({arguments})] public partial class Net;", id, location);

    [Fact]
    public void StackOfMoreThanEightLayersIsReportedOnTheNinthLayer()
    {
        string layers = string.Concat(Enumerable.Range(1, 8).Select(size => $"[RecurrentLayer(CellType.Gru, {size})] "));
        Diagnostic diagnostic = AssertSingleDiagnostic(
            $"using RnnGen; [RecurrentNetwork(CellType.Lstm, 8, 64)] {layers}public partial class Net;",
            "RNNG005",
            "RecurrentLayer(CellType.Gru, 8)");
        Assert.Equal("Layers (the network's own and one per RecurrentLayer) must be between 1 and 8, but is 9", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LayerAttributesStackOnTheNetworksLayerInTheirSourceOrder()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            "using RnnGen; [RecurrentLayer(CellType.Gru, 32)] [RecurrentNetwork(CellType.Lstm, 8, 64)] [RecurrentLayer(CellType.Rnn, 16, Nonlinearity = Activation.Relu)] public partial class Net;");

        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationErrors);
        string source = Assert.Single(output.Sources).Value;
        Assert.Contains("new(CellType.Lstm, InputSize, Layer0HiddenSize, Activation.Tanh),", source);
        Assert.Contains("new(CellType.Gru, Layer0HiddenSize, Layer1HiddenSize, Activation.Tanh),", source);
        Assert.Contains("new(CellType.Rnn, Layer1HiddenSize, Layer2HiddenSize, Activation.Relu),", source);
    }

    [Fact]
    public void EveryDiagnosticIsListedInTheReleaseTrackingFile()
    {
        var descriptors = typeof(RnnGen.Generator.RecurrentNetworkGenerator).Assembly
            .GetType("RnnGen.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .ToArray();
        string tracking = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "generator", "RnnGen.Generator", "AnalyzerReleases.Unshipped.md"));

        Assert.Equal(descriptors.Length, descriptors.Distinct().Count());
        Assert.All(descriptors, id => Assert.Contains(id + " |", tracking));
    }

    private static Diagnostic AssertSingleDiagnostic(string source, string id, string locationText)
    {
        GeneratorOutput output = GeneratorHarness.Run(source);

        Assert.Null(output.Exception);
        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(locationText, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(output.Sources);
        return diagnostic;
    }
}
