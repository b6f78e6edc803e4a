using System.Linq;

namespace RnnGen.Generator.Model;

/// <summary>The cell of a layer; values match <c>RnnGen.CellType</c>.</summary>
internal enum CellKind
{
    Rnn,
    Lstm,
    Gru,
}

/// <summary>An activation; values match <c>RnnGen.Activation</c>.</summary>
internal enum ActivationKind
{
    Identity,
    Tanh,
    Relu,
    Sigmoid,
    Softmax,
}

/// <summary>
/// Everything the emitter needs to write one network, as plain values: no symbols, syntax or
/// compilation, so an edit elsewhere in the user's code leaves it equal and emission cached.
/// </summary>
/// <param name="Namespace">The class's namespace, or empty for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="Accessibility">The C# accessibility keyword of the class (<c>public</c>, <c>internal</c>).</param>
/// <param name="TypeKeyword"><c>class</c> or <c>record</c>, as the user declared it.</param>
/// <param name="Stack">The recurrent layers, bottom (reading the input) first; all alike unless <c>[RecurrentLayer]</c> attributes added layers that differ.</param>
internal sealed record NetworkModel(
    string Namespace,
    string ClassName,
    string Accessibility,
    string TypeKeyword,
    int InputSize,
    EquatableArray<LayerModel> Stack,
    int HeadSize,
    ActivationKind OutputActivation)
{
    /// <summary>The weights every instance starts with, or null when the attribute names no <c>Weights</c> file.</summary>
    public EmbeddedWeights? Weights { get; init; }

    /// <summary>The number of token ids an embedding table maps to the first layer's input, or 0 for float input.</summary>
    public int VocabularySize { get; init; }

    /// <summary>The probability of dropping a unit between stacked layers in training (PyTorch's <c>dropout</c>), or 0.</summary>
    public float Dropout { get; init; }

    public bool HasDropout => Dropout > 0;

    public bool HasEmbedding => VocabularySize > 0;

    /// <summary>
    /// Whether the first construction also runs one <c>Step</c> on a scratch instance: true when constructing one runs
    /// no code of the user's (see <c>ScratchConstruction</c>).
    /// </summary>
    public bool WarmsUpOnFirstConstruction { get; init; }

    /// <summary>
    /// Whether every layer also runs over the sequence in reverse and concatenates both directions' h, as PyTorch's
    /// <c>bidirectional=True</c>: then each layer above the first reads <c>2 × hidden</c> values, and only whole
    /// sequences run (no <c>Step</c>, <c>State</c> or multi-stream step).
    /// </summary>
    public bool Bidirectional { get; init; }

    /// <summary>1, or 2 for a bidirectional network.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    public bool HasHead => HeadSize > 0;

    /// <summary>The width of the last layer's output, which the head (or, without one, the output) reads: its hidden size per direction.</summary>
    public int LastLayerOutputSize => LastLayer.HiddenSize * Directions;

    /// <summary>
    /// The parameter group of the head (each group has its own packed copy): after the layers' groups, which are
    /// every layer's forward direction, then (bidirectional) every layer's reverse direction.
    /// </summary>
    public int HeadGroup => Layers * Directions;

    /// <summary>The number of parameter groups, each packed on its own: one per layer and direction, and the head's.</summary>
    public int Groups => HeadGroup + (HasHead ? 1 : 0);

    public int Layers => Stack.Count;

    public LayerModel Layer(int layer) => Stack[layer];

    public LayerModel LastLayer => Stack[Stack.Count - 1];

    /// <summary>
    /// Whether every layer has the same cell, hidden size and nonlinearity, as <c>Layers = n</c> declares: the
    /// generated code then names the shared sizes once (<c>HiddenSize</c>, <c>GateRows</c>) instead of per layer.
    /// </summary>
    public bool IsUniform => Stack.All(layer => layer with { InputSize = 0 } == Stack[0] with { InputSize = 0 });

    public int OutputSize => HasHead ? HeadSize : LastLayerOutputSize;

    public int MaxHiddenSize => Stack.Max(layer => layer.HiddenSize);

    public int MaxGateRows => Stack.Max(layer => layer.GateRows);

    public bool AnyLayer(CellKind cell) => Stack.Any(layer => layer.Cell == cell);

    public string FullName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;
}

/// <summary>What parsing one attributed class produced: a model to emit (when valid) and diagnostics.</summary>
/// <param name="Weights">The <c>Weights</c> file to embed, still to be read and checked against the model; null when none is named.</param>
internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, WeightsRequest? Weights = null);
