using System;
using Microsoft.CodeAnalysis;
using RnnGen.Generator.Diagnostics;
using RnnGen.Generator.Emit;
using RnnGen.Generator.Model;
using RnnGen.Generator.Parsing;

namespace RnnGen.Generator;

/// <summary>
/// Turns each <c>[RecurrentNetwork]</c> partial class into a specialized forward pass.
/// Pipeline: attribute → <see cref="ParseResult"/> (equatable, symbol-free) → two outputs: the
/// diagnostics, and the source of each valid model, so an edit that moves only a location re-reports
/// diagnostics without re-emitting code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RecurrentNetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for the incremental-cache tests.</summary>
    public static class StepNames
    {
        /// <summary>The parse of each attributed class.</summary>
        public const string Parse = nameof(Parse);

        /// <summary>The model of each valid network, the input of emission.</summary>
        public const string Model = nameof(Model);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.AttributeMetadataName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                transform: NetworkParser.Parse)
            .WithTrackingName(StepNames.Parse);

        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (production, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        IncrementalValuesProvider<NetworkModel> models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(StepNames.Model);

        context.RegisterSourceOutput(models, static (production, model) =>
        {
            string source;
            try
            {
                source = NetworkEmitter.Emit(model);
            }
            catch (Exception exception)
            {
                production.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, model.FullName, exception.Message));
                return;
            }

            production.AddSource(NetworkEmitter.HintName(model), source);
        });
    }
}
