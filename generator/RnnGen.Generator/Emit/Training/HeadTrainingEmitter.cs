using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>Emits the dense head's training passes: <c>y = act(W h + b)</c> for every step and sequence at once, and its derivative.</summary>
internal static class HeadTrainingEmitter
{
    public static void EmitForward(SourceWriter writer, NetworkModel model)
    {
        string hidden = LayerNames.LastOutput(model);
        writer.Lines($$"""
            /// <summary>
            /// The head over <paramref name="rows"/> rows of <paramref name="hidden"/> (<c>[rows, {{hidden}}]</c>: {{HeadInput(model)}}):
            /// y = {{model.OutputActivation.ToString().ToLowerInvariant()}}(W h + b), into the tape's outputs.
            /// </summary>
            private void HeadForwardTraining(Tape tape, ReadOnlySpan<float> hidden, int rows)
            {
                Span<float> outputs = tape.Outputs.AsSpan(0, rows * OutputSize);
                TrainingKernels.FillRows(_parameters.AsSpan({{Offset(model, "head.bias")}}, OutputSize), rows, outputs);
                MatrixKernels.MultiplyAdd(hidden, _transposedWeights!.Head, outputs, rows, {{hidden}}, OutputSize);
            """);
        using (new Indent(writer, 1))
        {
            switch (model.OutputActivation)
            {
                case ActivationKind.Softmax:
                    writer.Lines("""
                        for (int row = 0; row < rows; row++)
                        {
                            FastMath.SoftmaxInPlace(outputs.Slice(row * OutputSize, OutputSize));
                        }
                        """);
                    break;
                case ActivationKind.Identity:
                    break;
                default:
                    writer.Lines($$"""
                        for (int index = 0; index < outputs.Length; index++)
                        {
                            outputs[index] = {{ScalarActivation(model.OutputActivation, "outputs[index]")}};
                        }
                        """);
                    break;
            }
        }

        writer.Line("}");
    }

    public static void EmitBackward(SourceWriter writer, NetworkModel model)
    {
        string hidden = LayerNames.LastOutput(model);
        writer.Lines($$"""
            /// <summary>
            /// Backpropagates through the head's last run, on <paramref name="rows"/> rows of <paramref name="hidden"/>: <paramref name="outputGradient"/>
            /// becomes dL/d(W h + b) in place, then the head's gradients and dL/dh.
            /// </summary>
            private void HeadBackward(Tape tape, ReadOnlySpan<float> hidden, int rows, Span<float> outputGradient, Span<float> hiddenGradient, Span<float> gradients)
            {
                ReadOnlySpan<float> outputs = tape.Outputs.AsSpan(0, rows * OutputSize);
            """);
        using (new Indent(writer, 1))
        {
            switch (model.OutputActivation)
            {
                case ActivationKind.Softmax:
                    writer.Lines("""
                        for (int row = 0; row < rows; row++)
                        {
                            // Softmax's Jacobian: dz_i = y_i (dy_i − Σ_j dy_j y_j).
                            Span<float> gradient = outputGradient.Slice(row * OutputSize, OutputSize);
                            ReadOnlySpan<float> probabilities = outputs.Slice(row * OutputSize, OutputSize);
                            float weighted = 0f;
                            for (int output = 0; output < OutputSize; output++)
                            {
                                weighted += gradient[output] * probabilities[output];
                            }

                            for (int output = 0; output < OutputSize; output++)
                            {
                                gradient[output] = probabilities[output] * (gradient[output] - weighted);
                            }
                        }
                        """);
                    break;
                case ActivationKind.Identity:
                    break;
                default:
                    writer.Lines($$"""
                        for (int index = 0; index < rows * OutputSize; index++)
                        {
                            float output = outputs[index];
                            outputGradient[index] *= {{ScalarDerivative(model.OutputActivation, "output")}};
                        }
                        """);
                    break;
            }

            writer.Lines($$"""

                Span<float> weightGradient = tape.WeightGradient.AsSpan(0, {{hidden}} * OutputSize);
                weightGradient.Clear();
                MatrixKernels.TransposedMultiplyAdd(hidden, outputGradient.Slice(0, rows * OutputSize), weightGradient, rows, {{hidden}}, OutputSize);
                TrainingKernels.AddTransposed(weightGradient, {{hidden}}, OutputSize, gradients.Slice({{Offset(model, "head.weight")}}, OutputSize * {{hidden}}));
                TrainingKernels.AddColumnSums(outputGradient.Slice(0, rows * OutputSize), rows, gradients.Slice({{Offset(model, "head.bias")}}, OutputSize));
                hiddenGradient.Clear();
                MatrixKernels.MultiplyAdd(outputGradient.Slice(0, rows * OutputSize), _parameters.AsSpan({{Offset(model, "head.weight")}}, OutputSize * {{hidden}}), hiddenGradient, rows, OutputSize, {{hidden}});
                """);
        }

        writer.Line("}");
    }

    private static string HeadInput(NetworkModel model) => model.Bidirectional
        ? "the last layer's output at every step, or each sequence's final states"
        : "the last layer's output at every step";

    private static string ScalarActivation(ActivationKind activation, string value) => activation switch
    {
        ActivationKind.Tanh => $"FastMath.Tanh({value})",
        ActivationKind.Sigmoid => $"FastMath.Sigmoid({value})",
        _ => $"MathF.Max({value}, 0f)",
    };

    /// <summary>The activation's derivative written in terms of its output, which the tape keeps.</summary>
    private static string ScalarDerivative(ActivationKind activation, string output) => activation switch
    {
        ActivationKind.Tanh => $"1f - ({output} * {output})",
        ActivationKind.Sigmoid => $"{output} * (1f - {output})",
        _ => $"{output} > 0f ? 1f : 0f",
    };

    private static string Offset(NetworkModel model, string tensor) => ParameterLayout.Find(model, tensor).OffsetName;
}
