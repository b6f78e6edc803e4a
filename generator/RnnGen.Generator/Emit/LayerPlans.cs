using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>The packed layouts of a network's layers and head on one instruction-set path.</summary>
internal static class LayerPlans
{
    public static TilePlan ForLayer(NetworkModel model, int layer, InstructionSetPath path) =>
        new(
            model.Gates,
            model.HiddenSize,
            model.LayerInputSize(layer),
            model.HiddenSize,
            separateLastGateBias: model.Cell == CellKind.Gru,
            path.WidthFor(model.HiddenSize),
            path.AccumulatorBudget);

    public static TilePlan ForHead(NetworkModel model, InstructionSetPath path) =>
        new(1, model.HeadSize, model.HiddenSize, 0, separateLastGateBias: false, path.WidthFor(model.HeadSize), path.AccumulatorBudget);

    public static VectorDialect Dialect(TilePlan plan, InstructionSetPath path) => new(plan.Width, path.HasFusedMultiplyAdd);

    /// <summary>Floats between consecutive layers in the state: the hidden size rounded up to the widest vector, so any path may store whole vectors.</summary>
    public static int PaddedHiddenSize(NetworkModel model) => (model.HiddenSize + 15) / 16 * 16;
}
