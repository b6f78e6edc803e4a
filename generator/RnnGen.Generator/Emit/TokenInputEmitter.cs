using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the token-id surface of a network with an embedding table (<c>VocabularySize</c>): the constants,
/// and <c>Step</c> and <c>Forward</c> on ids, which hand the first layer the id's row of
/// <c>embedding.weight</c> straight from the canonical parameters (a row is <c>InputSize</c> contiguous
/// floats in nn.Embedding's layout, so nothing is copied or packed). A bidirectional network's
/// <c>Forward</c> gathers the rows into a sequence first: its layers run over the whole sequence at once.
/// </summary>
internal static class TokenInputEmitter
{
    public static void EmitConstants(SourceWriter writer, NetworkModel model)
    {
        writer.Line("/// <summary>The number of token ids: valid ids are 0 to VocabularySize − 1, each embedded as <see cref=\"InputSize\"/> features.</summary>");
        writer.Line($"public const int VocabularySize = {Literals.Int(model.VocabularySize)};");
        writer.Line();
    }

    /// <summary>The members beside the constants: the embedding table's group and the interface's size.</summary>
    public static void EmitMembers(SourceWriter writer, NetworkModel model)
    {
        writer.Line("int ITokenNetwork.VocabularySize => VocabularySize;");
        if (!model.Bidirectional)
        {
            writer.Line("void ITokenNetwork<State>.Step(int token, ref State state, Span<float> output) => Step(token, ref state, output);");
            writer.Line("void ITokenNetwork<State>.Forward(ReadOnlySpan<int> tokens, ref State state, Span<float> outputs, SequenceOutputs returns) => Forward(tokens, ref state, outputs, returns);");
        }

        writer.Line();
        writer.Line("// The group Locate gives the embedding table: it has no packed copy.");
        writer.Line($"private const int EmbeddingGroup = {Literals.Int(ParameterLayout.EmbeddingGroup)};");
    }

    public static void EmitSequenceApi(SourceWriter writer)
    {
        writer.Lines("""
            /// <summary>Runs one time step on a token id at batch size 1, without allocating, and advances <paramref name="state"/>.</summary>
            /// <param name="token">An id, 0 to <see cref="VocabularySize"/> − 1: its row of <c>embedding.weight</c> is the first layer's input.</param>
            /// <param name="state">The sequence's state, updated in place; each concurrent sequence needs its own.</param>
            /// <param name="output">Receives <see cref="OutputSize"/> values.</param>
            /// <exception cref="ArgumentOutOfRangeException">The id is outside the vocabulary.</exception>
            /// <exception cref="ArgumentException"><paramref name="output"/> has the wrong length.</exception>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public void Step(int token, ref State state, Span<float> output)
            {
                ArgumentChecks.Token(token, VocabularySize, nameof(token));
                ArgumentChecks.Length(output.Length, OutputSize, nameof(output), "OutputSize");
                StepCore(ref EmbeddingRow(token), ref state, ref MemoryMarshal.GetReference(output));
            }

            /// <summary>Runs a sequence of token ids from <paramref name="state"/>, step by step, and leaves the final state there.</summary>
            /// <param name="tokens"><c>[T]</c> ids, each 0 to <see cref="VocabularySize"/> − 1.</param>
            /// <param name="state">The sequence's state, updated in place.</param>
            /// <param name="outputs">Receives <c>[T, OutputSize]</c>.</param>
            /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position); the state is left unchanged.</exception>
            /// <exception cref="ArgumentException">The outputs do not match the ids.</exception>
            public void Forward(ReadOnlySpan<int> tokens, ref State state, Span<float> outputs) => Forward(tokens, ref state, outputs, SequenceOutputs.EveryStep);

            /// <summary>Runs a sequence of token ids from <paramref name="state"/>, step by step, and leaves the final state there; writes every step's output or only the last one's.</summary>
            /// <param name="tokens"><c>[T]</c> ids, each 0 to <see cref="VocabularySize"/> − 1.</param>
            /// <param name="state">The sequence's state, updated in place.</param>
            /// <param name="outputs">Receives <c>[T, OutputSize]</c> for <see cref="SequenceOutputs.EveryStep"/>, <c>[OutputSize]</c> for <see cref="SequenceOutputs.LastStep"/>.</param>
            /// <param name="returns">Every step's output or the last one's: Keras' <c>return_sequences=True</c> or <c>False</c>.</param>
            /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position); the state is left unchanged.</exception>
            /// <exception cref="ArgumentException">The outputs do not match the ids, or there is no id for the last step's output.</exception>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public void Forward(ReadOnlySpan<int> tokens, ref State state, Span<float> outputs, SequenceOutputs returns)
            {
                // Every id is checked before the first step, so a bad one leaves the state as it was.
                int steps = ArgumentChecks.TokenSequence(tokens, VocabularySize, outputs.Length, OutputSize, returns);
                ref float output = ref MemoryMarshal.GetReference(outputs);
                int outputStride = returns == SequenceOutputs.EveryStep ? OutputSize : 0;
                for (int step = 0; step < steps; step++)
                {
                    StepCore(ref EmbeddingRow(tokens[step]), ref state, ref Unsafe.Add(ref output, step * outputStride));
                }
            }

            /// <summary>The first of the <see cref="InputSize"/> values of <paramref name="token"/>'s row of <c>embedding.weight</c>, for an id its caller checked.</summary>
            private ref float EmbeddingRow(int token) => ref _parameters[EmbeddingWeightOffset + (token * InputSize)];
            """);
    }

    /// <summary>A bidirectional network's <c>Forward</c> on ids: the ids checked, their rows gathered into a pooled <c>[T, InputSize]</c> sequence, and the float pass run over it.</summary>
    public static void EmitBidirectionalSequenceApi(SourceWriter writer, NetworkModel model)
    {
        writer.Lines($$"""
            /// <summary>Runs a whole sequence of token ids from a zero state in both directions and writes every step's output.</summary>
            /// <param name="tokens"><c>[T]</c> ids, each 0 to <see cref="VocabularySize"/> − 1.</param>
            /// <param name="outputs">Receives <c>[T, OutputSize]</c>.</param>
            /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position); nothing runs.</exception>
            /// <exception cref="ArgumentException">The outputs do not match the ids.</exception>
            public void Forward(ReadOnlySpan<int> tokens, Span<float> outputs) => Forward(tokens, outputs, SequenceOutputs.EveryStep);

            /// <summary>Runs a whole sequence of token ids from a zero state in both directions: each id's row of <c>embedding.weight</c> is the first layer's input.</summary>
            /// <param name="tokens"><c>[T]</c> ids, each 0 to <see cref="VocabularySize"/> − 1.</param>
            {{BidirectionalEmitter.OutputsDocumentation(model)}}
            {{BidirectionalEmitter.ReturnsDocumentation}}
            /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position); nothing runs.</exception>
            /// <exception cref="ArgumentException">The outputs do not match the ids.</exception>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public void Forward(ReadOnlySpan<int> tokens, Span<float> outputs, SequenceOutputs returns)
            {
                // Every id is checked before the first row is read.
                int steps = ArgumentChecks.TokenSequence(tokens, VocabularySize, outputs.Length, OutputSize, returns);
                float[] embedded = System.Buffers.ArrayPool<float>.Shared.Rent(steps * InputSize);
                try
                {
                    for (int step = 0; step < steps; step++)
                    {
                        _parameters.AsSpan(EmbeddingWeightOffset + (tokens[step] * InputSize), InputSize).CopyTo(embedded.AsSpan(step * InputSize, InputSize));
                    }

                    {{BidirectionalEmitter.SequenceMethodName}}(ref MemoryMarshal.GetArrayDataReference(embedded), steps, ref MemoryMarshal.GetReference(outputs), returns);
                }
                finally
                {
                    System.Buffers.ArrayPool<float>.Shared.Return(embedded);
                }
            }

            void IBidirectionalTokenNetwork.Forward(ReadOnlySpan<int> tokens, Span<float> outputs, SequenceOutputs returns) => Forward(tokens, outputs, returns);
            """);
    }
}
