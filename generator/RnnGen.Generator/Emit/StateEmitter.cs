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
        bool lstm = model.Cell == CellKind.Lstm;
        writer.Line("/// <summary>");
        writer.Line(lstm
            ? "/// The recurrent state of one sequence: h and c of every layer. Zero by default (PyTorch's default"
            : "/// The recurrent state of one sequence: h of every layer. Zero by default (PyTorch's default");
        writer.Line("/// initial state); each concurrent sequence needs its own.");
        writer.Line("/// </summary>");
        using (writer.Block("public struct State"))
        {
            writer.Line("private const int BankSize = Layers * PaddedHiddenSize;");
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
            EmitAccessors(writer, "Hidden", "h", "_hidden", "CurrentOffset(layer)");
            if (lstm)
            {
                writer.Line();
                EmitAccessors(writer, "Cell", "c", "_cell", "layer * PaddedHiddenSize");
            }

            writer.Line();
            writer.Line("[UnscopedRef]");
            writer.Line("internal ref float CurrentHidden(int layer) => ref _hidden[CurrentOffset(layer)];");
            writer.Line();
            writer.Line("[UnscopedRef]");
            writer.Line("internal ref float NextHidden(int layer) => ref _hidden[BankSize - (_bank * BankSize) + (layer * PaddedHiddenSize)];");
            if (lstm)
            {
                writer.Line();
                writer.Line("[UnscopedRef]");
                writer.Line("internal ref float CellState(int layer) => ref _cell[layer * PaddedHiddenSize];");
            }
            writer.Line();
            writer.Line("/// <summary>Makes the bank just written the current one.</summary>");
            writer.Line("internal void Advance() => _bank ^= 1;");
            writer.Line();
            writer.Line("private readonly int CurrentOffset(int layer) => (_bank * BankSize) + (layer * PaddedHiddenSize);");
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

    private static void EmitAccessors(SourceWriter writer, string name, string symbol, string field, string offset)
    {
        writer.Line($"/// <summary>Layer <paramref name=\"layer\"/>'s {symbol}: <see cref=\"HiddenSize\"/> values.</summary>");
        writer.Line("/// <param name=\"layer\">0 to <see cref=\"Layers\"/> − 1; layer 0 reads the input.</param>");
        writer.Line("/// <returns>A view of this state, current until its next step.</returns>");
        writer.Line("/// <exception cref=\"ArgumentOutOfRangeException\">No such layer.</exception>");
        writer.Line("[UnscopedRef]");
        using (writer.Block($"public readonly ReadOnlySpan<float> {name}(int layer)"))
        {
            writer.Line("ArgumentChecks.Layer(layer, Layers);");
            writer.Line($"return ((ReadOnlySpan<float>){field}).Slice({offset}, HiddenSize);");
        }

        writer.Line();
        writer.Line($"/// <summary>Sets layer <paramref name=\"layer\"/>'s {symbol}, for example to start a sequence from a saved state.</summary>");
        writer.Line("/// <param name=\"layer\">0 to <see cref=\"Layers\"/> − 1; layer 0 reads the input.</param>");
        writer.Line("/// <param name=\"values\"><see cref=\"HiddenSize\"/> values.</param>");
        writer.Line("/// <exception cref=\"ArgumentOutOfRangeException\">No such layer.</exception>");
        writer.Line("/// <exception cref=\"ArgumentException\"><paramref name=\"values\"/> does not hold <see cref=\"HiddenSize\"/> values.</exception>");
        using (writer.Block($"public void Set{name}(int layer, ReadOnlySpan<float> values)"))
        {
            writer.Line("ArgumentChecks.Layer(layer, Layers);");
            writer.Line($"ArgumentChecks.Length(values.Length, HiddenSize, nameof(values), \"HiddenSize\");");
            writer.Line($"values.CopyTo(((Span<float>){field}).Slice({offset}, HiddenSize));");
        }
    }
}
