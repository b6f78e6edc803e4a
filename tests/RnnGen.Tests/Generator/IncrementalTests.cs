using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RnnGen.Generator;

namespace RnnGen.Tests.Generator;

/// <summary>The incremental pipeline re-emits only when a network's declaration changes.</summary>
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

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce(params string[] sources)
    {
        Compilation compilation = GeneratorHarness.Compile(sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        return (driver, compilation);
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
