using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RnnGen.Generator;
using RnnGen.Tests.Generator;

namespace RnnGen.Bench;

/// <summary>
/// What the generator costs a user's build: the generator alone on a 2-layer LSTM of hidden 128, and the
/// generator plus the C# compiler on a project declaring ten networks, each run in memory as the compiler
/// runs them. The best of several runs, since the first includes loading and JIT-compiling Roslyn itself.
/// </summary>
public static class GeneratorCost
{
    private const string OneModel = """
        using RnnGen;
        [RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 128, Layers = 2)]
        public partial class Lstm128x2;
        """;

    private static readonly string TenModels = "using RnnGen;\n" + string.Join("\n", new[]
    {
        "CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax",
        "CellType.Lstm, inputSize: 1, hiddenSize: 64",
        "CellType.Lstm, inputSize: 16, hiddenSize: 128, Layers = 2, OutputSize = 1",
        "CellType.Gru, inputSize: 1, hiddenSize: 16",
        "CellType.Gru, inputSize: 12, hiddenSize: 48, Layers = 2, OutputSize = 10, OutputActivation = Activation.Softmax",
        "CellType.Gru, inputSize: 3, hiddenSize: 128",
        "CellType.Rnn, inputSize: 1, hiddenSize: 32",
        "CellType.Rnn, inputSize: 4, hiddenSize: 100, Layers = 3, Nonlinearity = Activation.Relu",
        "CellType.Lstm, inputSize: 40, hiddenSize: 256, OutputSize = 12",
        "CellType.Gru, inputSize: 2, hiddenSize: 8, Layers = 2, OutputSize = 1, OutputActivation = Activation.Sigmoid",
    }.Select((arguments, index) => $"[RecurrentNetwork({arguments})]\npublic partial class Network{index};"));

    public static void Write(TextWriter output)
    {
        output.WriteLine("## Generator: what it adds to a build (in memory, best of 5 after a first run)");
        output.WriteLine();
        (double generateMs, string source) = Best(() => Generate(OneModel));
        int lines = source.Count(c => c == '\n');
        output.WriteLine($"- 2-layer LSTM, input 8, hidden 128: generated in {generateMs:F1} ms; {Encoding.UTF8.GetByteCount(source) / 1024.0:F0} KB of C#, {lines:N0} lines.");
        (double tenGenerateMs, _) = Best(() => Generate(TenModels));
        (double tenBuildMs, _) = Best(() => GenerateAndCompile(TenModels));
        output.WriteLine($"- A project declaring ten networks: the generator takes {tenGenerateMs:F0} ms, the generator and the C# compiler (to IL) {tenBuildMs:F0} ms.");
        output.WriteLine();
    }

    private static (double Ms, string Source) Best(Func<string> run)
    {
        string source = run();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (best, source);
    }

    private static string Generate(string declarations)
    {
        GeneratorDriver driver = CreateDriver().RunGenerators(Compile(declarations));
        return string.Concat(driver.GetRunResult().Results.Single().GeneratedSources.Select(generated => generated.SourceText.ToString()));
    }

    private static string GenerateAndCompile(string declarations)
    {
        CreateDriver().RunGeneratorsAndUpdateCompilation(Compile(declarations), out Compilation compilation, out _);
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);
        if (!result.Success)
        {
            throw new InvalidOperationException("The generated code did not compile: " + string.Join("; ", result.Diagnostics.Take(5)));
        }

        return string.Empty;
    }

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(new[] { new RecurrentNetworkGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create(
            "UserAssembly",
            [CSharpSyntaxTree.ParseText(source, ParseOptions)],
            UserCodeReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
}
