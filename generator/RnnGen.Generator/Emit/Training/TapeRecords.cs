using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>Expressions for what a training tape recorded of a layer, as the passes after it read them.</summary>
internal static class TapeRecords
{
    /// <summary>
    /// Layer <paramref name="layer"/>'s output at every step, <c>[rows, its output width]</c> with <c>rows</c> in scope:
    /// the states it reached (rows 1 to T of its record, <paramref name="batch"/> naming the batch size), or for a
    /// bidirectional layer both directions' h side by side, which <see cref="DirectionsTrainingEmitter"/> records apart.
    /// </summary>
    public static string LayerOutput(NetworkModel model, int layer, string batch)
    {
        if (model.Bidirectional)
        {
            return $"tape.LayerOutputs[{layer}].AsSpan(0, rows * {LayerNames.LayerOutput(model, layer)})";
        }

        string hidden = LayerNames.Hidden(model, layer);
        return $"tape.Hidden[{layer}].AsSpan({batch} * {hidden}, rows * {hidden})";
    }
}
