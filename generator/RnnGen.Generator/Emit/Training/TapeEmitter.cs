using System.Collections.Generic;
using System.Linq;
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
        bool lstm = model.AnyLayer(CellKind.Lstm);
        bool gru = model.AnyLayer(CellKind.Gru);
        bool tokens = model.HasEmbedding;
        bool dropout = model.HasDropout;
        int stateParts = lstm ? 2 : 1;
        string maxHidden = LayerNames.MaxHidden(model);
        string maxGateRows = LayerNames.MaxGateRows(model);
        string hidden = LayerNames.HiddenAt(model, "layer");
        bool bidirectional = model.Bidirectional;
        string records = TrainingEmitter.Records(model);

        // A layer's output, which dropout masks and the layer above's gradient hold: both directions' h when bidirectional.
        string layerOutput = bidirectional ? "Directions * HiddenSize" : hidden;
        string largestOutput = bidirectional ? "Directions * HiddenSize" : maxHidden;
        string largestRow = bidirectional ? "Math.Max(GateRows, Math.Max(Directions * HiddenSize, Math.Max(InputSize, OutputSize)))"
            : model.IsUniform ? "Math.Max(GateRows, Math.Max(InputSize, OutputSize))"
            : "Math.Max(MaxGateRows, Math.Max(InputSize, OutputSize))";
        string weightGradientLength = bidirectional ? "Math.Max(Math.Max(InputSize, Directions * HiddenSize) * GateRows, Directions * HiddenSize * OutputSize)"
            : model.IsUniform ? "Math.Max(Math.Max(InputSize, HiddenSize) * GateRows, HiddenSize * OutputSize)"
            : "LargestWeightMatrix";
        string initialStateLength = bidirectional ? "StateParts * Layers * Directions * maxBatchSize * HiddenSize"
            : model.IsUniform ? "StateParts * Layers * maxBatchSize * HiddenSize"
            : "StateParts * StateUnits * maxBatchSize";
        writer.Lines($$"""
            /// <summary>
            /// The workspace of training passes: what backpropagation through time needs of a recorded forward
            /// pass, for up to <see cref="MaxSequenceLength"/> steps and <see cref="MaxBatchSize"/> sequences.
            /// Allocated once; <see cref="ForwardTraining(Tape, ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>
            /// and <see cref="Backward(Tape, ReadOnlySpan{float}, Gradients, Span{float})"/> reuse it without allocating.
            /// </summary>
            public sealed class Tape : {{TapeInterfaces(model)}}
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
                    if ((long)(maxSequenceLength + 1) * maxBatchSize * {{largestRow}} > Array.MaxLength)
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
                    Hidden = new float[{{records}}][];
                    Gates = new float[{{records}}][];
                    {{SourceWriter.If(lstm, $"Cell = new float[{records}][];")}}
                    {{SourceWriter.If(gru, $"NewGateRecurrent = new float[{records}][];")}}
                    {{LayerRecords(model)}}
                    {{SourceWriter.If(bidirectional, "LayerOutputs = new float[Layers][];")}}
                    {{SourceWriter.If(bidirectional, "for (int layer = 0; layer < Layers; layer++)")}}
                    {{SourceWriter.If(bidirectional, "{")}}
                    {{SourceWriter.If(bidirectional, "    LayerOutputs[layer] = new float[rows * Directions * HiddenSize];")}}
                    {{SourceWriter.If(bidirectional, "}")}}
                    {{SourceWriter.If(bidirectional, "\n        FinalStates = new float[maxBatchSize * Directions * HiddenSize];")}}
                    {{SourceWriter.If(bidirectional, "FinalStateGradient = new float[maxBatchSize * Directions * HiddenSize];")}}

                    {{SourceWriter.If(dropout, "DropoutMasks = new float[Layers - 1][];")}}
                    {{SourceWriter.If(dropout, "DroppedHidden = new float[Layers - 1][];")}}
                    {{SourceWriter.If(dropout, "for (int layer = 0; layer < Layers - 1; layer++)")}}
                    {{SourceWriter.If(dropout, "{")}}
                    {{SourceWriter.If(dropout, $"    DropoutMasks[layer] = new float[rows * {layerOutput}];")}}
                    {{SourceWriter.If(dropout, $"    DroppedHidden[layer] = new float[rows * {layerOutput}];")}}
                    {{SourceWriter.If(dropout, "}\n")}}
                    Recurrent = new float[maxBatchSize * {{maxGateRows}}];
                    GateGradients = new float[rows * {{maxGateRows}}];
                    {{SourceWriter.If(gru, $"RecurrentGateGradients = new float[rows * {maxGateRows}];")}}
                    OutputGradient = new float[rows * OutputSize];
                    HiddenGradient = new float[rows * {{largestOutput}}];
                    HiddenGradientBelow = new float[rows * {{largestOutput}}];
                    StepHiddenGradient = new float[maxBatchSize * {{maxHidden}}];
                    {{SourceWriter.If(lstm, $"StepCellGradient = new float[maxBatchSize * {maxHidden}];")}}
                    WeightGradient = new float[{{weightGradientLength}}];
                    {{SourceWriter.If(model.HasHead, "Outputs = new float[rows * OutputSize];")}}
                    _initialState = new float[{{initialStateLength}}];
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
                {{SourceWriter.If(bidirectional, "\n    /// <inheritdoc/>")}}
                {{SourceWriter.If(bidirectional, """
                        public SequenceOutputs Returns
                        {
                            get => _returns;
                            set => _returns = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Returns is SequenceOutputs.EveryStep or SequenceOutputs.LastStep.");
                        }
                    """)}}
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

                {{SourceWriter.If(bidirectional, "// Per layer direction: forward directions first, then reverse ones, as the parameter groups are numbered.")}}
                internal float[][] Hidden { get; }

                internal float[][] Gates { get; }
                {{SourceWriter.If(bidirectional, "\n    // Per layer: its output of every step, the forward h then the reverse h, which the layer above (or the head) read.")}}
                {{SourceWriter.If(bidirectional, "internal float[][] LayerOutputs { get; }")}}
                {{SourceWriter.If(bidirectional, "\n    // For last-step outputs: each sequence's final states, [B, Directions * HiddenSize], and their gradient.")}}
                {{SourceWriter.If(bidirectional, "internal float[] FinalStates { get; }")}}
                {{SourceWriter.If(bidirectional, "\n    internal float[] FinalStateGradient { get; }")}}
                {{SourceWriter.If(bidirectional, "\n    // The Returns of the recorded pass, which its backward pass follows.")}}
                {{SourceWriter.If(bidirectional, "internal SequenceOutputs RecordedReturns { get; set; }")}}
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
                {{SourceWriter.If(bidirectional, "private SequenceOutputs _returns;")}}

                /// <inheritdoc/>
                public void ResetState() => Array.Clear(_initialState);
                {{SourceWriter.If(dropout, $$"""

                        /// <summary>The dropout mask the last recorded pass applied to layer <paramref name="layer"/>'s outputs: 0 for a dropped unit, 1/(1 − Dropout) for a kept one, all ones when dropout was off.</summary>
                        /// <param name="layer">0 to Layers − 2: every layer but the last.</param>
                        /// <returns><c>[T, B, {{(bidirectional ? "2 × HiddenSize" : "the layer's hidden size")}}]</c>, time-major as the tape records, for the recorded T steps and B sequences.</returns>
                        /// <exception cref="ArgumentOutOfRangeException">No layer below another has that index.</exception>
                        public ReadOnlySpan<float> DropoutMask(int layer)
                        {
                            ArgumentChecks.Layer(layer, Layers - 1);
                            return DropoutMasks[layer].AsSpan(0, Steps * Batch * {{layerOutput}});
                        }
                    """)}}

                {{(bidirectional ? BidirectionalCarry(lstm) : UnidirectionalCarry(model, hidden))}}

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

                {{(bidirectional ? BidirectionalStateTransfers(lstm) : UnidirectionalStateTransfers(model, hidden))}}
                {{LayerConstants(model)}}
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

    /// <summary>What the tape is: one that drops units, or picks a bidirectional network's outputs, is more than a training tape.</summary>
    private static string TapeInterfaces(NetworkModel model) => (model.HasDropout, model.Bidirectional) switch
    {
        (true, true) => "IDropoutTape, IBidirectionalTape",
        (true, false) => "IDropoutTape",
        (false, true) => "IBidirectionalTape",
        _ => "ITrainingTape",
    };

    /// <summary><c>CarryStateForward</c>: each layer's state after the sequence's last valid step, from row <c>Steps</c> of its record.</summary>
    private static string UnidirectionalCarry(NetworkModel model, string hidden) => SourceWriter.Nested($$"""
        /// <inheritdoc/>
        public void CarryStateForward()
        {
            for (int layer = 0; layer < Layers; layer++)
            {
                for (int sequence = 0; sequence < Batch; sequence++)
                {
                    // Padded steps carry the state over, so row Steps holds each sequence's state at its last valid step.
                    int final = ((Steps * Batch) + sequence) * {{hidden}};
                    Hidden[layer].AsSpan(final, {{hidden}}).CopyTo(_initialState.AsSpan(StateOffset(0, layer, sequence), {{hidden}}));
                    {{CellLine(model, $"Cell[layer].AsSpan(final, {hidden}).CopyTo(_initialState.AsSpan(StateOffset(1, layer, sequence), {hidden}));", 12)}}
                }
            }
        }
        """);

    /// <summary>
    /// <c>CarryStateForward</c> of a bidirectional network: PyTorch's h_n (and c_n), the forward direction's state after
    /// the last valid step and the reverse direction's after step 0, where it ends.
    /// </summary>
    private static string BidirectionalCarry(bool lstm) => SourceWriter.Nested($$"""
        /// <inheritdoc/>
        /// <remarks>As PyTorch's h_n: the reverse direction's state is the one it reached at step 0, where it ends.</remarks>
        public void CarryStateForward()
        {
            for (int layer = 0; layer < Layers; layer++)
            {
                for (int sequence = 0; sequence < Batch; sequence++)
                {
                    // Padded steps carry the forward state over to row Steps; the reverse direction ends in row 0.
                    int forwardFinal = ((Steps * Batch) + sequence) * HiddenSize;
                    int reverseFinal = sequence * HiddenSize;
                    Hidden[layer].AsSpan(forwardFinal, HiddenSize).CopyTo(_initialState.AsSpan(StateOffset(0, layer, 0, sequence), HiddenSize));
                    Hidden[Layers + layer].AsSpan(reverseFinal, HiddenSize).CopyTo(_initialState.AsSpan(StateOffset(0, layer, 1, sequence), HiddenSize));
                    {{SourceWriter.If(lstm, "Cell[layer].AsSpan(forwardFinal, HiddenSize).CopyTo(_initialState.AsSpan(StateOffset(1, layer, 0, sequence), HiddenSize));")}}
                    {{SourceWriter.If(lstm, "Cell[Layers + layer].AsSpan(reverseFinal, HiddenSize).CopyTo(_initialState.AsSpan(StateOffset(1, layer, 1, sequence), HiddenSize));")}}
                }
            }
        }
        """);

    /// <summary>Moving a layer's initial state into row 0 of its record and its gradient out, and where a layer's state sits.</summary>
    private static string UnidirectionalStateTransfers(NetworkModel model, string hidden)
    {
        string stateOffset = model.IsUniform
            ? "(((part * Layers) + layer) * MaxBatchSize + sequence) * HiddenSize"
            : "(((part * StateUnits) + LayerStateStart(layer)) * MaxBatchSize) + (sequence * LayerHiddenSize(layer))";
        return SourceWriter.Nested($$"""
            /// <summary>Writes each sequence's initial state into row 0 of layer <paramref name="layer"/>'s recorded state.</summary>
            internal void LoadInitialState(int layer)
            {
                for (int sequence = 0; sequence < Batch; sequence++)
                {
                    _initialState.AsSpan(StateOffset(0, layer, sequence), {{hidden}}).CopyTo(Hidden[layer].AsSpan(sequence * {{hidden}}, {{hidden}}));
                    {{CellLine(model, $"_initialState.AsSpan(StateOffset(1, layer, sequence), {hidden}).CopyTo(Cell[layer].AsSpan(sequence * {hidden}, {hidden}));", 20)}}
                }
            }

            /// <summary>Stores the gradients that reached the initial state of layer <paramref name="layer"/>.</summary>
            internal void StoreInitialStateGradient(int layer)
            {
                for (int sequence = 0; sequence < Batch; sequence++)
                {
                    StepHiddenGradient.AsSpan(sequence * {{hidden}}, {{hidden}}).CopyTo(_initialStateGradient.AsSpan(StateOffset(0, layer, sequence), {{hidden}}));
                    {{CellLine(model, $"StepCellGradient.AsSpan(sequence * {hidden}, {hidden}).CopyTo(_initialStateGradient.AsSpan(StateOffset(1, layer, sequence), {hidden}));", 8)}}
                }
            }

            private int StateOffset(int part, int layer, int sequence) => {{stateOffset}};
            """);
    }

    /// <summary>
    /// The same for a layer direction. A direction's initial state goes where its first step reads it: row 0 of the
    /// forward record, row <c>Steps</c> of the reverse one. The state is laid out as PyTorch's h0: <c>[Layers × 2, B, H]</c>.
    /// </summary>
    private static string BidirectionalStateTransfers(bool lstm) => SourceWriter.Nested($$"""
        /// <summary>Writes each sequence's initial state of layer <paramref name="layer"/>'s direction <paramref name="direction"/> where that direction's first step reads it.</summary>
        internal void LoadInitialState(int layer, int direction)
        {
            int group = (direction * Layers) + layer;
            int start = direction == 0 ? 0 : Steps * Batch * HiddenSize;
            for (int sequence = 0; sequence < Batch; sequence++)
            {
                _initialState.AsSpan(StateOffset(0, layer, direction, sequence), HiddenSize).CopyTo(Hidden[group].AsSpan(start + (sequence * HiddenSize), HiddenSize));
                {{SourceWriter.If(lstm, "_initialState.AsSpan(StateOffset(1, layer, direction, sequence), HiddenSize).CopyTo(Cell[group].AsSpan(start + (sequence * HiddenSize), HiddenSize));")}}
            }
        }

        /// <summary>Stores the gradients that reached the initial state of layer <paramref name="layer"/>'s direction <paramref name="direction"/>.</summary>
        internal void StoreInitialStateGradient(int layer, int direction)
        {
            for (int sequence = 0; sequence < Batch; sequence++)
            {
                StepHiddenGradient.AsSpan(sequence * HiddenSize, HiddenSize).CopyTo(_initialStateGradient.AsSpan(StateOffset(0, layer, direction, sequence), HiddenSize));
                {{SourceWriter.If(lstm, "StepCellGradient.AsSpan(sequence * HiddenSize, HiddenSize).CopyTo(_initialStateGradient.AsSpan(StateOffset(1, layer, direction, sequence), HiddenSize));")}}
            }
        }

        // PyTorch's h0 layout: layer by layer, each layer's forward direction then its reverse.
        private int StateOffset(int part, int layer, int direction, int sequence) => (((((part * Layers) + layer) * Directions) + direction) * MaxBatchSize + sequence) * HiddenSize;
        """);

    /// <summary>The constructor's allocation of each layer's records: in a loop when the layers are alike, else one layer at a time, each of its own sizes and cell.</summary>
    private static string LayerRecords(NetworkModel model)
    {
        bool lstm = model.AnyLayer(CellKind.Lstm);
        bool gru = model.AnyLayer(CellKind.Gru);
        if (model.Bidirectional)
        {
            return string.Join("\n", new[]
            {
                "// Each direction's states have one row more than steps: the one it starts from.",
                "        for (int group = 0; group < Layers * Directions; group++)",
                "        {",
                "            Hidden[group] = new float[(maxSequenceLength + 1) * maxBatchSize * HiddenSize];",
                "            Gates[group] = new float[rows * GateRows];",
                SourceWriter.If(lstm, "            Cell[group] = new float[(maxSequenceLength + 1) * maxBatchSize * HiddenSize];"),
                SourceWriter.If(gru, "            NewGateRecurrent[group] = new float[rows * HiddenSize];"),
                "        }\n",
            });
        }

        if (model.IsUniform)
        {
            return string.Join("\n", new[]
            {
                "for (int layer = 0; layer < Layers; layer++)",
                "        {",
                "            Hidden[layer] = new float[(maxSequenceLength + 1) * maxBatchSize * HiddenSize];",
                "            Gates[layer] = new float[rows * GateRows];",
                SourceWriter.If(lstm, "            Cell[layer] = new float[(maxSequenceLength + 1) * maxBatchSize * HiddenSize];"),
                SourceWriter.If(gru, "            NewGateRecurrent[layer] = new float[rows * HiddenSize];"),
                "        }",
            });
        }

        var lines = new List<string> { "// Each layer's records, of its own sizes; c only for LSTM layers, n's recurrent part only for GRU layers." };
        for (int layer = 0; layer < model.Layers; layer++)
        {
            string hidden = LayerNames.Hidden(model, layer);
            lines.Add($"        Hidden[{layer}] = new float[(maxSequenceLength + 1) * maxBatchSize * {hidden}];");
            lines.Add($"        Gates[{layer}] = new float[rows * {LayerNames.GateRows(model, layer)}];");
            if (model.Layer(layer).Cell == CellKind.Lstm)
            {
                lines.Add($"        Cell[{layer}] = new float[(maxSequenceLength + 1) * maxBatchSize * {hidden}];");
            }

            if (model.Layer(layer).Cell == CellKind.Gru)
            {
                lines.Add($"        NewGateRecurrent[{layer}] = new float[rows * {hidden}];");
            }
        }

        return string.Join("\n", lines);
    }

    /// <summary>
    /// A statement about layer <c>layer</c>'s c, inside a loop over the layers at <paramref name="indent"/> spaces:
    /// as it is when every layer is an LSTM, guarded when only some are, left out when none is.
    /// </summary>
    private static string CellLine(NetworkModel model, string statement, int indent)
    {
        if (!model.AnyLayer(CellKind.Lstm))
        {
            return SourceWriter.OmittedLine;
        }

        if (model.Stack.All(layer => layer.Cell == CellKind.Lstm))
        {
            return statement;
        }

        string pad = new(' ', indent);
        return $"if (LayerShapes[layer].Cell == CellType.Lstm)\n{pad}{{\n{pad}    {statement}\n{pad}}}";
    }

    /// <summary>For a stack whose layers differ: how many state values a sequence has per part, where each layer's start, and the largest weight matrix.</summary>
    private static string LayerConstants(NetworkModel model)
    {
        if (model.IsUniform)
        {
            return SourceWriter.OmittedLine;
        }

        var lines = new List<string>
        {
            string.Empty,
            "    // The h (or c) of one sequence in every layer, one layer after another.",
            $"    private const int StateUnits = {Literals.Int(model.Stack.Sum(layer => layer.HiddenSize))};",
            string.Empty,
            "    private static int LayerStateStart(int layer) => layer switch",
            "    {",
        };
        int start = 0;
        for (int layer = 0; layer < model.Layers; layer++)
        {
            lines.Add($"        {(layer == model.Layers - 1 ? "_" : Literals.Int(layer))} => {Literals.Int(start)},");
            start += model.Layer(layer).HiddenSize;
        }

        lines.Add("    };");
        lines.Add(string.Empty);
        lines.Add("    // The floats of the largest weight matrix of any layer or the head: the weight-gradient scratch holds any of them.");
        lines.Add($"    private const int LargestWeightMatrix = {Literals.Int(LargestWeight(model))};");
        return string.Join("\n", lines);
    }

    /// <summary>The floats of the largest weight matrix, which the weight-gradient scratch must hold.</summary>
    private static int LargestWeight(NetworkModel model)
    {
        int largest = model.Stack.Max(layer => System.Math.Max(layer.InputSize, layer.HiddenSize) * layer.GateRows);
        return model.HasHead ? System.Math.Max(largest, model.LastLayer.HiddenSize * model.HeadSize) : largest;
    }
}
