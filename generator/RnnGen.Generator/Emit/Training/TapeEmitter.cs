using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// Emits <c>Tape</c>, the preallocated record of a training forward pass, and <c>Gradients</c>. Every
/// buffer is sized once for the largest sequence and batch, so training allocates nothing per batch.
/// Buffers are time-major (<c>[step, sequence, ·]</c>) so that one step of the whole batch is one
/// contiguous block: the operand of a matrix product.
/// </summary>
internal static class TapeEmitter
{
    public static void Emit(SourceWriter writer, NetworkModel model)
    {
        bool lstm = model.Cell == CellKind.Lstm;
        bool gru = model.Cell == CellKind.Gru;
        bool tokens = model.HasEmbedding;
        bool dropout = model.HasDropout;
        int stateParts = lstm ? 2 : 1;
        writer.Lines($$"""
            /// <summary>
            /// The workspace of training passes: what backpropagation through time needs of a recorded forward
            /// pass, for up to <see cref="MaxSequenceLength"/> steps and <see cref="MaxBatchSize"/> sequences.
            /// Allocated once; <see cref="ForwardTraining(Tape, ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>
            /// and <see cref="Backward(Tape, ReadOnlySpan{float}, Gradients, Span{float})"/> reuse it without allocating.
            /// </summary>
            public sealed class Tape : {{(dropout ? "IDropoutTape" : "ITrainingTape")}}
            {
                private const int StateParts = {{stateParts}};

                /// <summary>Allocates a tape for sequences of up to <paramref name="maxSequenceLength"/> steps in batches of up to <paramref name="maxBatchSize"/>.</summary>
                /// <param name="maxSequenceLength">The most steps of one recorded pass (the window, under truncated BPTT).</param>
                /// <param name="maxBatchSize">The most sequences of one recorded pass.</param>
                /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or the tape would need arrays past .NET's largest.</exception>
                public Tape(int maxSequenceLength, int maxBatchSize)
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 1);
                    ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
                    if ((long)(maxSequenceLength + 1) * maxBatchSize * Math.Max(GateRows, Math.Max(InputSize, OutputSize)) > Array.MaxLength)
                    {
                        throw new ArgumentOutOfRangeException(nameof(maxBatchSize), $"A tape for {maxSequenceLength} steps × {maxBatchSize} sequences would need arrays past .NET's largest ({Array.MaxLength:N0} elements); record shorter windows or smaller batches.");
                    }

                    MaxSequenceLength = maxSequenceLength;
                    MaxBatchSize = maxBatchSize;
                    int rows = maxSequenceLength * maxBatchSize;
                    Lengths = new int[maxBatchSize];
                    Input = new float[rows * InputSize];
                    {{SourceWriter.If(tokens, "Tokens = new int[rows];")}}
                    InputGradient = new float[rows * InputSize];
                    Hidden = new float[Layers][];
                    Gates = new float[Layers][];
                    {{SourceWriter.If(lstm, "Cell = new float[Layers][];")}}
                    {{SourceWriter.If(gru, "NewGateRecurrent = new float[Layers][];")}}
                    for (int layer = 0; layer < Layers; layer++)
                    {
                        Hidden[layer] = new float[(maxSequenceLength + 1) * maxBatchSize * HiddenSize];
                        Gates[layer] = new float[rows * GateRows];
                        {{SourceWriter.If(lstm, "Cell[layer] = new float[(maxSequenceLength + 1) * maxBatchSize * HiddenSize];")}}
                        {{SourceWriter.If(gru, "NewGateRecurrent[layer] = new float[rows * HiddenSize];")}}
                    }

                    {{SourceWriter.If(dropout, "DropoutMasks = new float[Layers - 1][];")}}
                    {{SourceWriter.If(dropout, "DroppedHidden = new float[Layers - 1][];")}}
                    {{SourceWriter.If(dropout, "for (int layer = 0; layer < Layers - 1; layer++)")}}
                    {{SourceWriter.If(dropout, "{")}}
                    {{SourceWriter.If(dropout, "    DropoutMasks[layer] = new float[rows * HiddenSize];")}}
                    {{SourceWriter.If(dropout, "    DroppedHidden[layer] = new float[rows * HiddenSize];")}}
                    {{SourceWriter.If(dropout, "}\n")}}
                    Recurrent = new float[maxBatchSize * GateRows];
                    GateGradients = new float[rows * GateRows];
                    {{SourceWriter.If(gru, "RecurrentGateGradients = new float[rows * GateRows];")}}
                    OutputGradient = new float[rows * OutputSize];
                    HiddenGradient = new float[rows * HiddenSize];
                    HiddenGradientBelow = new float[rows * HiddenSize];
                    StepHiddenGradient = new float[maxBatchSize * HiddenSize];
                    {{SourceWriter.If(lstm, "StepCellGradient = new float[maxBatchSize * HiddenSize];")}}
                    WeightGradient = new float[Math.Max(Math.Max(InputSize, HiddenSize) * GateRows, HiddenSize * OutputSize)];
                    {{SourceWriter.If(model.HasHead, "Outputs = new float[rows * OutputSize];")}}
                    _initialState = new float[StateParts * Layers * maxBatchSize * HiddenSize];
                    _initialStateGradient = new float[_initialState.Length];
                }

                /// <inheritdoc/>
                public int MaxSequenceLength { get; }

                /// <inheritdoc/>
                public int MaxBatchSize { get; }

                /// <inheritdoc/>
                public Span<float> InitialState => _initialState;

                /// <inheritdoc/>
                public ReadOnlySpan<float> InitialStateGradient => _initialStateGradient;
                {{SourceWriter.If(dropout, """

                        /// <inheritdoc/>
                        public bool DropoutEnabled { get; set; } = true;

                        /// <inheritdoc/>
                        public int DropoutSeed { get; set; }

                        /// <inheritdoc/>
                        public long DropoutPass { get; set; }
                    """)}}

                // The recorded pass: its sizes, then per layer h (and c) before and after every step, and the gate activations.
                internal int Steps { get; private set; }

                internal int Batch { get; private set; }

                internal int[] Lengths { get; }

                internal float[] Input { get; }
                {{SourceWriter.If(tokens, "\n    // The id each valid step read (time-major), when RecordedTokens.")}}
                {{SourceWriter.If(tokens, "internal int[] Tokens { get; }")}}
                {{SourceWriter.If(tokens, "\n    // Whether the recorded pass read token ids, whose embedding rows then get gradients.")}}
                {{SourceWriter.If(tokens, "internal bool RecordedTokens { get; private set; }")}}

                internal float[][] Hidden { get; }

                internal float[][] Gates { get; }
                {{SourceWriter.If(dropout, """

                        // Per layer but the last: the mask of the recorded pass (0 or 1/(1 − p)) and the outputs times it, which the layer above read.
                        internal float[][] DropoutMasks { get; }

                        internal float[][] DroppedHidden { get; }
                    """)}}
                {{SourceWriter.If(lstm, "internal float[][] Cell { get; }")}}
                {{SourceWriter.If(gru, "// W_hn h + b_hn at every step: n's recurrent part, which the reset gate scales.")}}
                {{SourceWriter.If(gru, "internal float[][] NewGateRecurrent { get; }")}}
                {{SourceWriter.If(model.HasHead, "internal float[] Outputs { get; }")}}

                // Scratch of the passes.
                internal float[] Recurrent { get; }

                internal float[] GateGradients { get; }

                {{SourceWriter.If(gru, "// GRU's recurrent side differs from its input side in the n gate (scaled by r).")}}
                {{SourceWriter.If(gru, "internal float[] RecurrentGateGradients { get; }")}}
                internal float[] OutputGradient { get; }

                internal float[] HiddenGradient { get; }

                internal float[] HiddenGradientBelow { get; }

                internal float[] InputGradient { get; }

                internal float[] StepHiddenGradient { get; }

                {{SourceWriter.If(lstm, "internal float[] StepCellGradient { get; }")}}
                internal float[] WeightGradient { get; }

                private readonly float[] _initialState;
                private readonly float[] _initialStateGradient;

                /// <inheritdoc/>
                public void ResetState() => Array.Clear(_initialState);
                {{SourceWriter.If(dropout, """

                        /// <summary>The dropout mask the last recorded pass applied to layer <paramref name="layer"/>'s outputs: 0 for a dropped unit, 1/(1 − Dropout) for a kept one, all ones when dropout was off.</summary>
                        /// <param name="layer">0 to Layers − 2: every layer but the last.</param>
                        /// <returns><c>[T, B, HiddenSize]</c>, time-major as the tape records, for the recorded T steps and B sequences.</returns>
                        /// <exception cref="ArgumentOutOfRangeException">No layer below another has that index.</exception>
                        public ReadOnlySpan<float> DropoutMask(int layer)
                        {
                            ArgumentChecks.Layer(layer, Layers - 1);
                            return DropoutMasks[layer].AsSpan(0, Steps * Batch * HiddenSize);
                        }
                    """)}}

                /// <inheritdoc/>
                public void CarryStateForward()
                {
                    for (int layer = 0; layer < Layers; layer++)
                    {
                        for (int sequence = 0; sequence < Batch; sequence++)
                        {
                            // Padded steps carry the state over, so row Steps holds each sequence's state at its last valid step.
                            int final = ((Steps * Batch) + sequence) * HiddenSize;
                            Hidden[layer].AsSpan(final, HiddenSize).CopyTo(_initialState.AsSpan(StateOffset(0, layer, sequence), HiddenSize));
                            {{SourceWriter.If(lstm, "Cell[layer].AsSpan(final, HiddenSize).CopyTo(_initialState.AsSpan(StateOffset(1, layer, sequence), HiddenSize));")}}
                        }
                    }
                }

                /// <summary>Checks a batch of float inputs against the tape and the network, and records its sizes; returns the step count.</summary>
                internal int Begin(ReadOnlySpan<int> lengths, int inputLength, int outputLength)
                {
                    int steps = CheckLengths(lengths);
                    ArgumentChecks.BatchLength(inputLength, lengths.Length, steps, InputSize, "inputs", nameof(InputSize));
                    return Record(lengths, steps, outputLength{{(tokens ? ", recordedTokens: false" : string.Empty)}});
                }
                {{SourceWriter.If(tokens, """

                        /// <summary>Checks a batch of token ids against the tape, the vocabulary and the network, and records its sizes; returns the step count.</summary>
                        internal int BeginTokens(ReadOnlySpan<int> lengths, ReadOnlySpan<int> tokens, int outputLength)
                        {
                            int steps = CheckLengths(lengths);
                            ArgumentChecks.TokenBatch(tokens, lengths, steps, VocabularySize);
                            return Record(lengths, steps, outputLength, recordedTokens: true);
                        }
                    """)}}

                /// <summary>Checks the sequence lengths against the tape; returns the step count, the longest length.</summary>
                private int CheckLengths(ReadOnlySpan<int> lengths)
                {
                    if (lengths.Length < 1 || lengths.Length > MaxBatchSize)
                    {
                        throw new ArgumentException($"The batch has {lengths.Length} sequences; this tape holds 1 to {MaxBatchSize}.", nameof(lengths));
                    }

                    int steps = 0;
                    foreach (int length in lengths)
                    {
                        if (length < 1 || length > MaxSequenceLength)
                        {
                            throw new ArgumentException($"A sequence length is {length}; this tape holds 1 to {MaxSequenceLength} steps.", nameof(lengths));
                        }

                        steps = Math.Max(steps, length);
                    }

                    return steps;
                }

                private int Record(ReadOnlySpan<int> lengths, int steps, int outputLength{{(tokens ? ", bool recordedTokens" : string.Empty)}})
                {
                    ArgumentChecks.BatchLength(outputLength, lengths.Length, steps, OutputSize, "outputs", nameof(OutputSize));
                    lengths.CopyTo(Lengths);
                    Steps = steps;
                    Batch = lengths.Length;
                    {{SourceWriter.If(tokens, "RecordedTokens = recordedTokens;")}}
                    return steps;
                }

                /// <summary>Writes each sequence's initial state into row 0 of layer <paramref name="layer"/>'s recorded state.</summary>
                internal void LoadInitialState(int layer)
                {
                    for (int sequence = 0; sequence < Batch; sequence++)
                    {
                        _initialState.AsSpan(StateOffset(0, layer, sequence), HiddenSize).CopyTo(Hidden[layer].AsSpan(sequence * HiddenSize, HiddenSize));
                        {{SourceWriter.If(lstm, "_initialState.AsSpan(StateOffset(1, layer, sequence), HiddenSize).CopyTo(Cell[layer].AsSpan(sequence * HiddenSize, HiddenSize));")}}
                    }
                }

                /// <summary>Stores the gradients that reached the initial state of layer <paramref name="layer"/>.</summary>
                internal void StoreInitialStateGradient(int layer)
                {
                    for (int sequence = 0; sequence < Batch; sequence++)
                    {
                        StepHiddenGradient.AsSpan(sequence * HiddenSize, HiddenSize).CopyTo(_initialStateGradient.AsSpan(StateOffset(0, layer, sequence), HiddenSize));
                        {{SourceWriter.If(lstm, "StepCellGradient.AsSpan(sequence * HiddenSize, HiddenSize).CopyTo(_initialStateGradient.AsSpan(StateOffset(1, layer, sequence), HiddenSize));")}}
                    }
                }

                private int StateOffset(int part, int layer, int sequence) => (((part * Layers) + layer) * MaxBatchSize + sequence) * HiddenSize;
            }

            /// <summary>The gradient of every parameter, in the same names, layouts and gate order as <see cref="GetParameter"/>.</summary>
            public sealed class Gradients
            {
                private readonly float[] _values = new float[ParameterCount];

                /// <summary>All gradients, flat, in <see cref="ParameterNames"/> order: what optimizers read.</summary>
                public Span<float> Values => _values;

                /// <summary>Sets every gradient to zero; <see cref="Backward(Tape, ReadOnlySpan{float}, Gradients, Span{float})"/> adds to them.</summary>
                public void Clear() => Array.Clear(_values);

                /// <summary>Copies the gradient of parameter <paramref name="name"/> out, in PyTorch's layout.</summary>
                /// <param name="name">One of <see cref="ParameterNames"/>.</param>
                /// <param name="destination">Receives the gradient, as many values as the parameter has.</param>
                /// <exception cref="ArgumentException">The name is unknown, or <paramref name="destination"/> does not have the parameter's length.</exception>
                public void GetGradient(string name, Span<float> destination)
                {
                    var (offset, length, shape, _) = Locate(name, nameof(name));
                    ArgumentChecks.ParameterLength(name, destination.Length, length, shape, nameof(destination));
                    _values.AsSpan(offset, length).CopyTo(destination);
                }
            }
            """);
    }
}
