using System.Collections.Generic;
using System.Linq;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>One tensor of the canonical parameter buffer, in PyTorch's layout.</summary>
/// <param name="Group">The layer it belongs to; the head is group <c>Layers</c>, the embedding table <see cref="ParameterLayout.EmbeddingGroup"/>.</param>
internal sealed record ParameterTensor(string Name, int[] Shape, int Offset, int Group)
{
    public int Length => Shape.Aggregate(1, (product, dimension) => product * dimension);

    public string ShapeText => "[" + string.Join(", ", Shape.Select(Literals.Int)) + "]";

    /// <summary>The name of the generated constant holding <see cref="Offset"/>: <c>weight_ih_l0</c> → <c>WeightIhL0Offset</c>.</summary>
    public string OffsetName => string.Concat(Name.Split('_', '.').Select(part => char.ToUpperInvariant(part[0]) + part.Substring(1))) + "Offset";
}

/// <summary>The canonical parameter buffer: PyTorch's <c>state_dict</c> order, each tensor row-major.</summary>
internal static class ParameterLayout
{
    /// <summary>The group of the embedding table, which has no packed copy: the step reads its rows in place.</summary>
    public const int EmbeddingGroup = -1;

    public const string EmbeddingName = "embedding.weight";

    public static IReadOnlyList<ParameterTensor> Tensors(NetworkModel model)
    {
        var tensors = new List<ParameterTensor>();
        int offset = 0;
        void Add(string name, int group, params int[] shape)
        {
            var tensor = new ParameterTensor(name, shape, offset, group);
            tensors.Add(tensor);
            offset += tensor.Length;
        }

        if (model.HasEmbedding)
        {
            // First, as a module that calls its embedding before its recurrent layers registers it (nn.Embedding's layout).
            Add(EmbeddingName, EmbeddingGroup, model.VocabularySize, model.InputSize);
        }

        for (int layer = 0; layer < model.Layers; layer++)
        {
            LayerModel shape = model.Layer(layer);
            Add($"weight_ih_l{layer}", layer, shape.GateRows, shape.InputSize);
            Add($"weight_hh_l{layer}", layer, shape.GateRows, shape.HiddenSize);
            Add($"bias_ih_l{layer}", layer, shape.GateRows);
            Add($"bias_hh_l{layer}", layer, shape.GateRows);
        }

        if (model.HasHead)
        {
            Add("head.weight", model.Layers, model.HeadSize, model.LastLayer.HiddenSize);
            Add("head.bias", model.Layers, model.HeadSize);
        }

        return tensors;
    }

    public static ParameterTensor Find(NetworkModel model, string name) => Tensors(model).Single(tensor => tensor.Name == name);
}
