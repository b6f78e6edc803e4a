using System.Linq;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the <c>State</c> struct: every layer's h (and c) inline, so a state is a plain value that
/// costs no allocation, is zero by default, and belongs to one caller (the network stays shareable).
/// </summary>
/// <remarks>
/// h is kept in two banks that swap each step: the recurrent product reads the previous step's bank
/// while the new h is written to the other, so no copy is needed. Each layer's slice is padded to whole
/// 512-bit vectors so that every path stores whole vectors; the padding stays zero because its weights
/// and biases are zero.
/// </remarks>
internal static class StateEmitter
{
    public static void Emit(SourceWriter writer, NetworkModel model)
    {
        bool lstm = model.AnyLayer(CellKind.Lstm);
        bool onlyLstm = model.Stack.All(layer => layer.Cell == CellKind.Lstm);
        string layerOffset = model.IsUniform ? "layer * PaddedHiddenSize" : "LayerOffset(layer)";
        string layerOffsetTerm = model.IsUniform ? "(layer * PaddedHiddenSize)" : "LayerOffset(layer)";
        writer.Line("/// <summary>");
        writer.Line(!lstm
            ? "/// The recurrent state of one sequence: h of every layer. Zero by default (PyTorch's default"
            : onlyLstm
                ? "/// The recurrent state of one sequence: h and c of every layer. Zero by default (PyTorch's default"
                : "/// The recurrent state of one sequence: h of every layer and c of its LSTM layers. Zero by default (PyTorch's default");
        writer.Line("/// initial state); each concurrent sequence needs its own.");
        writer.Line("/// </summary>");
        using (writer.Block("public struct State"))
        {
            writer.Line(model.IsUniform
                ? "private const int BankSize = Layers * PaddedHiddenSize;"
                : $"private const int BankSize = {Literals.Int(LayerPlans.BankSize(model))};");
            writer.Line();
            writer.Line("private StateBuffer _hidden;");
            if (lstm)
            {
                writer.Line("private LayerBuffer _cell;");
            }

            writer.Line("private int _bank;");
            writer.Line();
            writer.Line("/// <summary>Sets every value back to zero, the state before the first step.</summary>");
            writer.Line("public void Reset() => this = default;");
            writer.Line();
            EmitAccessors(writer, model, "Hidden", "h", "_hidden", "CurrentOffset(layer)", checkCell: false);
            if (lstm)
            {
                writer.Line();
                EmitAccessors(writer, model, "Cell", "c", "_cell", layerOffset, checkCell: !onlyLstm);
            }

            writer.Line();
            writer.Line("[UnscopedRef]");
            writer.Line("internal ref float CurrentHidden(int layer) => ref _hidden[CurrentOffset(layer)];");
            writer.Line();
            writer.Line("[UnscopedRef]");
            writer.Line($"internal ref float NextHidden(int layer) => ref _hidden[BankSize - (_bank * BankSize) + {layerOffsetTerm}];");
            if (lstm)
            {
                writer.Line();
                writer.Line("[UnscopedRef]");
                writer.Line($"internal ref float CellState(int layer) => ref _cell[{layerOffset}];");
            }
            writer.Line();
            writer.Line("/// <summary>Makes the bank just written the current one.</summary>");
            writer.Line("internal void Advance() => _bank ^= 1;");
            writer.Line();
            writer.Line($"private readonly int CurrentOffset(int layer) => (_bank * BankSize) + {layerOffsetTerm};");
            if (!model.IsUniform)
            {
                EmitLayerOffsets(writer, model);
            }
            writer.Line();
            writer.Line("[InlineArray(2 * BankSize)]");
            using (writer.Block("private struct StateBuffer"))
            {
                writer.Line("private float _element;");
            }

            if (lstm)
            {
                writer.Line();
                writer.Line("[InlineArray(BankSize)]");
                using (writer.Block("private struct LayerBuffer"))
                {
                    writer.Line("private float _element;");
                }
            }
        }
    }

    private static void EmitLayerOffsets(SourceWriter writer, NetworkModel model)
    {
        writer.Line();
        writer.Line("// Where each layer starts in a bank: after the h of the layers below, each rounded up to whole 512-bit vectors.");
        writer.Line("private static int LayerOffset(int layer) => layer switch");
        writer.Line("{");
        for (int layer = 0; layer < model.Layers; layer++)
        {
            writer.Line($"    {(layer == model.Layers - 1 ? "_" : Literals.Int(layer))} => {Literals.Int(LayerPlans.StateOffset(model, layer))},");
        }

        writer.Line("};");
    }

    private static void EmitAccessors(SourceWriter writer, NetworkModel model, string name, string symbol, string field, string offset, bool checkCell)
    {
        string size = LayerNames.HiddenAt(model, "layer");
        string sizeDoc = model.IsUniform ? "<see cref=\"HiddenSize\"/> values" : "as many values as the layer's hidden size";
        string layers = checkCell ? "One of the LSTM layers, 0 to <see cref=\"Layers\"/> − 1" : "0 to <see cref=\"Layers\"/> − 1; layer 0 reads the input";
        writer.Line($"/// <summary>Layer <paramref name=\"layer\"/>'s {symbol}: {sizeDoc}.</summary>");
        writer.Line($"/// <param name=\"layer\">{layers}.</param>");
        writer.Line("/// <returns>A view of this state, current until its next step.</returns>");
        writer.Line("/// <exception cref=\"ArgumentOutOfRangeException\">No such layer.</exception>");
        if (checkCell)
        {
            writer.Line("/// <exception cref=\"ArgumentException\">The layer is not an LSTM, so it has no c.</exception>");
        }

        writer.Line("[UnscopedRef]");
        using (writer.Block($"public readonly ReadOnlySpan<float> {name}(int layer)"))
        {
            EmitLayerChecks(writer, checkCell);
            writer.Line($"return ((ReadOnlySpan<float>){field}).Slice({offset}, {size});");
        }

        writer.Line();
        writer.Line($"/// <summary>Sets layer <paramref name=\"layer\"/>'s {symbol}, for example to start a sequence from a saved state.</summary>");
        writer.Line($"/// <param name=\"layer\">{layers}.</param>");
        writer.Line($"/// <param name=\"values\">{(model.IsUniform ? "<see cref=\"HiddenSize\"/> values" : "As many values as the layer's hidden size")}.</param>");
        writer.Line("/// <exception cref=\"ArgumentOutOfRangeException\">No such layer.</exception>");
        writer.Line(model.IsUniform
            ? "/// <exception cref=\"ArgumentException\"><paramref name=\"values\"/> does not hold <see cref=\"HiddenSize\"/> values.</exception>"
            : $"/// <exception cref=\"ArgumentException\"><paramref name=\"values\"/> does not hold the layer's hidden size of values{(checkCell ? ", or the layer is not an LSTM" : string.Empty)}.</exception>");
        using (writer.Block($"public void Set{name}(int layer, ReadOnlySpan<float> values)"))
        {
            EmitLayerChecks(writer, checkCell);
            writer.Line(model.IsUniform
                ? "ArgumentChecks.Length(values.Length, HiddenSize, nameof(values), \"HiddenSize\");"
                : $"ArgumentChecks.Length(values.Length, {size}, nameof(values), $\"layer {{layer}}'s hidden size\");");
            writer.Line($"values.CopyTo(((Span<float>){field}).Slice({offset}, {size}));");
        }
    }

    private static void EmitLayerChecks(SourceWriter writer, bool checkCell)
    {
        writer.Line("ArgumentChecks.Layer(layer, Layers);");
        if (checkCell)
        {
            writer.Line("ArgumentChecks.HasCellState(layer, LayerShapes[layer].Cell);");
        }
    }
}
