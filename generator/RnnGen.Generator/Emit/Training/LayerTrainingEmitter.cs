using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits one layer's training passes over a whole batch. The matrix work is batched so the weights are
/// reused: the input projection of every step and sequence is one product, the recurrent projection one
/// product per step for the whole batch, and the weight gradients one product each for the whole pass.
/// </summary>
internal static class LayerTrainingEmitter
{
    public static void EmitForward(SourceWriter writer, NetworkModel model, int layer)
    {
        string inputSize = ParameterLayout.LayerInputSize(layer);
        string input = InputExpression(model, layer);
        writer.Line($"/// <summary>Layer {layer} ({model.CellDescription}, {model.LayerInputSize(layer)} → {model.HiddenSize}) over a whole batch, recording its activations on <paramref name=\"tape\"/>.</summary>");
        using (writer.Block($"private void Layer{layer}ForwardTraining(Tape tape)"))
        {
            writer.Lines($$"""
                int steps = tape.Steps;
                int batch = tape.Batch;
                int rows = steps * batch;
                ReadOnlySpan<float> input = {{input}};

                // Row t of hidden (and cell) is the state before step t, row t + 1 the state after it.
                Span<float> hidden = tape.Hidden[{{layer}}];
                {{SourceWriter.If(model.Cell == CellKind.Lstm, $"Span<float> cell = tape.Cell[{layer}];")}}
                Span<float> gates = tape.Gates[{{layer}}].AsSpan(0, rows * GateRows);
                Span<float> recurrent = tape.Recurrent.AsSpan(0, batch * GateRows);
                tape.LoadInitialState({{layer}});

                // The input projection of every step at once: b_ih + x · W_ihᵀ.
                TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "bias_ih", layer)}}, GateRows), rows, gates);
                MatrixKernels.MultiplyAdd(input, _transposedWeights!.Input[{{layer}}], gates, rows, {{inputSize}}, GateRows);
                for (int step = 0; step < steps; step++)
                {
                    // The recurrent projection of the whole batch: b_hh + h · W_hhᵀ.
                    TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "bias_hh", layer)}}, GateRows), batch, recurrent);
                    MatrixKernels.MultiplyAdd(hidden.Slice(step * batch * HiddenSize, batch * HiddenSize), _transposedWeights.Recurrent[{{layer}}], recurrent, batch, HiddenSize, GateRows);
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        int row = (step * batch) + sequence;
                        int previous = row * HiddenSize;
                        int next = previous + (batch * HiddenSize);
                        if (step >= tape.Lengths[sequence])
                        {
                            // Past its end a sequence's state carries over unchanged, so the last row holds its final state.
                            hidden.Slice(previous, HiddenSize).CopyTo(hidden.Slice(next, HiddenSize));
                            {{SourceWriter.If(model.Cell == CellKind.Lstm, "cell.Slice(previous, HiddenSize).CopyTo(cell.Slice(next, HiddenSize));")}}
                            continue;
                        }

                        Span<float> stepGates = gates.Slice(row * GateRows, GateRows);
                        ReadOnlySpan<float> stepRecurrent = recurrent.Slice(sequence * GateRows, GateRows);
                        for (int unit = 0; unit < HiddenSize; unit++)
                        {
                """);
            using (new Indent(writer, 3))
            {
                CellTrainingEmitter.EmitForward(writer, model, layer);
            }

            writer.Lines("""
                        }
                    }
                }
                """);
        }
    }

    public static void EmitBackward(SourceWriter writer, NetworkModel model, int layer)
    {
        string inputSize = ParameterLayout.LayerInputSize(layer);
        bool lstm = model.Cell == CellKind.Lstm;
        bool gru = model.Cell == CellKind.Gru;
        string input = InputExpression(model, layer);
        writer.Line($"/// <summary>Backpropagates through layer {layer}: from dL/dh of every step to its parameters' gradients and, when asked, dL/d(its input).</summary>");
        using (writer.Block($"private void Layer{layer}Backward(Tape tape, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> gradients)"))
        {
            writer.Lines($$"""
                int steps = tape.Steps;
                int batch = tape.Batch;
                int rows = steps * batch;
                ReadOnlySpan<float> input = {{input}};

                // Row t of hidden (and cell) is the state before step t, row t + 1 the state after it.
                ReadOnlySpan<float> hidden = tape.Hidden[{{layer}}];
                {{SourceWriter.If(lstm, $"ReadOnlySpan<float> cell = tape.Cell[{layer}];")}}
                ReadOnlySpan<float> gates = tape.Gates[{{layer}}];
                Span<float> gateGradients = tape.GateGradients.AsSpan(0, rows * GateRows);
                {{(gru
                    ? "Span<float> recurrentGateGradients = tape.RecurrentGateGradients.AsSpan(0, rows * GateRows);"
                    : "Span<float> recurrentGateGradients = gateGradients; // The same on both sides of the gates, unlike GRU's n.")}}
                Span<float> carried = tape.StepHiddenGradient.AsSpan(0, batch * HiddenSize);
                carried.Clear();
                {{SourceWriter.If(lstm, "Span<float> carriedCells = tape.StepCellGradient.AsSpan(0, batch * HiddenSize);")}}
                {{SourceWriter.If(lstm, "carriedCells.Clear();")}}
                for (int step = steps - 1; step >= 0; step--)
                {
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        int row = (step * batch) + sequence;
                        int previous = row * HiddenSize;
                        int next = previous + (batch * HiddenSize);
                        Span<float> stepGradients = gateGradients.Slice(row * GateRows, GateRows);
                        {{SourceWriter.If(gru, "Span<float> stepRecurrentGradients = recurrentGateGradients.Slice(row * GateRows, GateRows);")}}
                        if (step >= tape.Lengths[sequence])
                        {
                            // A padded step changed nothing: its gradients are zero and the carried ones pass through.
                            stepGradients.Clear();
                            {{SourceWriter.If(gru, "stepRecurrentGradients.Clear();")}}
                            continue;
                        }

                        ReadOnlySpan<float> stepGates = gates.Slice(row * GateRows, GateRows);
                        Span<float> carriedHidden = carried.Slice(sequence * HiddenSize, HiddenSize);
                        {{SourceWriter.If(lstm, "Span<float> carriedCell = carriedCells.Slice(sequence * HiddenSize, HiddenSize);")}}
                        for (int unit = 0; unit < HiddenSize; unit++)
                        {
                            float hiddenGradient = outputGradient[previous + unit] + carriedHidden[unit];
                """);
            using (new Indent(writer, 3))
            {
                CellTrainingEmitter.EmitBackward(writer, model, layer);
            }

            writer.Lines($$"""
                        }
                    }

                    // What reaches h_{t-1} through W_hh, for the whole batch.
                    MatrixKernels.MultiplyAdd(recurrentGateGradients.Slice(step * batch * GateRows, batch * GateRows), _parameters.AsSpan({{Offset(model, "weight_hh", layer)}}, GateRows * HiddenSize), carried, batch, GateRows, HiddenSize);
                }

                tape.StoreInitialStateGradient({{layer}});

                // The weight and bias gradients of the whole pass, summed over steps and sequences.
                Span<float> recurrentWeightGradient = tape.WeightGradient.AsSpan(0, HiddenSize * GateRows);
                recurrentWeightGradient.Clear();
                MatrixKernels.TransposedMultiplyAdd(hidden.Slice(0, rows * HiddenSize), recurrentGateGradients, recurrentWeightGradient, rows, HiddenSize, GateRows);
                TrainingKernels.AddTransposed(recurrentWeightGradient, HiddenSize, GateRows, gradients.Slice({{Offset(model, "weight_hh", layer)}}, GateRows * HiddenSize));
                Span<float> inputWeightGradient = tape.WeightGradient.AsSpan(0, {{inputSize}} * GateRows);
                inputWeightGradient.Clear();
                MatrixKernels.TransposedMultiplyAdd(input, gateGradients, inputWeightGradient, rows, {{inputSize}}, GateRows);
                TrainingKernels.AddTransposed(inputWeightGradient, {{inputSize}}, GateRows, gradients.Slice({{Offset(model, "weight_ih", layer)}}, GateRows * {{inputSize}}));
                TrainingKernels.AddColumnSums(gateGradients, rows, gradients.Slice({{Offset(model, "bias_ih", layer)}}, GateRows));
                TrainingKernels.AddColumnSums(recurrentGateGradients, rows, gradients.Slice({{Offset(model, "bias_hh", layer)}}, GateRows));
                if (!inputGradient.IsEmpty)
                {
                    inputGradient.Clear();
                    MatrixKernels.MultiplyAdd(gateGradients, _parameters.AsSpan({{Offset(model, "weight_ih", layer)}}, GateRows * {{inputSize}}), inputGradient, rows, GateRows, {{inputSize}});
                }
                """);
        }
    }

    /// <summary>
    /// The layer's input over the batch: the network input, or the states the layer below reached at every step
    /// (rows 1 to T), through that layer's dropout when the network has one.
    /// </summary>
    private static string InputExpression(NetworkModel model, int layer) => layer == 0
        ? "tape.Input.AsSpan(0, rows * InputSize)"
        : model.HasDropout
            ? $"tape.DroppedHidden[{layer - 1}].AsSpan(0, rows * HiddenSize)"
            : $"tape.Hidden[{layer - 1}].AsSpan(batch * HiddenSize, rows * HiddenSize)";

    private static string Offset(NetworkModel model, string tensor, int layer) => ParameterLayout.Find(model, $"{tensor}_l{layer}").OffsetName;
}
