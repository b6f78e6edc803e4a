using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits the training passes of the embedding table: the recording forward pass on token ids, which
/// gathers each id's row as the first layer's input, and the table's gradient, which scatters each step's
/// dL/d(input) back onto the row it came from (nn.Embedding's backward: rows read twice gather both).
/// </summary>
internal static class EmbeddingTrainingEmitter
{
    public static void Emit(SourceWriter writer, NetworkModel model)
    {
        writer.Lines($$"""
            /// <summary>Records a forward pass over a batch of token ids on <paramref name="tape"/>, for <see cref="Backward(Tape, ReadOnlySpan{float}, Gradients, Span{float})"/>, which then also gives <c>embedding.weight</c>'s gradient.</summary>
            /// <param name="tape">The workspace; each sequence starts from its <see cref="ITrainingTape.InitialState"/>.</param>
            /// <param name="tokens"><c>[B, T]</c> ids, batch-major; T is the longest length. Padded steps are not read.</param>
            /// <param name="lengths">The valid steps of each of the B sequences, 1 to T; later steps are padding.</param>
            /// <param name="outputs">{{DirectionsTrainingEmitter.OutputsDocumentation(model)}}</param>
            /// <exception cref="ArgumentOutOfRangeException">An id of a valid step is outside the vocabulary (the message names its sequence and step).</exception>
            /// <exception cref="ArgumentException">The batch does not fit the tape, a length is outside 1 to the tape's steps, or a span does not match the batch.</exception>
            public void ForwardTraining(Tape tape, ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths, Span<float> outputs)
            {
                ArgumentNullException.ThrowIfNull(tape);
                int steps = tape.BeginTokens(lengths, tokens, outputs.Length);
                int batch = lengths.Length;
                EnsureTransposedWeights();

                // Time-major embedded inputs, as the float pass lays them out; padded steps read as zero.
                Span<float> input = tape.Input.AsSpan(0, steps * batch * InputSize);
                input.Clear();
                for (int sequence = 0; sequence < batch; sequence++)
                {
                    for (int step = 0; step < lengths[sequence]; step++)
                    {
                        int token = tokens[(sequence * steps) + step];
                        tape.Tokens[(step * batch) + sequence] = token;
                        _parameters.AsSpan(EmbeddingWeightOffset + (token * InputSize), InputSize).CopyTo(input.Slice(((step * batch) + sequence) * InputSize, InputSize));
                    }
                }

                RunForwardTraining(tape, outputs);
            }

            void ITokenNetwork.ForwardTraining(ITrainingTape tape, ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths, Span<float> outputs) =>
                ForwardTraining(OwnTape(tape), tokens, lengths, outputs);

            /// <summary>Adds each valid step's dL/d(first layer's input) to the row of <c>embedding.weight</c>'s gradient that its id selected.</summary>
            private static void EmbeddingBackward(Tape tape, ReadOnlySpan<float> inputGradient, Span<float> gradients)
            {
                Span<float> tableGradient = gradients.Slice(EmbeddingWeightOffset, VocabularySize * InputSize);
                for (int step = 0; step < tape.Steps; step++)
                {
                    for (int sequence = 0; sequence < tape.Batch; sequence++)
                    {
                        if (step < tape.Lengths[sequence])
                        {
                            int row = (step * tape.Batch) + sequence;
                            TrainingKernels.Add(inputGradient.Slice(row * InputSize, InputSize), tableGradient.Slice(tape.Tokens[row] * InputSize, InputSize));
                        }
                    }
                }
            }
            """);
    }
}
