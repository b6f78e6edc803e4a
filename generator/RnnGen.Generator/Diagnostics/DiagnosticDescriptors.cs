using Microsoft.CodeAnalysis;

namespace RnnGen.Generator.Diagnostics;

/// <summary>Every diagnostic RnnGen reports. IDs are tracked in AnalyzerReleases.*.md and never reused.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "RnnGen";

    public static readonly DiagnosticDescriptor ClassMustBePartial = Error(
        "RNNG001",
        "Network class must be partial",
        "'{0}' must be declared 'partial' so that RnnGen can generate its members");

    public static readonly DiagnosticDescriptor NestedClassNotSupported = Error(
        "RNNG002",
        "Nested network classes are not supported",
        "'{0}' is nested in '{1}': declare the network as a top-level class");

    public static readonly DiagnosticDescriptor GenericClassNotSupported = Error(
        "RNNG003",
        "Generic network classes are not supported",
        "'{0}' is generic: a network's sizes are fixed, declare it without type parameters");

    public static readonly DiagnosticDescriptor StaticClassNotSupported = Error(
        "RNNG004",
        "Static network classes are not supported",
        "'{0}' is static: a network holds its parameters in an instance, remove 'static'");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Error(
        "RNNG005",
        "Network size out of range",
        "{0} must be between {1} and {2}, but is {3}");

    public static readonly DiagnosticDescriptor NonlinearityRequiresRnnCell = Error(
        "RNNG006",
        "Nonlinearity applies to CellType.Rnn only",
        "Nonlinearity is set, but the cell is CellType.{0}, whose gate activations are fixed: remove Nonlinearity or use CellType.Rnn");

    public static readonly DiagnosticDescriptor NonlinearityMustBeTanhOrRelu = Error(
        "RNNG007",
        "Unsupported RNN nonlinearity",
        "Nonlinearity must be Activation.Tanh or Activation.Relu (as torch.nn.RNN), but is {0}");

    public static readonly DiagnosticDescriptor OutputActivationRequiresHead = Error(
        "RNNG008",
        "OutputActivation requires a head",
        "OutputActivation is Activation.{0}, but the network has no head: set OutputSize to add one, or remove OutputActivation");

    public static readonly DiagnosticDescriptor DuplicateAttribute = Error(
        "RNNG009",
        "More than one RecurrentNetwork attribute",
        "'{0}' has more than one [RecurrentNetwork] attribute: declare one network per class");

    public static readonly DiagnosticDescriptor UnknownEnumValue = Error(
        "RNNG010",
        "Unknown enum value",
        "{0} has no member with value {1}");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Error(
        "RNNG011",
        "Weights file not found",
        "Weights file '{0}' is not among the AdditionalFiles: add <AdditionalFiles Include=\"{0}\" /> to the project (a file is matched by its name, or by the end of its path)");

    public static readonly DiagnosticDescriptor WeightsFileNotEncoded = Error(
        "RNNG012",
        "Weights file reached the compiler without RnnGen's build step",
        "Weights file '{0}' reached the compiler as binary, which the compiler cannot read: import RnnGen.targets (in the generator's build folder) into the project, which passes it on encoded");

    public static readonly DiagnosticDescriptor WeightsFileAmbiguous = Error(
        "RNNG013",
        "Weights file name is ambiguous",
        "Weights file '{0}' matches more than one AdditionalFile ({1}): name it by more of its path");

    public static readonly DiagnosticDescriptor WeightsFileCorrupt = Error(
        "RNNG014",
        "Weights file is not a valid safetensors file",
        "Weights file '{0}' is not a valid safetensors file: {1}");

    public static readonly DiagnosticDescriptor WeightsFileTooLarge = Error(
        "RNNG015",
        "Weights too large to embed",
        "Weights file '{0}' is too large to embed: {1}; load a model this large at run time");

    public static readonly DiagnosticDescriptor WeightsTensorMissing = Error(
        "RNNG016",
        "Weights file lacks a parameter",
        "Weights file '{0}' has no tensor '{1}' (expected shape {2})");

    public static readonly DiagnosticDescriptor WeightsTensorUnexpected = Error(
        "RNNG017",
        "Weights file has a tensor the network does not",
        "Weights file '{0}' has a tensor '{1}' of shape {2}, but the network has no such parameter");

    public static readonly DiagnosticDescriptor WeightsTensorWrongShape = Error(
        "RNNG018",
        "Tensor shape does not match the network",
        "Tensor '{1}' in weights file '{0}' has shape {3}, but the network expects {2}");

    public static readonly DiagnosticDescriptor WeightsTensorUnsupportedDtype = Error(
        "RNNG019",
        "Unsupported tensor dtype",
        "Tensor '{1}' in weights file '{0}' has dtype {2}: RnnGen embeds F32, F16 and BF16");

    public static readonly DiagnosticDescriptor LayersWithLayerAttributes = Error(
        "RNNG020",
        "Layers is ambiguous beside RecurrentLayer attributes",
        "'{0}' sets Layers and also stacks [RecurrentLayer] attributes, so the count could mean the whole stack or its first part: remove Layers ([RecurrentNetwork] declares layer 0, each [RecurrentLayer] one more), or declare each layer with its own [RecurrentLayer]");

    public static readonly DiagnosticDescriptor LayerAttributeWithoutNetwork = Error(
        "RNNG021",
        "RecurrentLayer without a RecurrentNetwork",
        "'{0}' has a [RecurrentLayer] but no [RecurrentNetwork]: a layer stacks on a network, declare its input and first layer with [RecurrentNetwork]");

    public static readonly DiagnosticDescriptor LayerAttributeOnOtherDeclaration = Error(
        "RNNG022",
        "RecurrentLayer on another partial declaration",
        "This [RecurrentLayer] of '{0}' is on a different partial declaration than its [RecurrentNetwork], so its place in the stack is undefined: put every [RecurrentLayer] on the declaration that carries [RecurrentNetwork], in stacking order");

    public static readonly DiagnosticDescriptor BidirectionalWithLayerAttributes = Error(
        "RNNG023",
        "Bidirectional beside RecurrentLayer attributes",
        "'{0}' is Bidirectional and also stacks [RecurrentLayer] attributes: a bidirectional network's layers are all alike, as nn.LSTM(bidirectional=True) makes them; declare them with Layers = n, or remove Bidirectional");

    public static readonly DiagnosticDescriptor EmbeddingTooLarge = Error(
        "RNNG030",
        "Embedding table too large",
        "The embedding table would hold VocabularySize × InputSize = {0} × {1} = {2} values, more than the {3} RnnGen generates for: use a smaller vocabulary or InputSize");

    public static readonly DiagnosticDescriptor DropoutOutOfRange = Error(
        "RNNG031",
        "Dropout probability out of range",
        "Dropout must be at least 0 and below 1, but is {0}");

    public static readonly DiagnosticDescriptor DropoutNeedsStackedLayers = Error(
        "RNNG032",
        "Dropout needs stacked layers",
        "Dropout = {0} applies between stacked layers, and this network has one layer, so it would do nothing (PyTorch warns and ignores it): remove Dropout, or stack more layers (Layers = 2 or more, or a [RecurrentLayer])");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "RNNG099",
        "RnnGen failed",
        "RnnGen failed to generate '{0}': {1}. Please report this with the attribute that caused it.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
