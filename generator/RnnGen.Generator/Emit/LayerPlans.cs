using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>The packed layouts of a network's layers and head on one instruction-set path.</summary>
internal static class LayerPlans
{
    public static TilePlan ForLayer(NetworkModel model, int layer, InstructionSetPath path)
    {
        LayerModel shape = model.Layer(layer);
        return new(
            shape.Gates,
            shape.HiddenSize,
            shape.InputSize,
            shape.HiddenSize,
            separateLastGateBias: shape.Cell == CellKind.Gru,
            path.WidthFor(shape.HiddenSize),
            path.AccumulatorBudget);
    }

    public static TilePlan ForHead(NetworkModel model, InstructionSetPath path) =>
        new(1, model.HeadSize, model.LastLayerOutputSize, 0, separateLastGateBias: false, path.WidthFor(model.HeadSize), path.AccumulatorBudget);

    public static VectorDialect Dialect(TilePlan plan, InstructionSetPath path) => new(plan.Width, path.HasFusedMultiplyAdd);

    /// <summary>Floats a layer takes in the state: its hidden size rounded up to the widest vector, so any path may store whole vectors.</summary>
    public static int PaddedHiddenSize(int hiddenSize) => (hiddenSize + 15) / 16 * 16;

    /// <summary>Where layer <paramref name="layer"/>'s h starts in a bank of the state: after the padded h of every layer below.</summary>
    public static int StateOffset(NetworkModel model, int layer) =>
        System.Linq.Enumerable.Sum(System.Linq.Enumerable.Range(0, layer), below => PaddedHiddenSize(model.Layer(below).HiddenSize));

    /// <summary>The floats of one bank of the state: every layer's padded h.</summary>
    public static int BankSize(NetworkModel model) => StateOffset(model, model.Layers);
}
