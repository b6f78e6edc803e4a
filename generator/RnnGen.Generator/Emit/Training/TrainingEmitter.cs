using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits the training surface: <c>ITrainableNetwork</c>, the recording forward pass over a batch and
/// backpropagation through time, layer by layer, plus the transposed weights their products read.
/// </summary>
internal static class TrainingEmitter
{
    public static void Emit(SourceWriter writer, NetworkModel model)
    {
        int last = model.Layers - 1;
        EmitGateRows(writer, model);
        writer.Lines($$"""
            {{(model.Bidirectional
                ? "// Null until training starts: the sequence pass alone does not pay for the transposed copies."
                : "// Null until training or a multi-stream step starts: the single-stream step alone does not pay for the transposed copies.")}}
            private TransposedWeights? _transposedWeights;

            /// <summary>The parameters, flat, in <see cref="ParameterNames"/> order and PyTorch's layout; call <see cref="ParametersChanged"/> after writing them.</summary>
            public Span<float> ParameterValues => _parameters;

            /// <summary>Makes the network use <see cref="ParameterValues"/> after they were written in place (by an optimizer).</summary>
            public void ParametersChanged()
            {
            """);
        for (int group = 0; group < model.Groups; group++)
        {
            writer.Line($"    Pack({group});");
        }

        writer.Lines($$"""
            }

            /// <summary>Records a forward pass over a batch on <paramref name="tape"/>, for <see cref="Backward(Tape, ReadOnlySpan{float}, Gradients, Span{float})"/>.</summary>
            /// <param name="tape">The workspace; each sequence starts from its <see cref="ITrainingTape.InitialState"/>.</param>
            /// <param name="inputs"><c>[B, T, InputSize]</c>, batch-major; T is the longest length.</param>
            /// <param name="lengths">The valid steps of each of the B sequences, 1 to T; later steps are padding.</param>
            /// <param name="outputs">{{DirectionsTrainingEmitter.OutputsDocumentation(model)}}</param>
            /// <exception cref="ArgumentException">The batch does not fit the tape, a length is outside 1 to the tape's steps, or a span does not match the batch.</exception>
            public void ForwardTraining(Tape tape, ReadOnlySpan<float> inputs, ReadOnlySpan<int> lengths, Span<float> outputs)
            {
                ArgumentNullException.ThrowIfNull(tape);
                int steps = tape.Begin(lengths, inputs.Length, outputs.Length);
                int batch = lengths.Length;
                EnsureTransposedWeights();

                // Time-major inputs: one step of the whole batch becomes one block of a matrix product.
                for (int sequence = 0; sequence < batch; sequence++)
                {
                    for (int step = 0; step < steps; step++)
                    {
                        inputs.Slice(((sequence * steps) + step) * InputSize, InputSize).CopyTo(tape.Input.AsSpan(((step * batch) + sequence) * InputSize, InputSize));
                    }
                }

                RunForwardTraining(tape, outputs);
            }

            /// <summary>Runs every layer{{(model.HasHead ? " and the head" : string.Empty)}} over the batch whose time-major input <paramref name="tape"/> holds, and writes the outputs batch-major.</summary>
            private void RunForwardTraining(Tape tape, Span<float> outputs)
            {
                int steps = tape.Steps;
                int batch = tape.Batch;
            """);
        for (int layer = 0; layer < model.Layers; layer++)
        {
            for (int direction = 0; direction < model.Directions; direction++)
            {
                writer.Line($"    {LayerTrainingEmitter.ForwardMethodName(layer, direction)}(tape);");
            }

            if (model.Bidirectional)
            {
                writer.Line($"    {DirectionsTrainingEmitter.JoinMethodName}(tape, {layer});");
            }

            if (model.HasDropout && layer < model.Layers - 1)
            {
                writer.Line($"    DropoutAfter(tape, {layer});");
            }
        }

        writer.Lines($$"""
                {{SourceWriter.If(model.HasDropout, "if (tape.DropoutEnabled)")}}
                {{SourceWriter.If(model.HasDropout, "{")}}
                {{SourceWriter.If(model.HasDropout, "    // The next pass draws other masks.")}}
                {{SourceWriter.If(model.HasDropout, "    tape.DropoutPass++;")}}
                {{SourceWriter.If(model.HasDropout, "}\n")}}
                int rows = steps * batch;
                {{(model.Bidirectional ? DirectionsTrainingEmitter.ForwardOutputs(model) : UnidirectionalForwardOutputs(model))}}
                for (int sequence = 0; sequence < batch; sequence++)
                {
                    for (int step = 0; step < steps; step++)
                    {
                        Span<float> destination = outputs.Slice(((sequence * steps) + step) * OutputSize, OutputSize);
                        {{(model.Bidirectional
                            ? "if (lastStep ? step == tape.Lengths[sequence] - 1 : step < tape.Lengths[sequence])"
                            : "if (step < tape.Lengths[sequence])")}}
                        {
                            results.Slice({{(model.Bidirectional ? "(lastStep ? sequence : (step * batch) + sequence)" : "((step * batch) + sequence)")}} * OutputSize, OutputSize).CopyTo(destination);
                        }
                        else
                        {
                            destination.Clear();
                        }
                    }
                }
            }

            /// <summary>
            /// Backpropagates through the pass last recorded on <paramref name="tape"/>, adding every parameter's
            /// gradient, summed over the batch, to <paramref name="gradients"/>.
            /// </summary>
            /// <param name="tape">The tape of the last <see cref="ForwardTraining(Tape, ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>.</param>
            /// <param name="outputGradients">{{DirectionsTrainingEmitter.OutputGradientsDocumentation(model)}}</param>
            /// <param name="gradients">Receives the parameter gradients (added to what it holds).</param>
            /// <param name="inputGradients">Receives dL/dInput, <c>[B, T, InputSize]</c>, or empty to skip it.</param>
            /// <exception cref="InvalidOperationException">Nothing was recorded on <paramref name="tape"/>.</exception>
            /// <exception cref="ArgumentException">A span does not match the recorded batch.</exception>
            public void Backward(Tape tape, ReadOnlySpan<float> outputGradients, Gradients gradients, Span<float> inputGradients = default)
            {
                ArgumentNullException.ThrowIfNull(gradients);
                BackwardCore(tape, outputGradients, gradients.Values, inputGradients);
            }

            ITrainingTape ITrainableNetwork.CreateTape(int maxSequenceLength, int maxBatchSize) => new Tape(maxSequenceLength, maxBatchSize);

            void ITrainableNetwork.ForwardTraining(ITrainingTape tape, ReadOnlySpan<float> inputs, ReadOnlySpan<int> lengths, Span<float> outputs) =>
                ForwardTraining(OwnTape(tape), inputs, lengths, outputs);

            void ITrainableNetwork.Backward(ITrainingTape tape, ReadOnlySpan<float> outputGradients, Span<float> parameterGradients, Span<float> inputGradients) =>
                BackwardCore(OwnTape(tape), outputGradients, parameterGradients, inputGradients);

            private static Tape OwnTape(ITrainingTape tape) =>
                tape as Tape ?? throw new ArgumentException($"The tape was made for another network; create one with {nameof({{model.ClassName}})}.{nameof(Tape)} or this network's CreateTape.", nameof(tape));

            private void BackwardCore(Tape tape, ReadOnlySpan<float> outputGradients, Span<float> parameterGradients, Span<float> inputGradients)
            {
                ArgumentNullException.ThrowIfNull(tape);
                int steps = tape.Steps;
                int batch = tape.Batch;
                if (steps == 0)
                {
                    throw new InvalidOperationException("Backward needs a pass recorded on this tape by ForwardTraining first.");
                }

                int rows = steps * batch;
                ArgumentChecks.BatchLength(outputGradients.Length, batch, steps, OutputSize, nameof(outputGradients), nameof(OutputSize));
                ArgumentChecks.Length(parameterGradients.Length, ParameterCount, nameof(parameterGradients), "ParameterCount");
                if (!inputGradients.IsEmpty)
                {
                    ArgumentChecks.BatchLength(inputGradients.Length, batch, steps, InputSize, nameof(inputGradients), nameof(InputSize));
                }

                // Time-major output gradients; padded steps contribute nothing.
                Span<float> outputGradient = tape.OutputGradient.AsSpan(0, rows * OutputSize);
            """);
        if (model.Bidirectional)
        {
            writer.Lines("""
                    // The outputs the pass produced, whatever Returns says now.
                    bool lastStep = tape.RecordedReturns == SequenceOutputs.LastStep;
                    if (lastStep)
                    {
                        // One row per sequence: the gradient of its one output, at its last valid step.
                        for (int sequence = 0; sequence < batch; sequence++)
                        {
                            outputGradients.Slice(((sequence * steps) + tape.Lengths[sequence] - 1) * OutputSize, OutputSize).CopyTo(outputGradient.Slice(sequence * OutputSize, OutputSize));
                        }
                    }
                    else
                    {
                """);
            using (new Indent(writer, 2))
            {
                EmitTimeMajorOutputGradients(writer);
            }

            writer.Line("    }");
        }
        else
        {
            using (new Indent(writer, 1))
            {
                EmitTimeMajorOutputGradients(writer);
            }
        }

        writer.Line();
        writer.Lines($$"""
                {{(model.Layers > 1
                    ? "// dL/dh of each layer, from the top down: two buffers take turns, a layer's written while the one above it is read."
                    : "// dL/dh of the layer.")}}
            """);
        string HiddenGradient(int layer) => $"layer{layer}HiddenGradient";
        string Buffer(int layer) => (last - layer) % 2 == 0 ? "tape.HiddenGradient" : "tape.HiddenGradientBelow";
        string lastOutputGradient = $"{Buffer(last)}.AsSpan(0, rows * {LayerNames.LayerOutput(model, last)})";
        if (model.Bidirectional)
        {
            using (new Indent(writer, 1))
            {
                DirectionsTrainingEmitter.EmitTopGradient(writer, model, HiddenGradient(last), lastOutputGradient);
            }
        }
        else if (model.HasHead)
        {
            writer.Line($"    Span<float> {HiddenGradient(last)} = {lastOutputGradient};");
            writer.Line($"    HeadBackward(tape, {TapeRecords.LayerOutput(model, last, "batch")}, rows, outputGradient, {HiddenGradient(last)}, parameterGradients);");
        }
        else
        {
            writer.Line($"    Span<float> {HiddenGradient(last)} = outputGradient;");
        }

        for (int layer = last; layer > 0; layer--)
        {
            writer.Line($"    Span<float> {HiddenGradient(layer - 1)} = {Buffer(layer - 1)}.AsSpan(0, rows * {LayerNames.LayerOutput(model, layer - 1)});");
            for (int direction = 0; direction < model.Directions; direction++)
            {
                writer.Line($"    {LayerTrainingEmitter.BackwardMethodName(layer, direction)}(tape, {HiddenGradient(layer)}, {HiddenGradient(layer - 1)}, parameterGradients);");
            }

            if (model.HasDropout)
            {
                writer.Line($"    // Back through layer {layer - 1}'s dropout: a dropped unit passes no gradient, a kept one its scale.");
                writer.Line($"    DropoutKernels.ApplyInPlace({HiddenGradient(layer - 1)}, tape.DropoutMasks[{layer - 1}].AsSpan(0, rows * {LayerNames.LayerOutput(model, layer - 1)}));");
            }
        }

        writer.Lines($$"""
                {{(model.HasEmbedding
                    ? "// A pass on token ids needs dL/d(input) for the embedding table's gradient."
                    : SourceWriter.OmittedLine)}}
                Span<float> inputGradient = inputGradients.IsEmpty{{(model.HasEmbedding ? " && !tape.RecordedTokens" : string.Empty)}} ? Span<float>.Empty : tape.InputGradient.AsSpan(0, rows * InputSize);
                Layer0Backward(tape, layer0HiddenGradient, inputGradient, parameterGradients);
                {{SourceWriter.If(model.Bidirectional, "Layer0ReverseBackward(tape, layer0HiddenGradient, inputGradient, parameterGradients);")}}
                {{SourceWriter.If(model.HasEmbedding, "if (tape.RecordedTokens)")}}
                {{SourceWriter.If(model.HasEmbedding, "{")}}
                {{SourceWriter.If(model.HasEmbedding, "    EmbeddingBackward(tape, inputGradient, parameterGradients);")}}
                {{SourceWriter.If(model.HasEmbedding, "}\n")}}
                if (!inputGradients.IsEmpty)
                {
                    for (int sequence = 0; sequence < batch; sequence++)
                    {
                        for (int step = 0; step < steps; step++)
                        {
                            inputGradient.Slice(((step * batch) + sequence) * InputSize, InputSize).CopyTo(inputGradients.Slice(((sequence * steps) + step) * InputSize, InputSize));
                        }
                    }
                }
            }
            """);

        if (model.HasEmbedding)
        {
            writer.Line();
            EmbeddingTrainingEmitter.Emit(writer, model);
        }

        if (model.HasDropout)
        {
            writer.Line();
            DropoutTrainingEmitter.EmitApply(writer, model);
        }

        if (model.Bidirectional)
        {
            writer.Line();
            DirectionsTrainingEmitter.EmitMethods(writer);
        }

        for (int layer = 0; layer < model.Layers; layer++)
        {
            for (int direction = 0; direction < model.Directions; direction++)
            {
                writer.Line();
                LayerTrainingEmitter.EmitForward(writer, model, layer, direction);
                writer.Line();
                LayerTrainingEmitter.EmitBackward(writer, model, layer, direction);
            }
        }

        if (model.HasHead)
        {
            writer.Line();
            HeadTrainingEmitter.EmitForward(writer, model);
            writer.Line();
            HeadTrainingEmitter.EmitBackward(writer, model);
        }

        writer.Line();
        EmitTransposedWeights(writer, model);
        writer.Line();
        TapeEmitter.Emit(writer, model);
    }

    private static void EmitTransposedWeights(SourceWriter writer, NetworkModel model)
    {
        writer.Lines($$"""
            /// <summary>
            /// The transposed weights, created on first use from the current parameters. They are filled before
            /// they are published, so {{(model.Bidirectional ? "a training pass" : "a multi-stream step")}} on another thread never sees a half-written copy.
            /// </summary>
            private TransposedWeights EnsureTransposedWeights()
            {
                if (_transposedWeights is { } existing)
                {
                    return existing;
                }

                var created = new TransposedWeights();
            """);
        for (int group = 0; group < model.Groups; group++)
        {
            writer.Line($"    Transpose({group}, created);");
        }

        writer.Lines("""
                return System.Threading.Interlocked.CompareExchange(ref _transposedWeights, created, null) ?? created;
            }

            /// <summary>Rewrites the transposed copies of group <paramref name="group"/> (as <c>Pack</c> numbers them) in <paramref name="target"/>.</summary>
            private void Transpose(int group, TransposedWeights target)
            {
                switch (group)
                {
            """);
        for (int group = 0; group < model.Groups; group++)
        {
            writer.Line($"        case {group}:");
            if (group < model.HeadGroup)
            {
                int layer = group % model.Layers;
                string suffix = ParameterLayout.LayerSuffix(layer, group / model.Layers);
                var inputWeights = ParameterLayout.Find(model, $"weight_ih_{suffix}");
                var recurrentWeights = ParameterLayout.Find(model, $"weight_hh_{suffix}");
                string gateRows = LayerNames.GateRows(model, layer);
                string input = LayerNames.Input(model, layer);
                string hidden = LayerNames.Hidden(model, layer);
                writer.Line($"            TrainingKernels.Transpose(_parameters.AsSpan({inputWeights.OffsetName}, {gateRows} * {input}), {gateRows}, {input}, target.Input[{group}]);");
                writer.Line($"            TrainingKernels.Transpose(_parameters.AsSpan({recurrentWeights.OffsetName}, {gateRows} * {hidden}), {gateRows}, {hidden}, target.Recurrent[{group}]);");
            }
            else
            {
                var headWeights = ParameterLayout.Find(model, "head.weight");
                string hidden = LayerNames.LastOutput(model);
                writer.Line($"            TrainingKernels.Transpose(_parameters.AsSpan({headWeights.OffsetName}, OutputSize * {hidden}), OutputSize, {hidden}, target.Head);");
            }

            writer.Line("            break;");
        }

        writer.Lines($$"""
                }
            }

            /// <summary>
            /// The weights as <c>[in, out]</c>, the layout whose products vectorize along the outputs:
            /// W_ihᵀ and W_hhᵀ per layer{{(model.Bidirectional ? " direction, in the order of the packed groups" : string.Empty)}}{{(model.HasHead ? " and the head's Wᵀ" : string.Empty)}}.
            /// </summary>
            private sealed class TransposedWeights
            {
                public float[][] Input { get; } = new float[{{Records(model)}}][];

                public float[][] Recurrent { get; } = new float[{{Records(model)}}][];
                {{SourceWriter.If(model.HasHead, $"\n    public float[] Head {{ get; }} = new float[{LayerNames.LastOutput(model)} * OutputSize];")}}

                public TransposedWeights()
                {
            """);
        if (model.Bidirectional)
        {
            writer.Lines("""
                        for (int group = 0; group < Layers * Directions; group++)
                        {
                            Input[group] = new float[(group % Layers == 0 ? InputSize : Directions * HiddenSize) * GateRows];
                            Recurrent[group] = new float[HiddenSize * GateRows];
                        }
                """);
        }
        else if (model.IsUniform)
        {
            writer.Lines("""
                        for (int layer = 0; layer < Layers; layer++)
                        {
                            Input[layer] = new float[(layer == 0 ? InputSize : HiddenSize) * GateRows];
                            Recurrent[layer] = new float[HiddenSize * GateRows];
                        }
                """);
        }
        else
        {
            for (int layer = 0; layer < model.Layers; layer++)
            {
                string gateRows = LayerNames.GateRows(model, layer);
                writer.Line($"        Input[{layer}] = new float[{LayerNames.Input(model, layer)} * {gateRows}];");
                writer.Line($"        Recurrent[{layer}] = new float[{LayerNames.Hidden(model, layer)} * {gateRows}];");
            }
        }

        writer.Lines("""
                }
            }
            """);
    }

    private static void EmitGateRows(SourceWriter writer, NetworkModel model)
    {
        if (model.IsUniform)
        {
            writer.Line("// Rows of the gate matrices: every gate's HiddenSize units, in PyTorch's gate order.");
            writer.Line($"private const int GateRows = {Literals.Int(model.Layer(0).GateRows)};");
        }
        else
        {
            writer.Line("// Rows of each layer's gate matrices: every gate's hidden units, in PyTorch's gate order.");
            for (int layer = 0; layer < model.Layers; layer++)
            {
                writer.Line($"private const int {LayerNames.GateRows(model, layer)} = {Literals.Int(model.Layer(layer).GateRows)};");
            }
        }

        writer.Line();
    }

    private static void EmitTimeMajorOutputGradients(SourceWriter writer) => writer.Lines("""
        for (int sequence = 0; sequence < batch; sequence++)
        {
            for (int step = 0; step < steps; step++)
            {
                Span<float> destination = outputGradient.Slice(((step * batch) + sequence) * OutputSize, OutputSize);
                if (step < tape.Lengths[sequence])
                {
                    outputGradients.Slice(((sequence * steps) + step) * OutputSize, OutputSize).CopyTo(destination);
                }
                else
                {
                    destination.Clear();
                }
            }
        }
        """);

    /// <summary>The head (if any) over every step of a unidirectional network, and the outputs' source.</summary>
    private static string UnidirectionalForwardOutputs(NetworkModel model) => model.HasHead
        ? SourceWriter.Nested($"HeadForwardTraining(tape, {TapeRecords.LayerOutput(model, model.Layers - 1, "batch")}, rows);\nReadOnlySpan<float> results = tape.Outputs;")
        : $"ReadOnlySpan<float> results = {TapeRecords.LayerOutput(model, model.Layers - 1, "batch")};";

    /// <summary>The number of layer directions, each with its own records and transposed weights.</summary>
    internal static string Records(NetworkModel model) => model.Bidirectional ? "Layers * Directions" : "Layers";
}
