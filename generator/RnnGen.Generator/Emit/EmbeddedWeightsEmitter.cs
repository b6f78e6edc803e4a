using System.Collections.Generic;
using System.Text;
using RnnGen.Generator.Model;
using RnnGen.Generator.Weights;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the weights embedded at compile time: the values as constant data, and the packing that the
/// field initializers run, so that every instance starts with them whichever constructor made it.
/// </summary>
internal static class EmbeddedWeightsEmitter
{
    private const int ValuesPerLine = 8;

    /// <summary>The canonical buffer's initializer.</summary>
    public const string ParametersInitializer = "EmbeddedParameters.ToArray()";

    /// <summary>The initializer of group <paramref name="group"/>'s packed copy.</summary>
    public static string PackedInitializer(int group) => $"PackEmbedded({Literals.Int(group)})";

    public static void EmitPacking(SourceWriter writer, NetworkModel model)
    {
        int groups = model.Layers + (model.HasHead ? 1 : 0);
        writer.Line();
        writer.Line("/// <summary>Layer <paramref name=\"group\"/> of the embedded weights (the head is group <c>Layers</c>) packed for the active path: the packed fields' initial values.</summary>");
        using (writer.Block("private static float[] PackEmbedded(int group)"))
        {
            var lengths = new StringBuilder();
            for (int group = 0; group < groups - 1; group++)
            {
                lengths.Append($"{Literals.Int(group)} => {ParameterEmitter.LayoutName(model, group)}.Length, ");
            }

            writer.Line($"var destination = new float[group switch {{ {lengths}_ => {ParameterEmitter.LayoutName(model, groups - 1)}.Length }}];");
            using (writer.Block("switch (group)"))
            {
                ParameterEmitter.EmitPackCases(writer, model, ParameterLayout.Tensors(model), tensor => $"EmbeddedParameters.Slice({tensor.OffsetName}, {Literals.Int(tensor.Length)})", _ => "destination");
            }

            writer.Line();
            writer.Line("return destination;");
        }
    }

    public static void EmitData(SourceWriter writer, NetworkModel model, EmbeddedWeights weights)
    {
        writer.Line($"/// <summary>The weights embedded at compile time from {CommentText(weights.FileName)}, in <see cref=\"ParameterNames\"/> order and PyTorch's layout.</summary>");
        writer.Line("/// <remarks>Constants: the compiler stores them as static data in the assembly, read in place without allocating.</remarks>");
        writer.Line("private static ReadOnlySpan<float> EmbeddedParameters =>");
        writer.Line("[");
        writer.ChangeIndent(1);
        IReadOnlyList<ParameterTensor> tensors = ParameterLayout.Tensors(model);
        var line = new StringBuilder();
        foreach (ParameterTensor tensor in tensors)
        {
            writer.Line($"// {tensor.Name} {tensor.ShapeText}");

            // A line never spans two rows of a matrix, so a row starts at the start of a line.
            int rowLength = tensor.Shape.Length == 2 ? tensor.Shape[1] : tensor.Length;
            for (int row = 0; row < tensor.Length; row += rowLength)
            {
                for (int start = row; start < row + rowLength; start += ValuesPerLine)
                {
                    int end = System.Math.Min(start + ValuesPerLine, row + rowLength);
                    line.Clear();
                    for (int index = start; index < end; index++)
                    {
                        line.Append(index > start ? " " : string.Empty).Append(Literals.Float(FloatBits.ToFloat(weights.ParameterBits[tensor.Offset + index]))).Append(',');
                    }

                    writer.Line(line.ToString());
                }
            }
        }

        writer.ChangeIndent(-1);
        writer.Line("];");
    }

    /// <summary>The file's name as it may stand in a (doc) comment: escaped for XML, and on one line whatever the attribute's string holds.</summary>
    public static string CommentText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
