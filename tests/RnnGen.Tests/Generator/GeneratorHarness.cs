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
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>
    /// As the compiler parses a project with <c>GenerateDocumentationFile</c>: doc comments are checked, and a
    /// publicly visible member without one is warning CS1591.
    /// </summary>
    public static CSharpParseOptions DocumentedParseOptions { get; } = ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);

    public static CSharpCompilation Compile(params string[] sources) => Compile(ParseOptions, sources);

    private static CSharpCompilation Compile(CSharpParseOptions parseOptions, string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Source{index}.cs")),
            UserCodeReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false, IEnumerable<AdditionalText>? additionalTexts = null) =>
        CreateDriver(ParseOptions, trackSteps, additionalTexts);

    private static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions, bool trackSteps, IEnumerable<AdditionalText>? additionalTexts) =>
        CSharpGeneratorDriver.Create(
            new[] { new RecurrentNetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns what it produced and the compilation with its output added.</summary>
    public static GeneratorOutput Run(params string[] sources) => Run(Array.Empty<AdditionalText>(), sources);

    /// <summary>Runs the generator with AdditionalFiles, as the compiler passes them.</summary>
    public static GeneratorOutput Run(IEnumerable<AdditionalText> additionalTexts, params string[] sources) =>
        Run(ParseOptions, additionalTexts, sources);

    /// <summary>Runs the generator as in a project that generates a documentation file (<see cref="DocumentedParseOptions"/>).</summary>
    public static GeneratorOutput RunDocumented(IEnumerable<AdditionalText> additionalTexts, params string[] sources) =>
        Run(DocumentedParseOptions, additionalTexts, sources);

    private static GeneratorOutput Run(CSharpParseOptions parseOptions, IEnumerable<AdditionalText> additionalTexts, string[] sources)
    {
        CSharpCompilation compilation = Compile(parseOptions, sources);
        GeneratorDriver driver = CreateDriver(parseOptions, trackSteps: false, additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
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
