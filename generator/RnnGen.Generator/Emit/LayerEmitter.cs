using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>Emits one recurrent layer's step on one path: the tiled gate products, then the cell update per chunk.</summary>
internal static class LayerEmitter
{
    public static string MethodName(int layer, InstructionSetPath path) => $"Layer{layer}Step{path.Name}";

    public static void Emit(SourceWriter writer, NetworkModel model, int layer, InstructionSetPath path)
    {
        TilePlan plan = LayerPlans.ForLayer(model, layer, path);
        VectorDialect vector = LayerPlans.Dialect(plan, path);
        LayerModel shape = model.Layer(layer);
        var accumulators = GateAccumulators.For(shape.Cell);
        string width = vector.IsScalar ? "scalar code" : $"{vector.Width}-float vectors";

        writer.Line($"/// <summary>Layer {layer} ({shape.CellDescription}, {shape.InputSize} → {shape.HiddenSize}), one step on the {path.Name} path with {width}.</summary>");
        writer.Line("/// <param name=\"input\">The layer's input: the network input, or the new hidden state of the layer below.</param>");
        writer.Line("/// <param name=\"hiddenPrevious\">h at the previous step, read by the recurrent product while <paramref name=\"hidden\"/> is written.</param>");
        writer.Line("/// <param name=\"hidden\">Receives h at this step.</param>");
        string cellParameter = string.Empty;
        if (shape.Cell == CellKind.Lstm)
        {
            writer.Line("/// <param name=\"cell\">c, updated in place.</param>");
            cellParameter = ", ref float cell";
        }

        // The last layer of a network without a head stores its h into the output straight from the registers:
        // reading it back from the state to copy it costs more than the second store.
        bool writesOutput = layer == model.Layers - 1 && !model.HasHead;
        string outputParameter = string.Empty;
        if (writesOutput)
        {
            writer.Line("/// <param name=\"output\">Receives h at this step as well: the network's output.</param>");
            outputParameter = ", ref float output";
        }

        writer.Line(KernelAttributes.Line);
        using (writer.Block($"private void {MethodName(layer, path)}(ref float input, ref float hiddenPrevious, ref float hidden{cellParameter}{outputParameter})"))
        {
            writer.Line($"ref float weights = ref MemoryMarshal.GetArrayDataReference(_layer{layer}Weights);");
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
