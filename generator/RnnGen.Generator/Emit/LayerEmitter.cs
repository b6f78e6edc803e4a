using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>Emits one recurrent layer's step on one path: the tiled gate products, then the cell update per chunk.</summary>
internal static class LayerEmitter
{
    public static string MethodName(int layer, InstructionSetPath path) => $"Layer{layer}Step{path.Name}";

    /// <summary>The step of a layer's reverse direction (bidirectional networks): the same kernel over the reverse weights.</summary>
    public static string ReverseMethodName(int layer, InstructionSetPath path) => $"Layer{layer}ReverseStep{path.Name}";

    /// <param name="direction">0 for the forward direction (the only one of a unidirectional network), 1 for the reverse.</param>
    public static void Emit(SourceWriter writer, NetworkModel model, int layer, InstructionSetPath path, int direction = 0)
    {
        TilePlan plan = LayerPlans.ForLayer(model, layer, path);
        VectorDialect vector = LayerPlans.Dialect(plan, path);
        LayerModel shape = model.Layer(layer);
        var accumulators = GateAccumulators.For(shape.Cell);
        string width = vector.IsScalar ? "scalar code" : $"{vector.Width}-float vectors";

        string which = direction == 0 ? (model.Bidirectional ? "forward direction, " : string.Empty) : "reverse direction, ";
        writer.Line($"/// <summary>Layer {layer} ({which}{shape.CellDescription}, {shape.InputSize} → {shape.HiddenSize}), one step on the {path.Name} path with {width}.</summary>");
        writer.Line(model.Bidirectional
            ? "/// <param name=\"input\">The layer's input at this step: the network input, or both directions' h of the layer below.</param>"
            : "/// <param name=\"input\">The layer's input: the network input, or the new hidden state of the layer below.</param>");
        writer.Line("/// <param name=\"hiddenPrevious\">h at the previous step, read by the recurrent product while <paramref name=\"hidden\"/> is written.</param>");
        writer.Line("/// <param name=\"hidden\">Receives h at this step.</param>");
        string cellParameter = string.Empty;
        if (shape.Cell == CellKind.Lstm)
        {
            writer.Line("/// <param name=\"cell\">c, updated in place.</param>");
            cellParameter = ", ref float cell";
        }

        // The last layer of a network without a head stores its h into the output straight from the registers:
        // reading it back from the state to copy it costs more than the second store. A bidirectional layer's
        // h goes to the sequence buffer the two directions share instead.
        bool writesOutput = layer == model.Layers - 1 && !model.HasHead && !model.Bidirectional;
        string outputParameter = string.Empty;
        if (writesOutput)
        {
            writer.Line("/// <param name=\"output\">Receives h at this step as well: the network's output.</param>");
            outputParameter = ", ref float output";
        }

        writer.Line(KernelAttributes.Line);
        string name = direction == 0 ? MethodName(layer, path) : ReverseMethodName(layer, path);
        using (writer.Block($"private void {name}(ref float input, ref float hiddenPrevious, ref float hidden{cellParameter}{outputParameter})"))
        {
            writer.Line($"ref float weights = ref MemoryMarshal.GetArrayDataReference({ParameterEmitter.PackedField(model, ParameterLayout.Group(model, layer, direction))});");
            new GateKernelEmitter(writer, plan, vector, accumulators, "unit").Emit(
                "input",
                "hiddenPrevious",
                isolateLastTile: writesOutput,
                (chunk, rows, isLastChunk) =>
                {
                    string hiddenNext = CellMathEmitter.EmitUpdate(writer, shape, vector, accumulators, chunk, rows);
                    if (writesOutput)
                    {
                        OutputStore.Emit(writer, plan, vector, hiddenNext, rows, isLastChunk);
                    }
                });
        }
    }
}
