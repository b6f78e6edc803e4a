namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits how a bidirectional layer's two recorded directions become its output in training: at each step the
/// forward direction's h, then the reverse direction's, as the layer above (or the head) reads them.
/// </summary>
internal static class DirectionsTrainingEmitter
{
    public const string JoinMethodName = "JoinDirections";

    public static void EmitJoin(SourceWriter writer)
    {
        writer.Lines($$"""
            /// <summary>Records layer <paramref name="layer"/>'s output of every step: its forward h, then its reverse h.</summary>
            private static void {{JoinMethodName}}(Tape tape, int layer)
            {
                int rows = tape.Steps * tape.Batch;

                // The forward direction's states after each step are rows 1 to T of its record, the reverse direction's rows 0 to T − 1.
                TrainingKernels.Interleave(
                    tape.Hidden[layer].AsSpan(tape.Batch * HiddenSize, rows * HiddenSize),
                    tape.Hidden[Layers + layer].AsSpan(0, rows * HiddenSize),
                    HiddenSize,
                    tape.LayerOutputs[layer].AsSpan(0, rows * Directions * HiddenSize));
            }
            """);
    }
}
