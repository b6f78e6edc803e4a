using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RnnGen.Generator;
using RnnGen.Tests.Weights;

namespace RnnGen.Tests.Generator;

/// <summary>The incremental pipeline re-emits only when a network's declaration, or the weights file it embeds, changes.</summary>
public sealed class IncrementalTests
{
    private const string Network = "using RnnGen; namespace App; [RecurrentNetwork(CellType.Gru, 4, 16, OutputSize = 2)] public partial class Net;";

    [Fact]
    public void UnrelatedEditLeavesEmissionCached()
    {
        var (driver, compilation) = RunOnce(Network, "namespace App; public class Other { }");

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        Compilation edited = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace App; public class Other { public int Added; }")));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Parse, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Model, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertOutputsCached(result);
    }

    [Fact]
    public void MovingTheDeclarationKeepsTheModelUnchanged()
    {
        var (driver, compilation) = RunOnce(Network);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        Compilation moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("\n\n// moved down\n" + Network)));
        GeneratorRunResult result = driver.RunGenerators(moved).GetRunResult().Results.Single();

        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Model, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertOutputsCached(result);
    }

    [Fact]
    public void ChangingASizeReEmits()
    {
        var (driver, compilation) = RunOnce(Network);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        Compilation changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Network.Replace("4, 16", "4, 24"))));
        GeneratorRunResult result = driver.RunGenerators(changed).GetRunResult().Results.Single();

        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Model, IncrementalStepRunReason.Modified);
        Assert.Contains("public const int HiddenSize = 24;", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void UnrelatedEditDoesNotReadTheWeightsFileAgain()
    {
        var file = new CountingAdditionalText(WeightsFiles.Encoded("/src/model.safetensors", WeightsDiagnosticTests.ValidFile()));
        var (driver, compilation) = RunOnce(new[] { file }, EmbeddedNetwork, "namespace App; public class Other { }");

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        Compilation edited = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace App; public class Other { public int Added; }")));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(1, file.Reads);
        AssertReasons(result, RecurrentNetworkGenerator.StepNames.WeightsFile, IncrementalStepRunReason.Cached);
        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Bind, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Model, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertOutputsCached(result);
    }

    [Fact]
    public void ChangingTheWeightsFileReEmits()
    {
        AdditionalText original = WeightsFiles.Encoded("/src/model.safetensors", WeightsDiagnosticTests.ValidFile());
        var (driver, compilation) = RunOnce(new[] { original }, EmbeddedNetwork);

        byte[] changed = WeightsDiagnosticTests.ValidFile();
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(changed.AsSpan(changed.Length - 4), 0.375f);
        GeneratorRunResult result = driver.ReplaceAdditionalText(original, WeightsFiles.Encoded("/src/model.safetensors", changed)).RunGenerators(compilation).GetRunResult().Results.Single();

        AssertReasons(result, RecurrentNetworkGenerator.StepNames.WeightsFile, IncrementalStepRunReason.Modified);
        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Model, IncrementalStepRunReason.Modified);
        // 0.375f is 0x3EC00000: its low half, then its high half, ends the embedded string.
        Assert.Contains("\\u0000\\u3EC0\";", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void AddingAnUnrelatedFileDoesNotReadTheWeightsFileAgain()
    {
        var file = new CountingAdditionalText(WeightsFiles.Encoded("/src/model.safetensors", WeightsDiagnosticTests.ValidFile()));
        var (driver, compilation) = RunOnce(new[] { file }, EmbeddedNetwork);

        GeneratorRunResult result = driver.AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(WeightsFiles.Raw("/src/other.safetensors"))).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal(1, file.Reads);
        AssertReasons(result, RecurrentNetworkGenerator.StepNames.Model, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertOutputsCached(result);
    }

    private const string EmbeddedNetwork = "using RnnGen; namespace App; [RecurrentNetwork(CellType.Lstm, 3, 2, OutputSize = 2, Weights = \"model.safetensors\")] public partial class Net;";

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce(params string[] sources) => RunOnce(Array.Empty<AdditionalText>(), sources);

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce(AdditionalText[] additionalTexts, params string[] sources)
    {
        Compilation compilation = GeneratorHarness.Compile(sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true, additionalTexts: additionalTexts).RunGenerators(compilation);
        return (driver, compilation);
    }

    /// <summary>Counts how often the generator asks for the file's text.</summary>
    private sealed class CountingAdditionalText(AdditionalText inner) : AdditionalText
    {
        public int Reads { get; private set; }

        public override string Path => inner.Path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default)
        {
            Reads++;
            return inner.GetText(cancellationToken);
        }
    }

    private static void AssertOutputsCached(GeneratorRunResult result)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).ToArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(run => run.Outputs).ToArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Contains(output.Reason, allowed));
    }
}
