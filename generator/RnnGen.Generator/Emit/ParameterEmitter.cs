using System.Collections.Generic;
using System.Linq;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the parameter surface: PyTorch names and shapes, <c>SetParameter</c>/<c>GetParameter</c> on the
/// canonical (PyTorch-layout) copy, PyTorch's default initialization, and the repacking of a layer into
/// the active path's tiled layout whenever its parameters change.
/// </summary>
internal static class ParameterEmitter
{
    public static int ParameterCount(NetworkModel model) => ParameterLayout.Tensors(model).Sum(tensor => tensor.Length);

    public static void Emit(SourceWriter writer, NetworkModel model)
    {
        IReadOnlyList<ParameterTensor> tensors = ParameterLayout.Tensors(model);
        EmitNames(writer, tensors);
        EmitSetAndGet(writer, model, tensors);
        EmitInitialization(writer, model);
        EmitPacking(writer, model, tensors);
    }

    private static void EmitNames(SourceWriter writer, IReadOnlyList<ParameterTensor> tensors)
    {
        writer.Line("// Where each tensor starts in the canonical buffer.");
        foreach (ParameterTensor tensor in tensors)
        {
            writer.Line($"private const int {tensor.OffsetName} = {Literals.Int(tensor.Offset)};");
        }

        writer.Line();
        writer.Line("/// <summary>The parameter names in PyTorch <c>state_dict</c> order.</summary>");
        writer.Line($"public static IReadOnlyList<string> ParameterNames {{ get; }} = Array.AsReadOnly(new[] {{ {string.Join(", ", tensors.Select(t => $"\"{t.Name}\""))} }});");
        writer.Line();
        writer.Line("/// <summary>The PyTorch shape of parameter <paramref name=\"name\"/>.</summary>");
        writer.Line("/// <param name=\"name\">One of <see cref=\"ParameterNames\"/>.</param>");
        writer.Line("/// <returns>A new array of the dimensions, outermost first.</returns>");
        writer.Line("/// <exception cref=\"ArgumentException\">No parameter has that name.</exception>");
        using (writer.Block("public static int[] ParameterShape(string name) => name switch", "};"))
        {
            foreach (ParameterTensor tensor in tensors)
            {
                writer.Line($"\"{tensor.Name}\" => new[] {{ {string.Join(", ", tensor.Shape.Select(Literals.Int))} }},");
            }

            writer.Line("_ => throw ArgumentChecks.UnknownParameter(name, ParameterNames, nameof(name)),");
        }

        writer.Line();
        writer.Line("/// <summary>Where a parameter sits in the canonical buffer, its PyTorch shape, and the layer (or head) whose packed copy it feeds.</summary>");
        using (writer.Block("private static (int Offset, int Length, string Shape, int Group) Locate(string name, string parameterName) => name switch", "};"))
        {
            foreach (ParameterTensor tensor in tensors)
            {
                string group = tensor.Group == ParameterLayout.EmbeddingGroup ? "EmbeddingGroup" : Literals.Int(tensor.Group);
                writer.Line($"\"{tensor.Name}\" => ({tensor.OffsetName}, {Literals.Int(tensor.Length)}, \"{tensor.ShapeText}\", {group}),");
            }

            writer.Line("_ => throw ArgumentChecks.UnknownParameter(name, ParameterNames, parameterName),");
        }
    }

    private static void EmitSetAndGet(SourceWriter writer, NetworkModel model, IReadOnlyList<ParameterTensor> tensors)
    {
        writer.Line();
        writer.Line("/// <summary>Sets a parameter from PyTorch's row-major layout and gate order, and repacks its layer.</summary>");
        writer.Line("/// <param name=\"name\">One of <see cref=\"ParameterNames\"/>, such as <c>weight_ih_l0</c>.</param>");
        writer.Line("/// <param name=\"values\">The parameter's values, as many as its <see cref=\"ParameterShape\"/> holds.</param>");
        writer.Line("/// <remarks>Not thread-safe with concurrent <c>Step</c> or <c>Forward</c> calls on this instance.</remarks>");
        writer.Line("/// <exception cref=\"ArgumentException\">The name is unknown, or <paramref name=\"values\"/> does not have the parameter's length.</exception>");
        using (writer.Block("public void SetParameter(string name, ReadOnlySpan<float> values)"))
        {
            writer.Line("var (offset, length, shape, group) = Locate(name, nameof(name));");
            writer.Line("ArgumentChecks.ParameterLength(name, values.Length, length, shape, nameof(values));");
            writer.Line("values.CopyTo(_parameters.AsSpan(offset, length));");
            writer.Line("Pack(group);");
            if (!model.Bidirectional)
            {
                writer.Line("WarmUpStep();");
            }
        }

        // A bidirectional network has no Step: its first Forward is over a whole sequence, where the first step's cost is one of many.
        if (!model.Bidirectional)
        {
            writer.Line();
            writer.Line("// Loading weights runs (and, the first time, compiles) enough code to evict what the first construction warmed:");
            writer.Line("// measured, the first Step after InitializeParameters took 2–6 times as long without this. One Step on scratch buffers");
            writer.Line("// brings the step's code and the packed weights back into the caches; the instance and its callers see nothing of it.");
            using (writer.Block("private void WarmUpStep()"))
            {
                writer.Line("var scratchState = new State();");
                writer.Line("Step(stackalloc float[InputSize], ref scratchState, stackalloc float[OutputSize]);");
            }
        }

        writer.Line();
        writer.Line("/// <summary>Copies a parameter out in PyTorch's row-major layout and gate order.</summary>");
        writer.Line("/// <param name=\"name\">One of <see cref=\"ParameterNames\"/>, such as <c>weight_ih_l0</c>.</param>");
        writer.Line("/// <param name=\"destination\">Receives the values, as many as the parameter's <see cref=\"ParameterShape\"/> holds.</param>");
        writer.Line("/// <exception cref=\"ArgumentException\">The name is unknown, or <paramref name=\"destination\"/> does not have the parameter's length.</exception>");
        using (writer.Block("public void GetParameter(string name, Span<float> destination)"))
        {
            writer.Line("var (offset, length, shape, _) = Locate(name, nameof(name));");
            writer.Line("ArgumentChecks.ParameterLength(name, destination.Length, length, shape, nameof(destination));");
            writer.Line("_parameters.AsSpan(offset, length).CopyTo(destination);");
        }
    }

    private static void EmitInitialization(SourceWriter writer, NetworkModel model)
    {
        writer.Line();
        writer.Line("/// <summary>");
        if (model.Bidirectional)
        {
            writer.Line($"/// PyTorch's default initialization, deterministic for <paramref name=\"seed\"/>: every {model.Layer(0).Module} tensor of both directions uniform in");
            writer.Line(model.HasHead
                ? "/// ±1/√HiddenSize, and the head as nn.Linear (uniform in ±1/√in_features, here ±1/√(2 HiddenSize): it reads both directions)."
                : "/// ±1/√HiddenSize.");
        }
        else if (model.IsUniform)
        {
            writer.Line($"/// PyTorch's default initialization, deterministic for <paramref name=\"seed\"/>: every {model.Layer(0).Module} tensor uniform in");
            writer.Line(model.HasHead
                ? "/// ±1/√HiddenSize, and the head as nn.Linear (weight and bias uniform in ±1/√in_features, here also ±1/√HiddenSize)."
                : "/// ±1/√HiddenSize.");
        }
        else
        {
            writer.Line("/// PyTorch's default initialization, deterministic for <paramref name=\"seed\"/>: each layer's tensors uniform in");
            writer.Line(model.HasHead
                ? "/// ±1/√(its hidden size), as its own module, and the head as nn.Linear (uniform in ±1/√in_features, the last layer's hidden size)."
                : "/// ±1/√(its hidden size), as its own module.");
        }

        writer.Line("/// </summary>");
        if (model.HasEmbedding)
        {
            writer.Line("/// <remarks>The embedding table first, as nn.Embedding: every value normal with mean 0 and variance 1.</remarks>");
        }

        writer.Line("/// <param name=\"seed\">The same seed gives the same parameters on every machine and path.</param>");
        using (writer.Block("public void InitializeParameters(int seed)"))
        {
            writer.Line("var random = new ParameterRandom(seed);");
            int embeddingLength = 0;
            if (model.HasEmbedding)
            {
                embeddingLength = ParameterLayout.Find(model, ParameterLayout.EmbeddingName).Length;
                writer.Line($"random.FillNormal(_parameters.AsSpan(EmbeddingWeightOffset, {Literals.Int(embeddingLength)}));");
            }

            if (model.IsUniform && !(model.Bidirectional && model.HasHead))
            {
                writer.Line(model.HasEmbedding
                    ? $"random.FillUniform(_parameters.AsSpan({Literals.Int(embeddingLength)}), 1f / MathF.Sqrt(HiddenSize));"
                    : "random.FillUniform(_parameters, 1f / MathF.Sqrt(HiddenSize));");
            }
            else
            {
                // One stream over the buffer in order, each layer direction (and the head) with its own module's bound.
                foreach (IGrouping<int, ParameterTensor> own in ParameterLayout.Tensors(model).Where(tensor => tensor.Group != ParameterLayout.EmbeddingGroup).GroupBy(tensor => tensor.Group))
                {
                    string bound = own.Key == model.HeadGroup ? LayerNames.LastOutput(model) : LayerNames.Hidden(model, own.Key % model.Layers);
                    writer.Line($"random.FillUniform(_parameters.AsSpan({own.First().OffsetName}, {Literals.Int(own.Sum(tensor => tensor.Length))}), 1f / MathF.Sqrt({bound}));");
                }
            }

            writer.Line("ParametersChanged();");
            if (!model.Bidirectional)
            {
                writer.Line("WarmUpStep();");
            }
        }
    }

    private static void EmitPacking(SourceWriter writer, NetworkModel model, IReadOnlyList<ParameterTensor> tensors)
    {
        writer.Line();
        writer.Line(model.Bidirectional
            ? "/// <summary>Rewrites the packed (and, once training started, transposed) copies of group <paramref name=\"group\"/>: layer k's forward direction is group k, its reverse Layers + k, the head 2 × Layers.</summary>"
            : "/// <summary>Rewrites the packed (and, once training started, transposed) copies of layer <paramref name=\"group\"/> (the head is group <c>Layers</c>).</summary>");
        using (writer.Block("private void Pack(int group)"))
        {
            using (writer.Block("if (_transposedWeights is { } transposed)"))
            {
                writer.Line("Transpose(group, transposed);");
            }

            writer.Line();

            using (writer.Block("switch (group)"))
            {
                if (model.HasEmbedding)
                {
                    writer.Line("case EmbeddingGroup:");
                    writer.Line(model.Bidirectional
                        ? "    // Forward copies the embedding table's rows from the canonical parameters: there is nothing to pack."
                        : "    // The step reads the embedding table's rows in place: there is nothing to pack.");
                    writer.Line("    break;");
                }

                EmitPackCases(writer, model, tensors, tensor => $"_parameters.AsSpan({tensor.OffsetName}, {Literals.Int(tensor.Length)})", group => PackedField(model, group));
            }
        }

        writer.Line();
        writer.Line("private static void PackGates(");
        writer.Line("    (int Width, int ChunksPerTile, int Length) layout, ReadOnlySpan<float> inputWeights, ReadOnlySpan<float> recurrentWeights, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> recurrentBias,");
        writer.Line("    int gates, int rows, int inputSize, int recurrentSize, bool separateLastGateBias, float[] destination) =>");
        writer.Line("    GateTilePacking.Pack(inputWeights, recurrentWeights, inputBias, recurrentBias, gates, rows, inputSize, recurrentSize, separateLastGateBias, layout.Width, layout.ChunksPerTile, destination);");

        for (int layer = 0; layer < model.Layers; layer++)
        {
            EmitLayout(writer, $"Layer{layer}Layout", $"layer {layer}", path => LayerPlans.ForLayer(model, layer, path));
        }

        if (model.HasHead)
        {
            EmitLayout(writer, "HeadLayout", "the head", path => LayerPlans.ForHead(model, path));
        }
    }

    /// <summary>The field holding group <paramref name="group"/>'s packed copy (the head is group <c>Layers</c>).</summary>
    public static string PackedField(NetworkModel model, int group) =>
        group == model.HeadGroup ? "_headWeights" : group < model.Layers ? $"_layer{group}Weights" : $"_layer{group - model.Layers}ReverseWeights";

    /// <summary>The name of the static property giving group <paramref name="group"/>'s packed layout (both directions of a layer share one).</summary>
    public static string LayoutName(NetworkModel model, int group) => group == model.HeadGroup ? "HeadLayout" : $"Layer{group % model.Layers}Layout";

    /// <summary>
    /// The cases of a <c>switch (group)</c> that pack each layer and the head from the canonical parameters
    /// (<paramref name="slice"/> gives a tensor's span expression) into the array <paramref name="destination"/> names.
    /// </summary>
    public static void EmitPackCases(SourceWriter writer, NetworkModel model, IReadOnlyList<ParameterTensor> tensors, System.Func<ParameterTensor, string> slice, System.Func<int, string> destination)
    {
        for (int group = 0; group < model.HeadGroup; group++)
        {
            int layer = group % model.Layers;
            ParameterTensor[] own = tensors.Where(t => t.Group == group).ToArray();
            string hidden = LayerNames.Hidden(model, layer);
            string separateLastGateBias = model.Layer(layer).Cell == CellKind.Gru ? "true" : "false";
            writer.Line($"case {Literals.Int(group)}:");
            writer.Line($"    PackGates({LayoutName(model, group)}, {slice(own[0])}, {slice(own[1])}, {slice(own[2])}, {slice(own[3])},");
            writer.Line($"        gates: {Literals.Int(model.Layer(layer).Gates)}, rows: {hidden}, inputSize: {LayerNames.Input(model, layer)}, recurrentSize: {hidden}, separateLastGateBias: {separateLastGateBias}, {destination(group)});");
            writer.Line("    break;");
        }

        if (model.HasHead)
        {
            ParameterTensor[] head = tensors.Where(t => t.Group == model.HeadGroup).ToArray();
            writer.Line($"case {Literals.Int(model.HeadGroup)}:");
            writer.Line($"    PackGates({LayoutName(model, model.HeadGroup)}, {slice(head[0])}, ReadOnlySpan<float>.Empty, {slice(head[1])}, ReadOnlySpan<float>.Empty,");
            writer.Line($"        gates: 1, rows: OutputSize, inputSize: {LayerNames.LastOutput(model)}, recurrentSize: 0, separateLastGateBias: false, {destination(model.HeadGroup)});");
            writer.Line("    break;");
        }
    }

    private static void EmitLayout(SourceWriter writer, string name, string what, System.Func<InstructionSetPath, TilePlan> plan)
    {
        writer.Line();
        writer.Line($"/// <summary>The packed layout of {what} on the active path: vector width, chunks per tile, and floats in all.</summary>");
        using (writer.Block($"private static (int Width, int ChunksPerTile, int Length) {name} => InstructionSets.Active switch", "};"))
        {
            foreach (InstructionSetPath path in InstructionSetPath.All)
            {
                TilePlan tiles = plan(path);
                string pattern = path.Name == "Scalar" ? "_" : $"InstructionSet.{path.Name}";
                writer.Line($"{pattern} => ({Literals.Int(tiles.Width)}, {Literals.Int(tiles.ChunksPerTile)}, {Literals.Int(tiles.PackedLength)}),");
            }
        }
    }

}
