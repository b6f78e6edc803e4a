using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RnnGen.Generator;

namespace RnnGen.Tests.Generator;

/// <summary>Runs the generator over source text in memory, the way the compiler does in a user's build.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The framework the tests run on, plus the runtime library that declares the attribute.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(RecurrentNetworkAttribute).Assembly.Location);
        return paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{index}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false, IEnumerable<AdditionalText>? additionalTexts = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new RecurrentNetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns what it produced and the compilation with its output added.</summary>
    public static GeneratorOutput Run(params string[] sources) => Run(Array.Empty<AdditionalText>(), sources);

    /// <summary>Runs the generator with AdditionalFiles, as the compiler passes them.</summary>
    public static GeneratorOutput Run(IEnumerable<AdditionalText> additionalTexts, params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver(additionalTexts: additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        return new GeneratorOutput(
            result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString()),
            result.Diagnostics,
            result.Exception,
            output);
    }
}

/// <param name="Sources">The generated files by hint name.</param>
/// <param name="Diagnostics">What the generator reported.</param>
/// <param name="Exception">What the generator threw (the user would see CS8785), or null.</param>
/// <param name="Compilation">The user's compilation with the generated files.</param>
internal sealed record GeneratorOutput(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> Diagnostics,
    Exception? Exception,
    Compilation Compilation)
{
    public IEnumerable<Diagnostic> CompilationErrors =>
        Compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
}
