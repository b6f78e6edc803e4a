using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the elementwise part of a cell for one chunk of hidden units, once its gate accumulators
/// hold the full pre-activations: PyTorch's equations, written out so a reader can match them.
/// </summary>
internal static class CellMathEmitter
{
    /// <returns>The local holding the chunk's new h, already stored into <c>hidden</c>.</returns>
    public static string EmitUpdate(SourceWriter writer, LayerModel layer, VectorDialect vector, GateAccumulators accumulators, int chunk, ChunkRows rows)
    {
        string row = rows.First;
        string hiddenNext = $"hiddenNext{chunk}";
        switch (layer.Cell)
        {
            case CellKind.Lstm:
                string cellNext = $"cellNext{chunk}";
                writer.Line($"// {rows.Describe("Unit")}: c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').");
                writer.Line($"var {cellNext} = {vector.MultiplyAdd(
                    $"FastMath.Sigmoid({accumulators.ForSlot(1, chunk)})",
                    vector.Load("cell", row),
                    $"FastMath.Sigmoid({accumulators.ForSlot(0, chunk)}) * FastMath.Tanh({accumulators.ForSlot(2, chunk)})")};");
                writer.Line($"var {hiddenNext} = FastMath.Sigmoid({accumulators.ForSlot(3, chunk)}) * FastMath.Tanh({cellNext});");
                writer.Line(vector.Store(cellNext, "cell", row));
                break;

            case CellKind.Gru:
                writer.Line($"// {rows.Describe("Unit")}: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n).");
                writer.Line($"var newGate{chunk} = FastMath.Tanh({vector.MultiplyAdd(
                    $"FastMath.Sigmoid({accumulators.ForSlot(0, chunk)})",
                    accumulators.ForSlot(3, chunk),
                    accumulators.ForSlot(2, chunk))});");
                writer.Line($"var {hiddenNext} = {vector.MultiplyAdd(
                    $"FastMath.Sigmoid({accumulators.ForSlot(1, chunk)})",
                    $"({vector.Load("hiddenPrevious", row)} - newGate{chunk})",
                    $"newGate{chunk}")};");
                break;

            default:
                string activation = layer.Nonlinearity == ActivationKind.Relu ? "relu" : "tanh";
                writer.Line($"// {rows.Describe("Unit")}: h' = {activation}(W_ih x + b_ih + W_hh h + b_hh).");
                writer.Line($"var {hiddenNext} = {ApplyActivation(vector, layer.Nonlinearity, accumulators.ForSlot(0, chunk))};");
                break;
        }

        writer.Line(vector.Store(hiddenNext, "hidden", row));
        return hiddenNext;
    }

    /// <summary>An elementwise activation of <paramref name="value"/>; <see cref="ActivationKind.Softmax"/> is applied to the whole vector afterwards.</summary>
    public static string ApplyActivation(VectorDialect vector, ActivationKind activation, string value) => activation switch
    {
        ActivationKind.Tanh => $"FastMath.Tanh({value})",
        ActivationKind.Sigmoid => $"FastMath.Sigmoid({value})",
        ActivationKind.Relu => vector.Max(value, vector.Zero),
        _ => value,
    };
}
