using System.Collections.Immutable;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Names the accumulators of a tile: one per bias slot and chunk (<c>forgetGate2</c> is the forget gate
/// of the tile's third chunk), and says which one each gate's weight column adds into.
/// </summary>
internal sealed class GateAccumulators
{
    private readonly ImmutableArray<string> _slotNames;
    private readonly bool _separateLastGate;

    private GateAccumulators(bool separateLastGate, params string[] slotNames)
    {
        _slotNames = slotNames.ToImmutableArray();
        _separateLastGate = separateLastGate;
    }

    public static GateAccumulators Head { get; } = new(false, "output");

    public static GateAccumulators For(CellKind cell) => cell switch
    {
        CellKind.Lstm => new GateAccumulators(false, "inputGate", "forgetGate", "cellCandidate", "outputGate"),

        // GRU's n gate needs its input sum (W_in x + b_in) and recurrent sum (W_hn h + b_hn) apart, to put r between them.
        CellKind.Gru => new GateAccumulators(true, "resetGate", "updateGate", "newGateInput", "newGateRecurrent"),
        _ => new GateAccumulators(false, "preActivation"),
    };

    public int Slots => _slotNames.Length;

    public string ForSlot(int slot, int chunk) => _slotNames[slot] + Literals.Int(chunk);

    /// <summary>The accumulator that <paramref name="gate"/>'s weights add into in the input or the recurrent part.</summary>
    public string ForColumn(int gate, int chunk, bool recurrentPart)
    {
        bool isLastGate = gate == _slotNames.Length - 1 - (_separateLastGate ? 1 : 0);
        return ForSlot(isLastGate && _separateLastGate && recurrentPart ? gate + 1 : gate, chunk);
    }
}
