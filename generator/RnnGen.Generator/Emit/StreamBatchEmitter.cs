using System;
using System.Linq;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the multi-stream step: <c>Step(inputs, StreamBatch, outputs)</c> runs one time step of S
/// independent streams at once, each layer as two matrix products over all streams (the weights are
/// read once for S streams instead of once per stream) followed by the cell update on <c>[S, H]</c>,
/// and the <c>StreamBatch</c> class that holds the streams' states and the step's workspace.
/// </summary>
/// <remarks>
/// The products and the cell math are the runtime library's (<c>MatrixKernels</c>, <c>StreamCellKernels</c>),
/// which pick the instruction-set path themselves: their sizes vary with S, so there is nothing to
/// unroll here, and the generated methods stay a few lines per layer whatever the network's size.
/// </remarks>
internal static class StreamBatchEmitter
{
    /// <summary>The largest array .NET allocates (<c>Array.MaxLength</c>), which bounds the streams of one batch.</summary>
    private const int MaxArrayLength = 0x7FFFFFC7;

    public static string LayerMethodName(int layer) => $"Layer{layer}StreamStep";

    public const string HeadMethodName = "HeadStreamStep";

    public static void Emit(SourceWriter writer, NetworkModel model)
    {
        EmitStep(writer, model);
        for (int layer = 0; layer < model.Layers; layer++)
        {
            writer.Line();
            EmitLayer(writer, model, layer);
        }

        if (model.HasHead)
        {
            writer.Line();
            EmitHead(writer, model);
        }

        writer.Line();
        EmitBatch(writer, model);
    }

    private static void EmitStep(SourceWriter writer, NetworkModel model)
    {
        int last = model.Layers - 1;
        writer.Lines("""
            /// <summary>Runs one time step of every stream of <paramref name="streams"/> at once, without allocating, and advances their states.</summary>
            /// <param name="inputs"><c>[S, InputSize]</c>, row-major: row s is stream s's input.</param>
            /// <param name="streams">The S streams' states, updated in place; one caller at a time per batch.</param>
            /// <param name="outputs">Receives <c>[S, OutputSize]</c>, row s for stream s.</param>
            /// <remarks>
            /// Each layer's gates are two matrix products over all streams, so the weights are read once per step
            /// rather than once per stream. The first multi-stream step on an instance makes the transposed copy of
            /// the weights those products read (the only allocation); later steps reuse it.
            /// </remarks>
            /// <exception cref="ArgumentNullException"><paramref name="streams"/> is null.</exception>
            /// <exception cref="ArgumentException">A span does not hold S rows.</exception>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public void Step(ReadOnlySpan<float> inputs, StreamBatch streams, Span<float> outputs)
            {
                ArgumentNullException.ThrowIfNull(streams);
                ArgumentChecks.StreamRows(inputs.Length, streams.Streams, InputSize, nameof(inputs), "InputSize");
                ArgumentChecks.StreamRows(outputs.Length, streams.Streams, OutputSize, nameof(outputs), "OutputSize");
                TransposedWeights weights = EnsureTransposedWeights();
            """);
        using (new Indent(writer, 1))
        {
            for (int layer = 0; layer < model.Layers; layer++)
            {
                string input = layer == 0 ? "inputs" : $"streams.HiddenStates[{layer - 1}]";
                writer.Line($"{LayerMethodName(layer)}({input}, streams, weights);");
            }

            if (model.HasHead)
            {
                writer.Line($"{HeadMethodName}(streams, weights, outputs);");
            }
            else
            {
                writer.Line("// Without a head, the outputs are the last layer's new hidden states.");
                writer.Line($"streams.HiddenStates[{last}].AsSpan().CopyTo(outputs);");
            }
        }

        writer.Lines("""
            }

            StreamBatch IMultiStreamNetwork<StreamBatch>.CreateStreamBatch(int streams) => new StreamBatch(streams);

            void IMultiStreamNetwork<StreamBatch>.Step(ReadOnlySpan<float> inputs, StreamBatch streams, Span<float> outputs) => Step(inputs, streams, outputs);
            """);
    }

    private static void EmitLayer(SourceWriter writer, NetworkModel model, int layer)
    {
        LayerModel shape = model.Layer(layer);
        string inputSize = LayerNames.Input(model, layer);
        string hiddenSize = LayerNames.Hidden(model, layer);
        string gateRows = LayerNames.GateRows(model, layer);
        string biasIh = ParameterLayout.Find(model, $"bias_ih_l{layer}").OffsetName;
        string biasHh = ParameterLayout.Find(model, $"bias_hh_l{layer}").OffsetName;
        (string equation, string update) = shape.Cell switch
        {
            CellKind.Lstm => ("c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')", $"StreamCellKernels.Lstm(inputGates, recurrentGates, streams.CellStates[{layer}], hidden, count, {hiddenSize});"),
            CellKind.Gru => ("n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = n + z ⊙ (h − n)", $"StreamCellKernels.Gru(inputGates, recurrentGates, hidden, count, {hiddenSize});"),
            _ => (
                $"h' = {shape.Nonlinearity.ToString().ToLowerInvariant()}(W_ih x + b_ih + W_hh h + b_hh)",
                $"StreamCellKernels.Rnn(inputGates, recurrentGates, hidden, count, {hiddenSize}, Activation.{shape.Nonlinearity});"),
        };
        writer.Lines($$"""
            /// <summary>Layer {{layer}} ({{shape.CellDescription}}, {{shape.InputSize}} → {{shape.HiddenSize}}) for every stream of <paramref name="streams"/>.</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            private void {{LayerMethodName(layer)}}(ReadOnlySpan<float> input, StreamBatch streams, TransposedWeights weights)
            {
                int count = streams.Streams;
                Span<float> inputGates = streams.InputGates.AsSpan(0, count * {{gateRows}});
                Span<float> recurrentGates = streams.RecurrentGates.AsSpan(0, count * {{gateRows}});
                Span<float> hidden = streams.HiddenStates[{{layer}}];

                // [S, {{gateRows}}] each: b_ih + x · W_ihᵀ, and b_hh + h · W_hhᵀ from every stream's previous h.
                TrainingKernels.FillRows(_parameters.AsSpan({{biasIh}}, {{gateRows}}), count, inputGates);
                MatrixKernels.MultiplyAdd(input, weights.Input[{{layer}}], inputGates, count, {{inputSize}}, {{gateRows}});
                TrainingKernels.FillRows(_parameters.AsSpan({{biasHh}}, {{gateRows}}), count, recurrentGates);
                MatrixKernels.MultiplyAdd(hidden, weights.Recurrent[{{layer}}], recurrentGates, count, {{hiddenSize}}, {{gateRows}});

                // {{equation}}, on [S, {{hiddenSize}}] in place: the product above has read the previous h.
                {{update}}
            }
            """);
    }

    private static void EmitHead(SourceWriter writer, NetworkModel model)
    {
        int last = model.Layers - 1;
        string activation = model.OutputActivation.ToString().ToLowerInvariant();
        writer.Lines($$"""
            /// <summary>The head, {{model.LastLayer.HiddenSize}} → {{model.HeadSize}} with {{model.OutputActivation}} activation, for every stream: y = {{activation}}(W h + b).</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            private void {{HeadMethodName}}(StreamBatch streams, TransposedWeights weights, Span<float> outputs)
            {
                int count = streams.Streams;

                // [S, OutputSize] = b + h · Wᵀ, written straight into the caller's outputs.
                TrainingKernels.FillRows(_parameters.AsSpan({{ParameterLayout.Find(model, "head.bias").OffsetName}}, OutputSize), count, outputs);
                MatrixKernels.MultiplyAdd(streams.HiddenStates[{{last}}], weights.Head, outputs, count, {{LayerNames.LastHidden(model)}}, OutputSize);
                {{SourceWriter.If(model.OutputActivation != ActivationKind.Identity, $"StreamCellKernels.Activate(outputs, count, OutputSize, Activation.{model.OutputActivation});")}}
            }
            """);
    }

    private static void EmitBatch(SourceWriter writer, NetworkModel model)
    {
        bool lstm = model.AnyLayer(CellKind.Lstm);
        int widestRow = Math.Max(model.MaxGateRows, Math.Max(model.InputSize, model.OutputSize));
        string hidden = LayerNames.HiddenAt(model, "layer");
        string gateRows = LayerNames.MaxGateRows(model);
        // In a stack that mixes cells, the layers without c keep an unused row too, as the single-stream State does.
        string cellAllocation = lstm ? $"CellStates[layer] = new float[streams * {hidden}];" : string.Empty;
        writer.Lines($$"""
            /// <summary>
            /// The states of S independent streams that <see cref="Step(ReadOnlySpan{float}, StreamBatch, Span{float})"/>
            /// runs together (h{{(lstm ? " and c" : string.Empty)}} of every layer, row s for stream s), zero when created, and the workspace
            /// of a step, so that a step allocates nothing. A batch serves one caller at a time; one network
            /// serves any number of batches at once.
            /// </summary>
            public sealed class StreamBatch : IStreamBatch
            {
                /// <summary>The most streams one batch holds: a row of gates for each must fit one array.</summary>
                public const int MaxStreams = {{Literals.Int(MaxArrayLength / widestRow)}};

                /// <summary>Creates zero states for <paramref name="streams"/> streams.</summary>
                /// <param name="streams">1 to <see cref="MaxStreams"/>.</param>
                /// <exception cref="ArgumentOutOfRangeException"><paramref name="streams"/> is outside 1 to <see cref="MaxStreams"/>.</exception>
                public StreamBatch(int streams)
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(streams, MaxStreams);
                    Streams = streams;
                    for (int layer = 0; layer < Layers; layer++)
                    {
                        HiddenStates[layer] = new float[streams * {{hidden}}];
                        {{cellAllocation}}
                    }

                    InputGates = new float[streams * {{gateRows}}];
                    RecurrentGates = new float[streams * {{gateRows}}];
                }

                /// <summary>The number of streams S.</summary>
                public int Streams { get; }

                // Every layer's h{{(lstm ? " and c" : string.Empty)}}, [S, its hidden size] each: a step updates them in place.
                internal float[][] HiddenStates { get; } = new float[Layers][];
                {{SourceWriter.If(lstm, "\n    internal float[][] CellStates { get; } = new float[Layers][];")}}

                // The workspace of the layer being stepped: its gates' pre-activations from the input and from h, [S, its gate rows] each.
                internal float[] InputGates { get; }

                internal float[] RecurrentGates { get; }

                /// <summary>Sets every stream's state back to zero.</summary>
                public void Reset()
                {
                    for (int layer = 0; layer < Layers; layer++)
                    {
                        Array.Clear(HiddenStates[layer]);
                        {{SourceWriter.If(lstm, "Array.Clear(CellStates[layer]);")}}
                    }
                }

                /// <summary>Sets stream <paramref name="stream"/>'s state back to zero, as when a new sequence starts on it; the others keep theirs.</summary>
                /// <param name="stream">0 to <see cref="Streams"/> − 1.</param>
                /// <exception cref="ArgumentOutOfRangeException">No such stream.</exception>
                public void Reset(int stream)
                {
                    ArgumentChecks.Stream(stream, Streams);
                    for (int layer = 0; layer < Layers; layer++)
                    {
                        int size = {{hidden}};
                        HiddenStates[layer].AsSpan(stream * size, size).Clear();
                        {{SourceWriter.If(lstm, "CellStates[layer].AsSpan(stream * size, size).Clear();")}}
                    }
                }

            """);
        using (new Indent(writer, 1))
        {
            EmitAccessors(writer, model, "Hidden", "h", "HiddenStates", isCell: false);
            if (lstm)
            {
                writer.Line();
                EmitAccessors(writer, model, "Cell", "c", "CellStates", isCell: true);
            }
        }

        writer.Line("}");
    }

    private static void EmitAccessors(SourceWriter writer, NetworkModel model, string name, string symbol, string field, bool isCell)
    {
        string size = LayerNames.HiddenAt(model, "layer");
        string sizeDoc = model.IsUniform ? "<see cref=\"HiddenSize\"/>" : "the layer's hidden size";
        string sizeName = model.IsUniform ? "\"HiddenSize\"" : "\"the layer's hidden size\"";
        string cellCheck = isCell && model.Stack.Any(layer => layer.Cell != CellKind.Lstm) ? "\nArgumentChecks.HasCellState(layer, LayerShapes[layer].Cell);" : string.Empty;
        writer.Lines($$"""
            /// <summary>Stream <paramref name="stream"/>'s {{symbol}} in layer <paramref name="layer"/>: {{sizeDoc}} values.</summary>
            /// <param name="stream">0 to <see cref="Streams"/> − 1.</param>
            /// <param name="layer">0 to <see cref="Layers"/> − 1.</param>
            /// <returns>A view of this batch, current until its next step.</returns>
            /// <exception cref="ArgumentOutOfRangeException">No such stream or layer.</exception>
            public ReadOnlySpan<float> {{name}}(int stream, int layer)
            {
                ArgumentChecks.Stream(stream, Streams);
                ArgumentChecks.Layer(layer, Layers);{{SourceWriter.Nested(cellCheck)}}
                int size = {{size}};
                return {{field}}[layer].AsSpan(stream * size, size);
            }

            /// <summary>Sets stream <paramref name="stream"/>'s {{symbol}} in layer <paramref name="layer"/>, for example to resume a saved sequence.</summary>
            /// <param name="stream">0 to <see cref="Streams"/> − 1.</param>
            /// <param name="layer">0 to <see cref="Layers"/> − 1.</param>
            /// <param name="values">{{sizeDoc}} values.</param>
            /// <exception cref="ArgumentOutOfRangeException">No such stream or layer.</exception>
            /// <exception cref="ArgumentException"><paramref name="values"/> does not hold {{sizeDoc}} values.</exception>
            public void Set{{name}}(int stream, int layer, ReadOnlySpan<float> values)
            {
                ArgumentChecks.Stream(stream, Streams);
                ArgumentChecks.Layer(layer, Layers);{{SourceWriter.Nested(cellCheck)}}
                int size = {{size}};
                ArgumentChecks.Length(values.Length, size, nameof(values), {{sizeName}});
                values.CopyTo({{field}}[layer].AsSpan(stream * size, size));
            }
            """);
    }
}
