using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using RnnGen.Generator.Diagnostics;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Parsing;

/// <summary>
/// Reports <c>[RecurrentLayer]</c> attributes on a class that has no <c>[RecurrentNetwork]</c>: a layer has
/// nothing to stack on. A class with a network attribute is left to <see cref="NetworkParser"/>.
/// </summary>
internal static class OrphanLayerParser
{
    public static EquatableArray<DiagnosticInfo> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        bool hasNetwork = type.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == NetworkParser.AttributeMetadataName);
        if (hasNetwork)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new EquatableArray<DiagnosticInfo>(context.Attributes
            .Select(attribute => DiagnosticInfo.Create(
                DiagnosticDescriptors.LayerAttributeWithoutNetwork,
                attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation(),
                type.Name))
            .ToImmutableArray());
    }
}
