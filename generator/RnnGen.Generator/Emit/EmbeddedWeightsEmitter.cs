using System.Collections.Generic;
using System.Globalization;
using System.Text;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the weights embedded at compile time: the values as constant data, and the packing that the
/// field initializers run, so that every instance starts with them whichever constructor made it.
/// </summary>
internal static class EmbeddedWeightsEmitter
{
    private const int ValuesPerLine = 16;

    /// <summary>The canonical buffer's initializer.</summary>
    public const string ParametersInitializer = "EmbeddedParameters.ToArray()";

    /// <summary>The initializer of group <paramref name="group"/>'s packed copy.</summary>
    public static string PackedInitializer(int group) => $"PackEmbedded({Literals.Int(group)})";

    public static void EmitPacking(SourceWriter writer, NetworkModel model)
    {
        int groups = model.Groups;
        writer.Line();
        writer.Line(model.Bidirectional
            ? "/// <summary>Group <paramref name=\"group\"/> of the embedded weights (a layer's direction, or the head) packed for the active path: the packed fields' initial values.</summary>"
            : "/// <summary>Layer <paramref name=\"group\"/> of the embedded weights (the head is group <c>Layers</c>) packed for the active path: the packed fields' initial values.</summary>");
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
        writer.Line("private static ReadOnlySpan<float> EmbeddedParameters => BitConverter.IsLittleEndian");
        writer.Line("    ? MemoryMarshal.Cast<char, float>(EmbeddedParameterBits)");
        writer.Line("    : throw new PlatformNotSupportedException(\"The embedded weights are stored for little-endian machines.\");");
        writer.Line();
        writer.Line("// Each float's 32 bits as two UTF-16 code units, low half first, so every bit survives (NaN payloads, the sign of zero):");
        writer.Line("// a string constant compiles in milliseconds, where an initializer of as many float literals takes seconds, and the");
        writer.Line("// assembly stores its characters as they are, which on a little-endian machine are the floats' bytes.");
        writer.Line("private static string EmbeddedParameterBits =>");
        writer.ChangeIndent(1);
        IReadOnlyList<ParameterTensor> tensors = ParameterLayout.Tensors(model);
        var line = new StringBuilder();
        for (int tensorIndex = 0; tensorIndex < tensors.Count; tensorIndex++)
        {
            ParameterTensor tensor = tensors[tensorIndex];
            writer.Line($"// {tensor.Name} {tensor.ShapeText}");
            for (int start = 0; start < tensor.Length; start += ValuesPerLine)
            {
                int end = System.Math.Min(start + ValuesPerLine, tensor.Length);
                line.Clear().Append('"');
                for (int index = start; index < end; index++)
                {
                    int bits = weights.ParameterBits[tensor.Offset + index];
                    line.Append(CodeUnit(bits & 0xFFFF)).Append(CodeUnit((bits >> 16) & 0xFFFF));
                }

                bool last = tensorIndex == tensors.Count - 1 && end == tensor.Length;
                writer.Line(line.Append(last ? "\";" : "\" +").ToString());
            }
        }

        writer.ChangeIndent(-1);
    }

    /// <summary>A UTF-16 code unit as an escape: any value, even half a surrogate pair, which no other notation writes.</summary>
    private static string CodeUnit(int value) => "\\u" + value.ToString("X4", CultureInfo.InvariantCulture);

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
