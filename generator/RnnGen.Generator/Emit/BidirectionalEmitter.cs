using System.Collections.Generic;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the sequence pass of a bidirectional network: layer by layer over the whole sequence, each layer's
/// forward direction from step 0 and its reverse direction from step T−1, both through the ordinary one-step
/// kernels (<see cref="LayerEmitter"/>) over their own packed weights, their h written side by side into the
/// layer's <c>[T, 2H]</c> output, which the next layer (or the head) reads.
/// </summary>
internal static class BidirectionalEmitter
{
    public static string PathMethodName(InstructionSetPath path) => $"Forward{path.Name}";

    public static string LayerMethodName(int layer, InstructionSetPath path) => $"Layer{layer}Sequence{path.Name}";

    /// <summary>The method that runs a checked sequence: the float and the token-id <c>Forward</c> both end in it.</summary>
    public const string SequenceMethodName = "ForwardCore";

    /// <summary>The doc comment of a sequence call's outputs, which differ with a head.</summary>
    public static string OutputsDocumentation(NetworkModel model) => model.HasHead
        ? "/// <param name=\"outputs\">Receives <c>[T, OutputSize]</c> for <see cref=\"SequenceOutputs.EveryStep\"/>: the head applied to both directions' h of the last layer at each step; <c>[OutputSize]</c> for <see cref=\"SequenceOutputs.LastStep\"/>: the head applied to the forward h after the last step and the reverse h after step 0.</param>"
        : "/// <param name=\"outputs\">Receives <c>[T, OutputSize]</c> for <see cref=\"SequenceOutputs.EveryStep\"/>: at each step the last layer's forward h, then its reverse h; <c>[OutputSize]</c> for <see cref=\"SequenceOutputs.LastStep\"/>: the forward h after the last step, then the reverse h after step 0.</param>";

    /// <summary>The doc comment of a sequence call's <c>returns</c>.</summary>
    public const string ReturnsDocumentation =
        "/// <param name=\"returns\">Every step's output, or each direction's last (Keras' <c>Bidirectional(..., return_sequences=False)</c>, PyTorch's <c>cat(h_n[-2], h_n[-1])</c>): the reverse direction ends at step 0.</param>";

    public static void EmitSequenceApi(SourceWriter writer, NetworkModel model)
    {
        writer.Line("/// <summary>Runs a whole sequence from a zero state in both directions and writes every step's output.</summary>");
        writer.Line("/// <param name=\"inputs\"><c>[T, InputSize]</c>, row-major; T is taken from the length.</param>");
        writer.Line("/// <param name=\"outputs\">Receives <c>[T, OutputSize]</c>.</param>");
        writer.Line("/// <exception cref=\"ArgumentException\">The inputs are not whole steps, or the outputs do not match them.</exception>");
        writer.Line("public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs) => Forward(inputs, outputs, SequenceOutputs.EveryStep);");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Runs a whole sequence from a zero state in both directions (PyTorch's default h0 and c0). Every layer runs to");
        writer.Line("/// the end before the next starts, since the reverse direction's first step reads the last input.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"inputs\"><c>[T, InputSize]</c>, row-major; T is taken from the length.</param>");
        writer.Line(OutputsDocumentation(model));
        writer.Line(ReturnsDocumentation);
        writer.Line("/// <exception cref=\"ArgumentException\">The inputs are not whole steps, or the outputs do not match them.</exception>");
        writer.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (writer.Block("public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, SequenceOutputs returns)"))
        {
            writer.Line("int steps = ArgumentChecks.SequenceLength(inputs.Length, outputs.Length, InputSize, OutputSize, returns);");
            writer.Line($"{SequenceMethodName}(ref MemoryMarshal.GetReference(inputs), steps, ref MemoryMarshal.GetReference(outputs), returns);");
        }

        writer.Line();
        writer.Line("void IBidirectionalNetwork.Forward(ReadOnlySpan<float> inputs, Span<float> outputs, SequenceOutputs returns) => Forward(inputs, outputs, returns);");
        writer.Line();
        writer.Line("/// <summary>Runs <paramref name=\"steps\"/> steps of <c>[T, InputSize]</c> inputs, already checked, into the outputs <paramref name=\"returns\"/> asks for, on the active path.</summary>");
        writer.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (writer.Block($"private void {SequenceMethodName}(ref float input, int steps, ref float output, SequenceOutputs returns)"))
        {
            bool lstm = model.AnyLayer(CellKind.Lstm);
            writer.Line(lstm
                ? "// A direction's h in two banks that swap each step, then its c, each padded to whole 512-bit vectors."
                : "// A direction's h in two banks that swap each step, each padded to whole 512-bit vectors.");
            writer.Line($"int workspaceLength = {Literals.Int(lstm ? 3 : 2)} * PaddedHiddenSize;");
            writer.Line(model.Layers > 1
                ? "// Two layer outputs of [T, Directions * HiddenSize]: a layer reads the one below's while writing its own."
                : "// The layer's output, [T, Directions * HiddenSize], which the outputs are taken from.");
            writer.Line($"int sequenceLength = steps * Directions * HiddenSize;");
            writer.Line($"float[] buffer = System.Buffers.ArrayPool<float>.Shared.Rent(workspaceLength + ({Literals.Int(model.Layers > 1 ? 2 : 1)} * sequenceLength));");
            using (writer.Block("try"))
            {
                writer.Line("Span<float> workspace = buffer.AsSpan(0, workspaceLength);");
                string sequences = model.Layers > 1 ? "sequenceLength, buffer.AsSpan(workspaceLength)" : "buffer.AsSpan(workspaceLength)";
                using (writer.Block("switch (InstructionSets.Active)"))
                {
                    foreach (InstructionSetPath path in InstructionSetPath.All)
                    {
                        writer.Line(path.Name == "Scalar" ? "default:" : $"case InstructionSet.{path.Name}:");
                        writer.Line($"    {PathMethodName(path)}(ref input, steps, ref output, returns, workspace, {sequences});");
                        writer.Line("    break;");
                    }
                }
            }

            using (writer.Block("finally"))
            {
                writer.Line("System.Buffers.ArrayPool<float>.Shared.Return(buffer);");
            }
        }

        writer.Line();
        EmitCompilation(writer, model);
    }

    /// <summary>The sequence pass on one path, and each layer's both directions over the sequence.</summary>
    public static void EmitPath(SourceWriter writer, NetworkModel model, InstructionSetPath path)
    {
        string last = SequenceBuffer(model.Layers - 1);
        string lastOutput = model.HasHead ? last : "lastLayerOutput";
        writer.Line($"/// <summary>Every layer over the whole sequence, then {(model.HasHead ? "the head on the outputs asked for" : "the outputs asked for")}, on the {path.Name} path.</summary>");
        writer.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string sequenceParameters = model.Layers > 1 ? "int sequenceLength, Span<float> sequences" : "Span<float> sequences";
        using (writer.Block($"private void {PathMethodName(path)}(ref float input, int steps, ref float output, SequenceOutputs returns, Span<float> workspace, {sequenceParameters})"))
        {
            writer.Line(model.Layers > 1
                ? "// The layers' outputs alternate between the two halves of the sequence buffer, each layer reading the one below's."
                : "// The layer's output, which the outputs are taken from.");
            writer.Line("ref float evenLayerOutput = ref MemoryMarshal.GetReference(sequences);");
            if (model.Layers > 1)
            {
                writer.Line("ref float oddLayerOutput = ref Unsafe.Add(ref evenLayerOutput, sequenceLength);");
            }

            if (!model.HasHead)
            {
                writer.Line("// Every step's output is the last layer's, which it writes there directly.");
                writer.Line($"ref float lastLayerOutput = ref returns == SequenceOutputs.EveryStep ? ref output : ref {last};");
            }

            for (int layer = 0; layer < model.Layers; layer++)
            {
                string source = layer == 0 ? "ref input" : $"ref {SequenceBuffer(layer - 1)}";
                string destination = layer == model.Layers - 1 && !model.HasHead ? "lastLayerOutput" : SequenceBuffer(layer);
                writer.Line($"{LayerMethodName(layer, path)}({source}, steps, ref {destination}, workspace);");
            }

            writer.Line();
            using (writer.Block("if (returns == SequenceOutputs.LastStep)"))
            {
                writer.Line("// Where each direction ends: the forward h after the last step, the reverse h after step 0. The layers are done with the workspace.");
                writer.Line("Span<float> final = workspace.Slice(0, Directions * HiddenSize);");
                writer.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {lastOutput}, (steps - 1) * Directions * HiddenSize), HiddenSize).CopyTo(final);");
                writer.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {lastOutput}, HiddenSize), HiddenSize).CopyTo(final.Slice(HiddenSize));");
                writer.Line(model.HasHead
                    ? $"{HeadEmitter.MethodName(path)}(ref MemoryMarshal.GetReference(final), ref output);"
                    : "final.CopyTo(MemoryMarshal.CreateSpan(ref output, OutputSize));");
                if (model.HasHead)
                {
                    writer.Line("return;");
                }
            }

            if (model.HasHead)
            {
                writer.Line();
                using (writer.Block("for (int step = 0; step < steps; step++)"))
                {
                    writer.Line($"{HeadEmitter.MethodName(path)}(ref Unsafe.Add(ref {last}, step * Directions * HiddenSize), ref Unsafe.Add(ref output, step * OutputSize));");
                }
            }
        }

        for (int layer = 0; layer < model.Layers; layer++)
        {
            writer.Line();
            EmitLayerSequence(writer, model, layer, path);
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s output: the two halves of the sequence buffer alternate up the stack.</summary>
    private static string SequenceBuffer(int layer) => layer % 2 == 0 ? "evenLayerOutput" : "oddLayerOutput";

    private static void EmitLayerSequence(SourceWriter writer, NetworkModel model, int layer, InstructionSetPath path)
    {
        LayerModel shape = model.Layer(layer);
        bool lstm = shape.Cell == CellKind.Lstm;
        string inputSize = LayerNames.Input(model, layer);
        writer.Line($"/// <summary>Layer {layer} ({shape.CellDescription}) over the whole sequence in both directions, on the {path.Name} path.</summary>");
        writer.Line($"/// <param name=\"input\"><c>[T, {inputSize}]</c>.</param>");
        writer.Line("/// <param name=\"steps\">T, the sequence's length.</param>");
        writer.Line("/// <param name=\"output\">Receives <c>[T, Directions * HiddenSize]</c>: at each step the forward h, then the reverse h.</param>");
        writer.Line(lstm
            ? "/// <param name=\"workspace\">Room for two banks of h and a c, reset for each direction.</param>"
            : "/// <param name=\"workspace\">Room for two banks of h, reset for each direction.</param>");
        writer.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (writer.Block($"private void {LayerMethodName(layer, path)}(ref float input, int steps, ref float output, Span<float> workspace)"))
        {
            writer.Line("ref float hidden = ref MemoryMarshal.GetReference(workspace);");
            if (lstm)
            {
                writer.Line("ref float cell = ref Unsafe.Add(ref hidden, 2 * PaddedHiddenSize);");
            }

            string cellArgument = lstm ? ", ref cell" : string.Empty;
            for (int direction = 0; direction < 2; direction++)
            {
                writer.Line();
                writer.Line(direction == 0
                    ? "// Forward direction: steps 0 to T−1 from a zero state, into the first half of each output row."
                    : "// Reverse direction: steps T−1 down to 0 from a zero state of its own, into the second half of each output row.");
                writer.Line("workspace.Clear();");
                string loop = direction == 0
                    ? "for (int step = 0, bank = 0; step < steps; step++, bank ^= 1)"
                    : "for (int step = steps - 1, bank = 0; step >= 0; step--, bank ^= 1)";
                using (writer.Block(loop))
                {
                    string method = direction == 0 ? LayerEmitter.MethodName(layer, path) : LayerEmitter.ReverseMethodName(layer, path);
                    writer.Line("ref float hiddenNext = ref Unsafe.Add(ref hidden, (bank ^ 1) * PaddedHiddenSize);");
                    writer.Line($"{method}(ref Unsafe.Add(ref input, step * {inputSize}), ref Unsafe.Add(ref hidden, bank * PaddedHiddenSize), ref hiddenNext{cellArgument});");
                    string row = direction == 0 ? "step * Directions * HiddenSize" : "(step * Directions * HiddenSize) + HiddenSize";
                    writer.Line($"MemoryMarshal.CreateReadOnlySpan(ref hiddenNext, HiddenSize).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, {row}), HiddenSize));");
                }
            }
        }
    }

    /// <summary>Compiles the active path's sequence methods when the first instance is constructed, so the first <c>Forward</c> runs optimized code.</summary>
    private static void EmitCompilation(SourceWriter writer, NetworkModel model)
    {
        writer.Line("// The first construction compiles the active path's sequence methods, so the first Forward runs optimized code instead of waiting for the JIT.");
        writer.Line("private static bool s_sequenceMethodsCompiled;");
        writer.Line("private readonly bool _sequenceMethodsCompiled = CompileSequenceMethods();");
        writer.Line();
        using (writer.Block("private static bool CompileSequenceMethods()"))
        {
            using (writer.Block("if (!s_sequenceMethodsCompiled)"))
            {
                writer.Line("s_sequenceMethodsCompiled = true;");
                NetworkEmitter.EmitPrepare(writer, model, path =>
                {
                    var names = new List<string> { "Forward", SequenceMethodName, PathMethodName(path) };
                    for (int layer = 0; layer < model.Layers; layer++)
                    {
                        names.Add(LayerMethodName(layer, path));
                        names.Add(LayerEmitter.MethodName(layer, path));
                        names.Add(LayerEmitter.ReverseMethodName(layer, path));
                    }

                    return names;
                });
            }

            writer.Line();
            writer.Line("return true;");
        }
    }
}
