using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits what is particular to training a bidirectional network: how a layer's two recorded directions become its
/// output (at each step the forward h, then the reverse h, as the layer above or the head reads them), and the
/// last-step outputs of <c>IBidirectionalTape.Returns</c>, taken from where each direction ends: the forward h after
/// a sequence's last valid step, the reverse h after step 0.
/// </summary>
internal static class DirectionsTrainingEmitter
{
    public const string JoinMethodName = "JoinDirections";

    private const string GatherMethodName = "GatherFinalStates";
    private const string ScatterMethodName = "ScatterFinalStateGradient";

    /// <summary>The doc comment text of a training pass's outputs.</summary>
    public static string OutputsDocumentation(NetworkModel model) => model.Bidirectional
        ? "Receives <c>[B, T, OutputSize]</c>; padded steps are zero. With the tape's <c>Returns</c> at <see cref=\"SequenceOutputs.LastStep\"/>, only each sequence's last valid step holds an output: the one from where each direction ends."
        : "Receives <c>[B, T, OutputSize]</c>; padded steps are zero.";

    /// <summary>The doc comment text of a backward pass's output gradients.</summary>
    public static string OutputGradientsDocumentation(NetworkModel model) => model.Bidirectional
        ? "dL/dOutput, <c>[B, T, OutputSize]</c>; padded steps are ignored, and with last-step outputs every step but each sequence's last valid one."
        : "dL/dOutput, <c>[B, T, OutputSize]</c>; padded steps are ignored.";

    /// <summary>The statements of <c>RunForwardTraining</c> that pick the pass's outputs: <c>lastStep</c> and <c>results</c>, after the head ran.</summary>
    public static string ForwardOutputs(NetworkModel model)
    {
        string everyStep = TapeRecords.LayerOutput(model, model.Layers - 1, "batch");
        string finalStates = "tape.FinalStates.AsSpan(0, batch * Directions * HiddenSize)";
        string results = model.HasHead
            ? $"HeadForwardTraining(tape, lastStep ? {finalStates} : {everyStep}, lastStep ? batch : rows);\nReadOnlySpan<float> results = tape.Outputs;"
            : $"ReadOnlySpan<float> results = lastStep ? {finalStates} : {everyStep};";
        return SourceWriter.Nested($$"""
            // With last-step outputs, one per sequence from where each direction ends (Keras' return_sequences=False).
            tape.RecordedReturns = tape.Returns;
            bool lastStep = tape.RecordedReturns == SequenceOutputs.LastStep;
            if (lastStep)
            {
                {{GatherMethodName}}(tape);
            }

            {{results}}
            """);
    }

    /// <summary>
    /// Declares <paramref name="gradient"/>, dL/d(the last layer's output) of every step: through the head (if any) from
    /// every step's output gradient, or with last-step outputs from each sequence's one, scattered to where it was read.
    /// </summary>
    public static void EmitTopGradient(SourceWriter writer, NetworkModel model, string gradient, string buffer)
    {
        if (model.HasHead)
        {
            writer.Lines($$"""
                Span<float> {{gradient}} = {{buffer}};
                if (lastStep)
                {
                    Span<float> finalStateGradient = tape.FinalStateGradient.AsSpan(0, batch * Directions * HiddenSize);
                    HeadBackward(tape, tape.FinalStates.AsSpan(0, batch * Directions * HiddenSize), batch, outputGradient.Slice(0, batch * OutputSize), finalStateGradient, parameterGradients);
                    {{ScatterMethodName}}(tape, finalStateGradient, {{gradient}});
                }
                else
                {
                    HeadBackward(tape, {{TapeRecords.LayerOutput(model, model.Layers - 1, "batch")}}, rows, outputGradient, {{gradient}}, parameterGradients);
                }

                """);
        }
        else
        {
            writer.Lines($$"""
                Span<float> {{gradient}} = outputGradient;
                if (lastStep)
                {
                    {{gradient}} = {{buffer}};
                    {{ScatterMethodName}}(tape, outputGradient.Slice(0, batch * OutputSize), {{gradient}});
                }

                """);
        }
    }

    public static void EmitMethods(SourceWriter writer)
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

            /// <summary>Each sequence's final states, <c>[B, Directions * HiddenSize]</c>: the last layer's forward h at its last valid step, its reverse h at step 0.</summary>
            private static void {{GatherMethodName}}(Tape tape)
            {
                int width = Directions * HiddenSize;
                ReadOnlySpan<float> output = tape.LayerOutputs[Layers - 1];
                for (int sequence = 0; sequence < tape.Batch; sequence++)
                {
                    int last = ((tape.Lengths[sequence] - 1) * tape.Batch) + sequence;
                    output.Slice(last * width, HiddenSize).CopyTo(tape.FinalStates.AsSpan(sequence * width, HiddenSize));
                    output.Slice((sequence * width) + HiddenSize, HiddenSize).CopyTo(tape.FinalStates.AsSpan((sequence * width) + HiddenSize, HiddenSize));
                }
            }

            /// <summary>Sends each sequence's dL/d(final states) to the rows of the last layer's output they were gathered from; every other row gets none.</summary>
            private static void {{ScatterMethodName}}(Tape tape, ReadOnlySpan<float> finalStateGradient, Span<float> outputGradient)
            {
                int width = Directions * HiddenSize;
                outputGradient.Clear();
                for (int sequence = 0; sequence < tape.Batch; sequence++)
                {
                    int last = ((tape.Lengths[sequence] - 1) * tape.Batch) + sequence;
                    finalStateGradient.Slice(sequence * width, HiddenSize).CopyTo(outputGradient.Slice(last * width, HiddenSize));
                    finalStateGradient.Slice((sequence * width) + HiddenSize, HiddenSize).CopyTo(outputGradient.Slice((sequence * width) + HiddenSize, HiddenSize));
                }
            }
            """);
    }
}
