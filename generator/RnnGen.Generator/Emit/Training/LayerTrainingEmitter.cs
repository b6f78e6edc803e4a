using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits one layer direction's training passes over a whole batch. The matrix work is batched so the weights
/// are reused: the input projection of every step and sequence is one product, the recurrent projection one
/// product per step for the whole batch, and the weight gradients one product each for the whole pass.
/// </summary>
/// <remarks>
/// A bidirectional layer's reverse direction is the same pass run from the last step to the first. Its records
/// run backwards too: row t + 1 holds the state before step t and row t the state after it, so row T is the
/// initial state and row 0 the final one (PyTorch's h_n of that direction).
/// </remarks>
internal static class LayerTrainingEmitter
{
    /// <summary>The recording forward pass of layer <paramref name="layer"/>'s direction <paramref name="direction"/>.</summary>
    public static string ForwardMethodName(int layer, int direction) => direction == 0 ? $"Layer{layer}ForwardTraining" : $"Layer{layer}ReverseForwardTraining";

    /// <summary>The backward pass of layer <paramref name="layer"/>'s direction <paramref name="direction"/>.</summary>
    public static string BackwardMethodName(int layer, int direction) => direction == 0 ? $"Layer{layer}Backward" : $"Layer{layer}ReverseBackward";

    public static void EmitForward(SourceWriter writer, NetworkModel model, int layer, int direction)
    {
        LayerModel shape = model.Layer(layer);
        bool reverse = direction == 1;
        int record = ParameterLayout.Group(model, layer, direction);
        string suffix = ParameterLayout.LayerSuffix(layer, direction);
        string inputSize = LayerNames.Input(model, layer);
        string hidden = LayerNames.Hidden(model, layer);
        string gateRows = LayerNames.GateRows(model, layer);
        string input = InputExpression(model, layer);
        string which = model.Bidirectional ? (reverse ? "'s reverse direction" : "'s forward direction") : string.Empty;
        writer.Line($"/// <summary>Layer {layer}{which} ({shape.CellDescription}, {shape.InputSize} → {shape.HiddenSize}) over a whole batch, recording its activations on <paramref name=\"tape\"/>.</summary>");
        using (writer.Block($"private void {ForwardMethodName(layer, direction)}(Tape tape)"))
        {
            writer.Lines($$"""
                int steps = tape.Steps;
                int batch = tape.Batch;
                int rows = steps * batch;
                ReadOnlySpan<float> input = {{input}};

                {{RecordComment(reverse)}}
                Span<float> hidden = tape.Hidden[{{record}}];
                {{SourceWriter.If(shape.Cell == CellKind.Lstm, $"Span<float> cell = tape.Cell[{record}];")}}
                Span<float> gates = tape.Gates[{{record}}].AsSpan(0, rows * {{gateRows}});
                Span<float> recurrent = tape.Recurrent.AsSpan(0, batch * {{gateRows}});
                tape.LoadInitialState({{(model.Bidirectional ? $"{layer}, {direction}" : Literals.Int(layer))}});

                // The input projection of every step at once: b_ih + x · W_ihᵀ.
                TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "bias_ih", suffix)}}, {{gateRows}}), rows, gates);
                MatrixKernels.MultiplyAdd(input, _transposedWeights!.Input[{{record}}], gates, rows, {{inputSize}}, {{gateRows}});
                {{(reverse ? "for (int step = steps - 1; step >= 0; step--)" : "for (int step = 0; step < steps; step++)")}}
                {
                    // The recurrent projection of the whole batch: b_hh + h · W_hhᵀ.
                    TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "bias_hh", suffix)}}, {{gateRows}}), batch, recurrent);
                    MatrixKernels.MultiplyAdd(hidden.Slice({{(reverse ? "(step + 1)" : "step")}} * batch * {{hidden}}, batch * {{hidden}}), _transposedWeights.Recurrent[{{record}}], recurrent, batch, {{hidden}}, {{gateRows}});
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        int row = (step * batch) + sequence;
                        {{StateRows(reverse, hidden)}}
                        if (step >= tape.Lengths[sequence])
                        {
                            {{(reverse
                                ? "// Padded steps come first in reverse and carry the initial state unchanged to the sequence's own last step."
                                : "// Past its end a sequence's state carries over unchanged, so the last row holds its final state.")}}
                            hidden.Slice(previous, {{hidden}}).CopyTo(hidden.Slice(next, {{hidden}}));
                            {{SourceWriter.If(shape.Cell == CellKind.Lstm, $"cell.Slice(previous, {hidden}).CopyTo(cell.Slice(next, {hidden}));")}}
                            continue;
                        }

                        Span<float> stepGates = gates.Slice(row * {{gateRows}}, {{gateRows}});
                        ReadOnlySpan<float> stepRecurrent = recurrent.Slice(sequence * {{gateRows}}, {{gateRows}});
                        for (int unit = 0; unit < {{hidden}}; unit++)
                        {
                """);
            using (new Indent(writer, 3))
            {
                CellTrainingEmitter.EmitForward(writer, shape, hidden, record);
            }

            writer.Lines("""
                        }
                    }
                }
                """);
        }
    }

    public static void EmitBackward(SourceWriter writer, NetworkModel model, int layer, int direction)
    {
        LayerModel shape = model.Layer(layer);
        bool reverse = direction == 1;
        int record = ParameterLayout.Group(model, layer, direction);
        string suffix = ParameterLayout.LayerSuffix(layer, direction);
        string inputSize = LayerNames.Input(model, layer);
        string hidden = LayerNames.Hidden(model, layer);
        string gateRows = LayerNames.GateRows(model, layer);
        bool lstm = shape.Cell == CellKind.Lstm;
        bool gru = shape.Cell == CellKind.Gru;
        string input = InputExpression(model, layer);
        string summary = !model.Bidirectional
            ? $"Backpropagates through layer {layer}: from dL/dh of every step to its parameters' gradients and, when asked, dL/d(its input)."
            : reverse
                ? $"Backpropagates through layer {layer}'s reverse direction, from step 0 up: from its half of dL/d(output) to its parameters' gradients and, when asked, adds its part of dL/d(its input)."
                : $"Backpropagates through layer {layer}'s forward direction: from its half of dL/d(output) to its parameters' gradients and, when asked, dL/d(its input), which the reverse direction then adds to.";
        writer.Line($"/// <summary>{summary}</summary>");
        using (writer.Block($"private void {BackwardMethodName(layer, direction)}(Tape tape, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients)"))
        {
            writer.Lines($$"""
                int steps = tape.Steps;
                int batch = tape.Batch;
                int rows = steps * batch;
                ReadOnlySpan<float> input = {{input}};

                {{RecordComment(reverse)}}
                ReadOnlySpan<float> hidden = tape.Hidden[{{record}}];
                {{SourceWriter.If(lstm, $"ReadOnlySpan<float> cell = tape.Cell[{record}];")}}
                ReadOnlySpan<float> gates = tape.Gates[{{record}}];
                Span<float> gateGradients = tape.GateGradients.AsSpan(0, rows * {{gateRows}});
                {{(gru
                    ? $"Span<float> recurrentGateGradients = tape.RecurrentGateGradients.AsSpan(0, rows * {gateRows});"
                    : "Span<float> recurrentGateGradients = gateGradients; // The same on both sides of the gates, unlike GRU's n.")}}
                Span<float> carried = tape.StepHiddenGradient.AsSpan(0, batch * {{hidden}});
                carried.Clear();
                {{SourceWriter.If(lstm, $"Span<float> carriedCells = tape.StepCellGradient.AsSpan(0, batch * {hidden});")}}
                {{SourceWriter.If(lstm, "carriedCells.Clear();")}}
                {{(reverse ? "for (int step = 0; step < steps; step++)" : "for (int step = steps - 1; step >= 0; step--)")}}
                {
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        int row = (step * batch) + sequence;
                        {{StateRows(reverse, hidden)}}
                        Span<float> stepGradients = gateGradients.Slice(row * {{gateRows}}, {{gateRows}});
                        {{SourceWriter.If(gru, $"Span<float> stepRecurrentGradients = recurrentGateGradients.Slice(row * {gateRows}, {gateRows});")}}
                        if (step >= tape.Lengths[sequence])
                        {
                            // A padded step changed nothing: its gradients are zero and the carried ones pass through.
                            stepGradients.Clear();
                            {{SourceWriter.If(gru, "stepRecurrentGradients.Clear();")}}
                            continue;
                        }

                        ReadOnlySpan<float> stepGates = gates.Slice(row * {{gateRows}}, {{gateRows}});
                        Span<float> carriedHidden = carried.Slice(sequence * {{hidden}}, {{hidden}});
                        {{SourceWriter.If(lstm, $"Span<float> carriedCell = carriedCells.Slice(sequence * {hidden}, {hidden});")}}
                        {{SourceWriter.If(model.Bidirectional, "// This direction's half of the layer's output row.")}}
                        {{SourceWriter.If(model.Bidirectional, reverse ? $"int above = (row * {LayerNames.LayerOutput(model, layer)}) + {hidden};" : $"int above = row * {LayerNames.LayerOutput(model, layer)};")}}
                        for (int unit = 0; unit < {{hidden}}; unit++)
                        {
                            float hiddenGradient = outputGradient[{{(model.Bidirectional ? "above" : "previous")}} + unit] + carriedHidden[unit];
                """);
            using (new Indent(writer, 3))
            {
                CellTrainingEmitter.EmitBackward(writer, shape, hidden, record);
            }

            writer.Lines($$"""
                        }
                    }

                    {{(reverse ? "// What reaches h_{t+1}, the state this step started from, through W_hh, for the whole batch." : "// What reaches h_{t-1} through W_hh, for the whole batch.")}}
                    MatrixKernels.MultiplyAdd(recurrentGateGradients.Slice(step * batch * {{gateRows}}, batch * {{gateRows}}), _parameters.AsSpan({{Offset(model, "weight_hh", suffix)}}, {{gateRows}} * {{hidden}}), carried, batch, {{gateRows}}, {{hidden}});
                }

                tape.StoreInitialStateGradient({{(model.Bidirectional ? $"{layer}, {direction}" : Literals.Int(layer))}});

                // The weight and bias gradients of the whole pass, summed over steps and sequences.
                Span<float> recurrentWeightGradient = tape.WeightGradient.AsSpan(0, {{hidden}} * {{gateRows}});
                recurrentWeightGradient.Clear();
                {{SourceWriter.If(reverse, "// The states the steps started from are rows 1 to T in reverse.")}}
                MatrixKernels.TransposedMultiplyAdd(hidden.Slice({{(reverse ? $"batch * {hidden}" : "0")}}, rows * {{hidden}}), recurrentGateGradients, recurrentWeightGradient, rows, {{hidden}}, {{gateRows}});
                TrainingKernels.AddTransposed(recurrentWeightGradient, {{hidden}}, {{gateRows}}, gradients.Slice({{Offset(model, "weight_hh", suffix)}}, {{gateRows}} * {{hidden}}));
                Span<float> inputWeightGradient = tape.WeightGradient.AsSpan(0, {{inputSize}} * {{gateRows}});
                inputWeightGradient.Clear();
                MatrixKernels.TransposedMultiplyAdd(input, gateGradients, inputWeightGradient, rows, {{inputSize}}, {{gateRows}});
                TrainingKernels.AddTransposed(inputWeightGradient, {{inputSize}}, {{gateRows}}, gradients.Slice({{Offset(model, "weight_ih", suffix)}}, {{gateRows}} * {{inputSize}}));
                TrainingKernels.AddColumnSums(gateGradients, rows, gradients.Slice({{Offset(model, "bias_ih", suffix)}}, {{gateRows}}));
                TrainingKernels.AddColumnSums(recurrentGateGradients, rows, gradients.Slice({{Offset(model, "bias_hh", suffix)}}, {{gateRows}}));
                if (!inputGradient.IsEmpty)
                {
                    {{(reverse ? "// Added to what the forward direction wrote: the input feeds both directions." : "inputGradient.Clear();")}}
                    MatrixKernels.MultiplyAdd(gateGradients, _parameters.AsSpan({{Offset(model, "weight_ih", suffix)}}, {{gateRows}} * {{inputSize}}), inputGradient, rows, {{gateRows}}, {{inputSize}});
                }
                """);
        }
    }

    /// <summary>
    /// The layer's input over the batch: the network input, or the output the layer below recorded at every step,
    /// through that layer's dropout when the network has one.
    /// </summary>
    private static string InputExpression(NetworkModel model, int layer) => layer == 0
        ? "tape.Input.AsSpan(0, rows * InputSize)"
        : model.HasDropout
            ? $"tape.DroppedHidden[{layer - 1}].AsSpan(0, rows * {LayerNames.LayerOutput(model, layer - 1)})"
            : TapeRecords.LayerOutput(model, layer - 1, "batch");

    private static string RecordComment(bool reverse) => reverse
        ? "// Reverse: row t + 1 of hidden (and cell) is the state before step t, row t the state after it."
        : "// Row t of hidden (and cell) is the state before step t, row t + 1 the state after it.";

    /// <summary>The offsets, in a sequence's state records, of the state a step starts from and the one it reaches.</summary>
    private static string StateRows(bool reverse, string hidden) => reverse
        ? $"int next = row * {hidden};\n        int previous = next + (batch * {hidden});"
        : $"int previous = row * {hidden};\n        int next = previous + (batch * {hidden});";

    private static string Offset(NetworkModel model, string tensor, string suffix) => ParameterLayout.Find(model, $"{tensor}_{suffix}").OffsetName;
}
