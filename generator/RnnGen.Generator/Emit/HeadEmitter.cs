using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>Emits the dense head on one path: <c>y = act(W h + b)</c> over the last layer's hidden state.</summary>
internal static class HeadEmitter
{
    public static string MethodName(InstructionSetPath path) => $"HeadStep{path.Name}";

    public static void Emit(SourceWriter writer, NetworkModel model, InstructionSetPath path)
    {
        TilePlan plan = LayerPlans.ForHead(model, path);
        VectorDialect vector = LayerPlans.Dialect(plan, path);
        ActivationKind activation = model.OutputActivation;

        writer.Line($"/// <summary>The head, {model.LastLayerOutputSize} → {model.HeadSize} with {activation} activation, on the {path.Name} path.</summary>");
        writer.Line(KernelAttributes.Line);
        using (writer.Block($"private void {MethodName(path)}(ref float hidden, ref float output)"))
        {
            writer.Line("ref float weights = ref MemoryMarshal.GetArrayDataReference(_headWeights);");
            new GateKernelEmitter(writer, plan, vector, GateAccumulators.Head, "output").Emit(
                "hidden",
                recurrent: null,
                isolateLastTile: true,
                (chunk, rows, isLast) => EmitStore(writer, plan, vector, activation, GateAccumulators.Head.ForSlot(0, chunk), rows, isLast));
            if (activation == ActivationKind.Softmax)
            {
                writer.Line();
                writer.Line("// Softmax normalizes across all outputs, so it runs once they are all written.");
                writer.Line("FastMath.SoftmaxInPlace(MemoryMarshal.CreateSpan(ref output, OutputSize));");
            }
        }
    }

    private static void EmitStore(SourceWriter writer, TilePlan plan, VectorDialect vector, ActivationKind activation, string accumulator, ChunkRows rows, bool isLastChunk)
    {
        string value = CellMathEmitter.ApplyActivation(vector, activation, accumulator);
        if (value != accumulator)
        {
            writer.Line($"// {OutputStore.Existing(plan, rows, isLastChunk).Describe("Output")}: {activation.ToString().ToLowerInvariant()}(W h + b).");
            writer.Line($"{accumulator} = {value};");
        }

        OutputStore.Emit(writer, plan, vector, accumulator, rows, isLastChunk);
    }
}
