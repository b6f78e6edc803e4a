using System.Collections.Generic;
using System.Linq;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>One tensor of the canonical parameter buffer, in PyTorch's layout.</summary>
/// <param name="Group">The layer direction it belongs to (see <see cref="ParameterLayout.Group"/>); the head is <see cref="NetworkModel.HeadGroup"/>, the embedding table <see cref="ParameterLayout.EmbeddingGroup"/>.</param>
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
            for (int direction = 0; direction < model.Directions; direction++)
            {
                // PyTorch's state_dict: each layer's forward tensors, then its reverse ones (suffix _reverse).
                string suffix = LayerSuffix(layer, direction);
                int group = Group(model, layer, direction);
                Add($"weight_ih_{suffix}", group, shape.GateRows, shape.InputSize);
                Add($"weight_hh_{suffix}", group, shape.GateRows, shape.HiddenSize);
                Add($"bias_ih_{suffix}", group, shape.GateRows);
                Add($"bias_hh_{suffix}", group, shape.GateRows);
            }
        }

        if (model.HasHead)
        {
            Add("head.weight", model.HeadGroup, model.HeadSize, model.LastLayerOutputSize);
            Add("head.bias", model.HeadGroup, model.HeadSize);
        }

        return tensors;
    }

    /// <summary>The parameter group (packed copy) of a layer's direction: the forward directions first, then the reverse ones.</summary>
    public static int Group(NetworkModel model, int layer, int direction) => layer + (direction * model.Layers);

    /// <summary>The layer's part of a PyTorch parameter name: <c>l1</c>, or <c>l1_reverse</c> for the reverse direction.</summary>
    public static string LayerSuffix(int layer, int direction) => direction == 0 ? $"l{layer}" : $"l{layer}_reverse";

    public static ParameterTensor Find(NetworkModel model, string name) => Tensors(model).Single(tensor => tensor.Name == name);
}
