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
        LayerModel shape = model.Layer(layer);
        string inputSize = LayerNames.Input(model, layer);
        string hidden = LayerNames.Hidden(model, layer);
        string gateRows = LayerNames.GateRows(model, layer);
        string input = InputExpression(model, layer);
        writer.Line($"/// <summary>Layer {layer} ({shape.CellDescription}, {shape.InputSize} → {shape.HiddenSize}) over a whole batch, recording its activations on <paramref name=\"tape\"/>.</summary>");
        using (writer.Block($"private void Layer{layer}ForwardTraining(Tape tape)"))
        {
            writer.Lines($$"""
                int steps = tape.Steps;
                int batch = tape.Batch;
                int rows = steps * batch;
                ReadOnlySpan<float> input = {{input}};

                // Row t of hidden (and cell) is the state before step t, row t + 1 the state after it.
                Span<float> hidden = tape.Hidden[{{layer}}];
                {{SourceWriter.If(shape.Cell == CellKind.Lstm, $"Span<float> cell = tape.Cell[{layer}];")}}
                Span<float> gates = tape.Gates[{{layer}}].AsSpan(0, rows * {{gateRows}});
                Span<float> recurrent = tape.Recurrent.AsSpan(0, batch * {{gateRows}});
                tape.LoadInitialState({{layer}});

                // The input projection of every step at once: b_ih + x · W_ihᵀ.
                TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "bias_ih", layer)}}, {{gateRows}}), rows, gates);
                MatrixKernels.MultiplyAdd(input, _transposedWeights!.Input[{{layer}}], gates, rows, {{inputSize}}, {{gateRows}});
                for (int step = 0; step < steps; step++)
                {
                    // The recurrent projection of the whole batch: b_hh + h · W_hhᵀ.
                    TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "bias_hh", layer)}}, {{gateRows}}), batch, recurrent);
                    MatrixKernels.MultiplyAdd(hidden.Slice(step * batch * {{hidden}}, batch * {{hidden}}), _transposedWeights.Recurrent[{{layer}}], recurrent, batch, {{hidden}}, {{gateRows}});
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        int row = (step * batch) + sequence;
                        int previous = row * {{hidden}};
                        int next = previous + (batch * {{hidden}});
                        if (step >= tape.Lengths[sequence])
                        {
                            // Past its end a sequence's state carries over unchanged, so the last row holds its final state.
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
                CellTrainingEmitter.EmitForward(writer, shape, hidden, layer);
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
        LayerModel shape = model.Layer(layer);
        string inputSize = LayerNames.Input(model, layer);
        string hidden = LayerNames.Hidden(model, layer);
        string gateRows = LayerNames.GateRows(model, layer);
        bool lstm = shape.Cell == CellKind.Lstm;
        bool gru = shape.Cell == CellKind.Gru;
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
                Span<float> gateGradients = tape.GateGradients.AsSpan(0, rows * {{gateRows}});
                {{(gru
                    ? $"Span<float> recurrentGateGradients = tape.RecurrentGateGradients.AsSpan(0, rows * {gateRows});"
                    : "Span<float> recurrentGateGradients = gateGradients; // The same on both sides of the gates, unlike GRU's n.")}}
                Span<float> carried = tape.StepHiddenGradient.AsSpan(0, batch * {{hidden}});
                carried.Clear();
                {{SourceWriter.If(lstm, $"Span<float> carriedCells = tape.StepCellGradient.AsSpan(0, batch * {hidden});")}}
                {{SourceWriter.If(lstm, "carriedCells.Clear();")}}
                for (int step = steps - 1; step >= 0; step--)
                {
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        int row = (step * batch) + sequence;
                        int previous = row * {{hidden}};
                        int next = previous + (batch * {{hidden}});
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
                        for (int unit = 0; unit < {{hidden}}; unit++)
                        {
                            float hiddenGradient = outputGradient[previous + unit] + carriedHidden[unit];
                """);
            using (new Indent(writer, 3))
            {
                CellTrainingEmitter.EmitBackward(writer, shape, hidden, layer);
            }

            writer.Lines($$"""
                        }
                    }

                    // What reaches h_{t-1} through W_hh, for the whole batch.
                    MatrixKernels.MultiplyAdd(recurrentGateGradients.Slice(step * batch * {{gateRows}}, batch * {{gateRows}}), _parameters.AsSpan({{Offset(model, "weight_hh", layer)}}, {{gateRows}} * {{hidden}}), carried, batch, {{gateRows}}, {{hidden}});
                }

                tape.StoreInitialStateGradient({{layer}});

                // The weight and bias gradients of the whole pass, summed over steps and sequences.
                Span<float> recurrentWeightGradient = tape.WeightGradient.AsSpan(0, {{hidden}} * {{gateRows}});
                recurrentWeightGradient.Clear();
                MatrixKernels.TransposedMultiplyAdd(hidden.Slice(0, rows * {{hidden}}), recurrentGateGradients, recurrentWeightGradient, rows, {{hidden}}, {{gateRows}});
                TrainingKernels.AddTransposed(recurrentWeightGradient, {{hidden}}, {{gateRows}}, gradients.Slice({{Offset(model, "weight_hh", layer)}}, {{gateRows}} * {{hidden}}));
                Span<float> inputWeightGradient = tape.WeightGradient.AsSpan(0, {{inputSize}} * {{gateRows}});
                inputWeightGradient.Clear();
                MatrixKernels.TransposedMultiplyAdd(input, gateGradients, inputWeightGradient, rows, {{inputSize}}, {{gateRows}});
                TrainingKernels.AddTransposed(inputWeightGradient, {{inputSize}}, {{gateRows}}, gradients.Slice({{Offset(model, "weight_ih", layer)}}, {{gateRows}} * {{inputSize}}));
                TrainingKernels.AddColumnSums(gateGradients, rows, gradients.Slice({{Offset(model, "bias_ih", layer)}}, {{gateRows}}));
                TrainingKernels.AddColumnSums(recurrentGateGradients, rows, gradients.Slice({{Offset(model, "bias_hh", layer)}}, {{gateRows}}));
                if (!inputGradient.IsEmpty)
                {
                    inputGradient.Clear();
                    MatrixKernels.MultiplyAdd(gateGradients, _parameters.AsSpan({{Offset(model, "weight_ih", layer)}}, {{gateRows}} * {{inputSize}}), inputGradient, rows, {{gateRows}}, {{inputSize}});
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
            ? $"tape.DroppedHidden[{layer - 1}].AsSpan(0, rows * {LayerNames.Hidden(model, layer - 1)})"
            : $"tape.Hidden[{layer - 1}].AsSpan(batch * {LayerNames.Hidden(model, layer - 1)}, rows * {LayerNames.Hidden(model, layer - 1)})";

    private static string Offset(NetworkModel model, string tensor, int layer) => ParameterLayout.Find(model, $"{tensor}_l{layer}").OffsetName;
}
