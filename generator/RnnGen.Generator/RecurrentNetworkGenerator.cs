using System;
using Microsoft.CodeAnalysis;
using RnnGen.Generator.Diagnostics;
using RnnGen.Generator.Emit;
using RnnGen.Generator.Model;
using RnnGen.Generator.Parsing;
using RnnGen.Generator.Weights;

namespace RnnGen.Generator;

/// <summary>
/// Turns each <c>[RecurrentNetwork]</c> partial class into a specialized forward pass.
/// Pipeline: attribute → <see cref="ParseResult"/> (equatable, symbol-free), joined with the weights
/// files read from AdditionalFiles (each read once, in its own cached step) → two outputs: the
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

        /// <summary>The read of each weights file (each <c>.safetensors</c> AdditionalFile), cached until that file changes.</summary>
        public const string WeightsFile = nameof(WeightsFile);

        /// <summary>Each parse joined with the weights file its attribute names, if any: checked, and the values put into the model.</summary>
        public const string Bind = nameof(Bind);

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

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphanLayers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.LayerAttributeMetadataName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                transform: OrphanLayerParser.Parse);
        context.RegisterSourceOutput(orphanLayers, static (production, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // Each file is read in its own step, filtered by path first so that no other AdditionalFile is ever read.
        IncrementalValuesProvider<WeightsFile> weightsFiles = context.AdditionalTextsProvider
            .Where(static file => WeightsFileReader.IsWeightsFile(file.Path))
            .Select(static (file, cancellationToken) => WeightsFileReader.Read(file, cancellationToken))
            .WithTrackingName(StepNames.WeightsFile);

        IncrementalValuesProvider<ParseResult> bound = parsed
            .Combine(weightsFiles.Collect())
            .Select(static (pair, _) => WeightsBinder.Bind(pair.Left, pair.Right))
            .WithTrackingName(StepNames.Bind);

        context.RegisterSourceOutput(bound.Select(static (result, _) => result.Diagnostics), static (production, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        IncrementalValuesProvider<NetworkModel> models = bound
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
