using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// The names generated code uses for a layer's sizes. A uniform stack shares one name per size
/// (<c>HiddenSize</c>, <c>GateRows</c>); a stack whose layers differ has one constant per layer
/// (<c>Layer1HiddenSize</c>), and helpers that look a size up when the layer is only known at run time.
/// </summary>
internal static class LayerNames
{
    /// <summary>The constant holding layer <paramref name="layer"/>'s hidden size.</summary>
    public static string Hidden(NetworkModel model, int layer) => model.IsUniform ? "HiddenSize" : $"Layer{layer}HiddenSize";

    /// <summary>The constant holding the rows of layer <paramref name="layer"/>'s gate matrices.</summary>
    public static string GateRows(NetworkModel model, int layer) => model.IsUniform ? "GateRows" : $"Layer{layer}GateRows";

    /// <summary>An expression of layer <paramref name="layer"/>'s input size: the network's, or the output size of the layer below.</summary>
    public static string Input(NetworkModel model, int layer) => layer == 0 ? "InputSize" : LayerOutput(model, layer - 1);

    /// <summary>An expression of the width of layer <paramref name="layer"/>'s output: its hidden size, or both directions' h side by side.</summary>
    public static string LayerOutput(NetworkModel model, int layer) => model.Bidirectional ? $"Directions * {Hidden(model, layer)}" : Hidden(model, layer);

    /// <summary>An expression of the width of the last layer's output, which the head (or, without one, the output) reads.</summary>
    public static string LastOutput(NetworkModel model) => LayerOutput(model, model.Layers - 1);

    /// <summary>The hidden size of the last layer, which the head (or, without one, the output) reads.</summary>
    public static string LastHidden(NetworkModel model) => Hidden(model, model.Layers - 1);

    /// <summary>An expression of the hidden size of the layer the expression <paramref name="layer"/> names at run time.</summary>
    public static string HiddenAt(NetworkModel model, string layer) => model.IsUniform ? "HiddenSize" : $"LayerHiddenSize({layer})";

    /// <summary>The largest hidden size of any layer: what buffers shared by all layers hold.</summary>
    public static string MaxHidden(NetworkModel model) => model.IsUniform ? "HiddenSize" : "MaxHiddenSize";

    /// <summary>The most gate rows of any layer.</summary>
    public static string MaxGateRows(NetworkModel model) => model.IsUniform ? "GateRows" : "MaxGateRows";
}
