using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnGen.Generator.Diagnostics;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Parsing;

/// <summary>Reads a <c>[RecurrentNetwork]</c> class into a <see cref="NetworkModel"/>, or into the diagnostics that say why it cannot be generated.</summary>
internal static class NetworkParser
{
    public const string AttributeMetadataName = "RnnGen.RecurrentNetworkAttribute";

    public const string LayerAttributeMetadataName = "RnnGen.RecurrentLayerAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        AttributeData attribute = context.Attributes[0];
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        try
        {
            // The pipeline sees each partial declaration on its own, with only its own attributes; the class's
            // first attribute, across all of them, decides which declaration speaks for the class, so a class
            // gets one model (one file) and one report of its extra attributes.
            ImmutableArray<AttributeData> all = AllNetworkAttributes(type);
            if (!IsSameApplication(all[0], attribute))
            {
                return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
            }

            var model = ParseNetwork(type, (TypeDeclarationSyntax)context.TargetNode, all, diagnostics, out WeightsRequest? weights, cancellationToken);
            return new ParseResult(diagnostics.Count == 0 ? model : null, new EquatableArray<DiagnosticInfo>(diagnostics.ToImmutable()), weights);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var internalError = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, AttributeLocation(attribute), type.Name, exception.Message);
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(ImmutableArray.Create(internalError)));
        }
    }

    private static ImmutableArray<AttributeData> AllNetworkAttributes(INamedTypeSymbol type) =>
        type.GetAttributes()
            .Where(attribute => attribute.AttributeClass?.ToDisplayString() == AttributeMetadataName && attribute.ApplicationSyntaxReference is not null)
            .OrderBy(attribute => attribute.ApplicationSyntaxReference!.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(attribute => attribute.ApplicationSyntaxReference!.Span.Start)
            .ToImmutableArray();

    private static bool IsSameApplication(AttributeData left, AttributeData right) =>
        left.ApplicationSyntaxReference is { } a && right.ApplicationSyntaxReference is { } b && a.SyntaxTree == b.SyntaxTree && a.Span == b.Span;

    private static NetworkModel? ParseNetwork(
        INamedTypeSymbol type,
        TypeDeclarationSyntax declaration,
        ImmutableArray<AttributeData> attributes,
        ImmutableArray<DiagnosticInfo>.Builder diagnostics,
        out WeightsRequest? weights,
        CancellationToken cancellationToken)
    {
        AttributeData attribute = attributes[0];
        Location? attributeLocation = AttributeLocation(attribute);
        void Report(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location ?? attributeLocation, arguments));

        foreach (AttributeData duplicate in attributes.Skip(1))
        {
            Report(DiagnosticDescriptors.DuplicateAttribute, AttributeLocation(duplicate), type.Name);
        }

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            Report(DiagnosticDescriptors.ClassMustBePartial, null, type.Name);
        }

        if (type.ContainingType is { } containingType)
        {
            Report(DiagnosticDescriptors.NestedClassNotSupported, null, type.Name, containingType.Name);
        }

        if (type.IsGenericType)
        {
            Report(DiagnosticDescriptors.GenericClassNotSupported, null, type.Name);
        }

        if (type.IsStatic)
        {
            Report(DiagnosticDescriptors.StaticClassNotSupported, null, type.Name);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var arguments = new AttributeArguments(attribute);
        var cell = arguments.Enum<CellKind>(0, "cell", "CellType", CellKind.Lstm, Report);
        int inputSize = arguments.Size(1, "InputSize", 1, NetworkLimits.MaxInputSize, Report);
        int hiddenSize = arguments.Size(2, "HiddenSize", 1, NetworkLimits.MaxHiddenSize, Report);
        int layers = arguments.NamedSize("Layers", 1, 1, NetworkLimits.MaxLayers, Report);
        int headSize = arguments.NamedSize("OutputSize", 0, 0, NetworkLimits.MaxOutputSize, Report);
        var outputActivation = arguments.NamedEnum("OutputActivation", "Activation", ActivationKind.Identity, Report);
        var nonlinearity = arguments.NamedEnum("Nonlinearity", "Activation", ActivationKind.Tanh, Report);
        int vocabularySize = arguments.NamedSize("VocabularySize", 0, 0, NetworkLimits.MaxVocabularySize, Report);
        if ((long)vocabularySize * inputSize > NetworkLimits.MaxEmbeddingValues)
        {
            Report(DiagnosticDescriptors.EmbeddingTooLarge, arguments.Location("VocabularySize"), vocabularySize, inputSize, (long)vocabularySize * inputSize, NetworkLimits.MaxEmbeddingValues);
        }

        CheckNonlinearity(arguments, cell, nonlinearity, Report);
        if (headSize == 0 && outputActivation != ActivationKind.Identity)
        {
            Report(DiagnosticDescriptors.OutputActivationRequiresHead, arguments.Location("OutputActivation"), outputActivation);
        }

        float dropout = arguments.NamedValue("Dropout") as float? ?? 0f;
        if (!(dropout >= 0f && dropout < 1f))
        {
            Report(DiagnosticDescriptors.DropoutOutOfRange, arguments.Location("Dropout"), dropout.ToString("R", CultureInfo.InvariantCulture));
            dropout = 0f;
        }

        weights = arguments.NamedString("Weights") is { } file
            ? new WeightsRequest(file, LocationInfo.From(arguments.Location("Weights") ?? attributeLocation))
            : null;

        bool bidirectional = arguments.NamedValue("Bidirectional") is true;

        // A bidirectional layer above the first reads both directions' h of the layer below.
        int directions = bidirectional ? 2 : 1;
        var stack = ImmutableArray.CreateBuilder<LayerModel>();
        for (int layer = 0; layer < layers; layer++)
        {
            stack.Add(new LayerModel(cell, layer == 0 ? inputSize : directions * hiddenSize, hiddenSize, nonlinearity));
        }

        ParseLayerAttributes(type, declaration, arguments, stack, Report, cancellationToken);
        if (dropout > 0f && stack.Count == 1)
        {
            Report(DiagnosticDescriptors.DropoutNeedsStackedLayers, arguments.Location("Dropout"), dropout.ToString("R", CultureInfo.InvariantCulture));
        }

        if (bidirectional && stack.Count > layers)
        {
            Report(DiagnosticDescriptors.BidirectionalWithLayerAttributes, arguments.Location("Bidirectional"), type.Name);
        }

        string ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
        string accessibility = type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
        string keyword = type.IsRecord ? "record" : "class";
        return new NetworkModel(ns, type.Name, accessibility, keyword, inputSize, new EquatableArray<LayerModel>(stack.ToImmutable()), headSize, outputActivation)
        {
            VocabularySize = vocabularySize,
            Dropout = dropout,
            Bidirectional = bidirectional,
            WarmsUpOnFirstConstruction = ScratchConstruction.IsFreeOfUserCode(type),
        };
    }

    /// <summary>
    /// Stacks a layer for each <c>[RecurrentLayer]</c> on the declaration that carries <c>[RecurrentNetwork]</c>, in
    /// source order. Layer attributes elsewhere have no defined order relative to these, and a <c>Layers</c> count
    /// beside them could mean the whole stack or the first part of it: both are reported rather than guessed.
    /// </summary>
    private static void ParseLayerAttributes(
        INamedTypeSymbol type,
        TypeDeclarationSyntax declaration,
        AttributeArguments network,
        ImmutableArray<LayerModel>.Builder stack,
        Action<DiagnosticDescriptor, Location?, object[]> report,
        CancellationToken cancellationToken)
    {
        var layerAttributes = type.GetAttributes()
            .Where(attribute => attribute.AttributeClass?.ToDisplayString() == LayerAttributeMetadataName && attribute.ApplicationSyntaxReference is not null)
            .ToList();
        if (layerAttributes.Count == 0)
        {
            return;
        }

        if (network.IsSet("Layers"))
        {
            report(DiagnosticDescriptors.LayersWithLayerAttributes, network.Location("Layers"), new object[] { type.Name });
        }

        var own = new List<AttributeData>();
        foreach (AttributeData attribute in layerAttributes)
        {
            SyntaxReference reference = attribute.ApplicationSyntaxReference!;
            if (reference.SyntaxTree == declaration.SyntaxTree && declaration.AttributeLists.Span.Contains(reference.Span))
            {
                own.Add(attribute);
            }
            else
            {
                report(DiagnosticDescriptors.LayerAttributeOnOtherDeclaration, AttributeLocation(attribute), new object[] { type.Name });
            }
        }

        foreach (AttributeData attribute in own.OrderBy(attribute => attribute.ApplicationSyntaxReference!.Span.Start))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var arguments = new AttributeArguments(attribute);
            var cell = arguments.Enum<CellKind>(0, "cell", "CellType", CellKind.Lstm, report);
            int hiddenSize = arguments.Size(1, "HiddenSize", 1, NetworkLimits.MaxHiddenSize, report);
            var nonlinearity = arguments.NamedEnum("Nonlinearity", "Activation", ActivationKind.Tanh, report);
            CheckNonlinearity(arguments, cell, nonlinearity, report);
            if (stack.Count == NetworkLimits.MaxLayers)
            {
                report(DiagnosticDescriptors.SizeOutOfRange, AttributeLocation(attribute), new object[] { "Layers (the network's own and one per RecurrentLayer)", 1, NetworkLimits.MaxLayers, stack.Count + 1 });
                continue;
            }

            stack.Add(new LayerModel(cell, stack[stack.Count - 1].HiddenSize, hiddenSize, nonlinearity));
        }
    }

    private static void CheckNonlinearity(AttributeArguments arguments, CellKind cell, ActivationKind nonlinearity, Action<DiagnosticDescriptor, Location?, object[]> report)
    {
        if (!arguments.IsSet("Nonlinearity"))
        {
            return;
        }

        if (cell != CellKind.Rnn)
        {
            report(DiagnosticDescriptors.NonlinearityRequiresRnnCell, arguments.Location("Nonlinearity"), new object[] { cell });
        }
        else if (nonlinearity is not (ActivationKind.Tanh or ActivationKind.Relu))
        {
            report(DiagnosticDescriptors.NonlinearityMustBeTanhOrRelu, arguments.Location("Nonlinearity"), new object[] { $"Activation.{nonlinearity}" });
        }
    }

    private static Location? AttributeLocation(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();

    /// <summary>The attribute's constructor and named arguments, each with the syntax location a diagnostic about it should point at.</summary>
    private sealed class AttributeArguments
    {
        private readonly AttributeData _attribute;
        private readonly AttributeSyntax? _syntax;

        public AttributeArguments(AttributeData attribute)
        {
            _attribute = attribute;
            _syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
        }

        public bool IsSet(string name) => _attribute.NamedArguments.Any(argument => argument.Key == name);

        /// <param name="name">The size's property name, as messages say it; its constructor parameter is the same in camelCase.</param>
        public int Size(int position, string name, int min, int max, Action<DiagnosticDescriptor, Location?, object[]> report) =>
            CheckRange(ConstructorValue(position) as int? ?? min, name, min, max, Location(position, char.ToLowerInvariant(name[0]) + name.Substring(1)), report);

        public int NamedSize(string name, int defaultValue, int min, int max, Action<DiagnosticDescriptor, Location?, object[]> report) =>
            CheckRange(NamedValue(name) as int? ?? defaultValue, name, min, max, Location(name), report);

        public T Enum<T>(int position, string parameterName, string enumName, T fallback, Action<DiagnosticDescriptor, Location?, object[]> report)
            where T : struct, Enum =>
            CheckEnum(ConstructorValue(position), enumName, fallback, Location(position, parameterName), report);

        public T NamedEnum<T>(string name, string enumName, T defaultValue, Action<DiagnosticDescriptor, Location?, object[]> report)
            where T : struct, Enum =>
            CheckEnum(NamedValue(name), enumName, defaultValue, Location(name), report);

        public string? NamedString(string name) => NamedValue(name) as string;

        public Location? Location(string name) =>
            _syntax?.ArgumentList?.Arguments.FirstOrDefault(argument => argument.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();

        /// <summary>A constructor argument's location: by its name when written <c>inputSize: 8</c> (in any order), else by position.</summary>
        private Location? Location(int position, string parameterName)
        {
            if (_syntax?.ArgumentList is not { } list)
            {
                return null;
            }

            AttributeArgumentSyntax? named = list.Arguments.FirstOrDefault(argument => argument.NameColon?.Name.Identifier.ValueText == parameterName);
            if (named is not null)
            {
                return named.GetLocation();
            }

            return position < list.Arguments.Count && list.Arguments[position] is { NameEquals: null, NameColon: null } positional
                ? positional.GetLocation()
                : null;
        }

        private object? ConstructorValue(int position) =>
            position < _attribute.ConstructorArguments.Length ? _attribute.ConstructorArguments[position].Value : null;

        public object? NamedValue(string name) =>
            _attribute.NamedArguments.FirstOrDefault(argument => argument.Key == name).Value.Value;

        private static int CheckRange(int value, string name, int min, int max, Location? location, Action<DiagnosticDescriptor, Location?, object[]> report)
        {
            if (value < min || value > max)
            {
                report(DiagnosticDescriptors.SizeOutOfRange, location, new object[] { name, min, max, value });
                return min;
            }

            return value;
        }

        private static T CheckEnum<T>(object? value, string enumName, T fallback, Location? location, Action<DiagnosticDescriptor, Location?, object[]> report)
            where T : struct, Enum
        {
            if (value is not int number)
            {
                return fallback;
            }

            if (!System.Enum.IsDefined(typeof(T), number))
            {
                report(DiagnosticDescriptors.UnknownEnumValue, location, new object[] { enumName, number });
                return fallback;
            }

            return (T)(object)number;
        }
    }
}
