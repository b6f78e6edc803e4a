using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits dropout between stacked layers in training (PyTorch's <c>dropout</c>): after each layer but the
/// last, its outputs times a seeded mask of 0 and 1/(1 − p) become what the next layer reads, and
/// backpropagation multiplies the gradient reaching them by the same mask. Inference never drops.
/// </summary>
internal static class DropoutTrainingEmitter
{
    public static void EmitConstant(SourceWriter writer, NetworkModel model)
    {
        writer.Line("/// <summary>The probability with which training drops a unit of a layer's output before the next layer reads it (PyTorch's <c>dropout</c>); inference never drops.</summary>");
        writer.Line($"public const float Dropout = {Literals.Float(model.Dropout)};");
        writer.Line();
    }

    public static void EmitApply(SourceWriter writer, NetworkModel model)
    {
        string width = model.Bidirectional ? "Directions * HiddenSize" : LayerNames.HiddenAt(model, "layer");
        string output = model.Bidirectional ? "tape.LayerOutputs[layer].AsSpan(0, rows * width)" : "tape.Hidden[layer].AsSpan(tape.Batch * width, rows * width)";
        writer.Lines($$"""
            /// <summary>
            /// Gives the layer above <paramref name="layer"/> its input: this layer's outputs of every step times a fresh
            /// mask when the tape drops units, or unchanged (a mask of ones) when it does not.
            /// </summary>
            private static void DropoutAfter(Tape tape, int layer)
            {
                int rows = tape.Steps * tape.Batch;
                int width = {{width}};
                Span<float> mask = tape.DropoutMasks[layer].AsSpan(0, rows * width);
                if (tape.DropoutEnabled)
                {
                    DropoutKernels.FillMask(mask, Dropout, tape.DropoutSeed, tape.DropoutPass, layer);
                }
                else
                {
                    mask.Fill(1f);
                }

                DropoutKernels.Apply({{output}}, mask, tape.DroppedHidden[layer].AsSpan(0, rows * width));
            }
            """);
    }
}
