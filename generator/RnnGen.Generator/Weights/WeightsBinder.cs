using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using RnnGen.Generator.Diagnostics;
using RnnGen.Generator.Emit;
using RnnGen.Generator.Model;
using RnnGen.Generator.Parsing;

namespace RnnGen.Generator.Weights;

/// <summary>
/// Finds the file a network's <c>Weights</c> names among the weights files read, checks every tensor
/// against the network, and puts the values into the model; or reports every problem at once on the
/// <c>Weights</c> argument, and the class gets no code.
/// </summary>
/// <remarks>
/// Names follow PyTorch's <c>state_dict()</c> (see <see cref="ParameterLayout"/>), either exactly or all under
/// one common first segment such as <c>lstm.</c> (what saving a module that holds the network produces), which
/// is then stripped. Other renamings belong in the exporting script.
/// </remarks>
internal static class WeightsBinder
{
    public static ParseResult Bind(ParseResult result, ImmutableArray<WeightsFile> files)
    {
        if (result.Weights is not { } request || result.Model is not { } model)
        {
            return result;
        }

        try
        {
            return Bind(result, model, request, files);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var internalError = DiagnosticInfo.At(DiagnosticDescriptors.InternalError, request.Location, model.ClassName, exception.Message);
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(ImmutableArray.Create(internalError)));
        }
    }

    private static ParseResult Bind(ParseResult result, NetworkModel model, WeightsRequest request, ImmutableArray<WeightsFile> files)
    {

        var diagnostics = new List<DiagnosticInfo>();
        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.At(descriptor, request.Location, arguments));

        string name = request.FileName;
        WeightsFile[] matches = files.Where(file => Matches(file.Path, name)).ToArray();
        long embeddedBytes = ParameterLayout.Tensors(model).Sum(tensor => (long)tensor.Length) * sizeof(float);
        int[]? parameters = null;
        if (embeddedBytes > NetworkLimits.MaxEmbeddedBytes)
        {
            Report(DiagnosticDescriptors.WeightsFileTooLarge, name, $"the network's parameters take {Number(embeddedBytes)} bytes as floats, more than {Number(NetworkLimits.MaxEmbeddedBytes)}");
        }
        else if (matches.Length == 0)
        {
            Report(DiagnosticDescriptors.WeightsFileNotFound, name);
        }
        else if (matches.Length > 1)
        {
            Report(DiagnosticDescriptors.WeightsFileAmbiguous, name, string.Join(", ", matches.Select(file => file.Path).OrderBy(path => path, StringComparer.Ordinal)));
        }
        else
        {
            WeightsFile file = matches[0];
            switch (file.Status)
            {
                case WeightsFileStatus.NotEncoded:
                    Report(DiagnosticDescriptors.WeightsFileNotEncoded, name);
                    break;
                case WeightsFileStatus.Corrupt:
                    Report(DiagnosticDescriptors.WeightsFileCorrupt, name, file.Problem);
                    break;
                case WeightsFileStatus.TooLarge:
                    Report(DiagnosticDescriptors.WeightsFileTooLarge, name, $"the file has {Number(file.Length)} bytes, more than {Number(NetworkLimits.MaxWeightsFileBytes)}");
                    break;
                case WeightsFileStatus.Failed:
                    Report(DiagnosticDescriptors.InternalError, model.ClassName, "reading weights file '" + name + "' failed: " + file.Problem);
                    break;
                default:
                    parameters = Check(model, file, name, Report);
                    break;
            }
        }

        return parameters is not null && diagnostics.Count == 0
            ? result with { Model = model with { Weights = new EmbeddedWeights(name, new EquatableArray<int>(parameters.ToImmutableArray())) } }
            : result with { Model = null, Diagnostics = new EquatableArray<DiagnosticInfo>(result.Diagnostics.Concat(diagnostics).ToImmutableArray()) };
    }

    /// <summary>
    /// Whether <paramref name="path"/> is the file <paramref name="name"/> names: the whole path, or its end
    /// in whole segments (<c>model.safetensors</c>, <c>models/model.safetensors</c>); <c>/</c> and <c>\</c>
    /// are the same separator, and letter case is ignored as on Windows.
    /// </summary>
    public static bool Matches(string path, string name)
    {
        string normalizedPath = path.Replace('\\', '/');
        string normalizedName = name.Replace('\\', '/');
        if (normalizedName.Length == 0 || !normalizedPath.EndsWith(normalizedName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int before = normalizedPath.Length - normalizedName.Length - 1;
        return before < 0 || normalizedPath[before] == '/' || normalizedName[0] == '/';
    }

    /// <summary>Checks every tensor; returns the parameters in canonical order when all fit, else null.</summary>
    private static int[]? Check(NetworkModel model, WeightsFile file, string name, Action<Microsoft.CodeAnalysis.DiagnosticDescriptor, object[]> report)
    {
        IReadOnlyList<ParameterTensor> expected = ParameterLayout.Tensors(model);
        string prefix = ChoosePrefix(file.Tensors, expected);
        var found = file.Tensors.ToDictionary(tensor => tensor.Name.Substring(prefix.Length), StringComparer.Ordinal);
        var parameters = new int[expected.Sum(tensor => tensor.Length)];
        bool complete = true;
        foreach (ParameterTensor tensor in expected)
        {
            if (!found.TryGetValue(tensor.Name, out WeightsTensor? actual))
            {
                report(DiagnosticDescriptors.WeightsTensorMissing, new object[] { name, prefix + tensor.Name, tensor.ShapeText });
                complete = false;
                continue;
            }

            if (!SafeTensorsDtype.IsSupported(actual.Dtype))
            {
                report(DiagnosticDescriptors.WeightsTensorUnsupportedDtype, new object[] { name, actual.Name, actual.Dtype });
                complete = false;
            }

            if (!actual.Shape.SequenceEqual(tensor.Shape.Select(dimension => (long)dimension)))
            {
                report(DiagnosticDescriptors.WeightsTensorWrongShape, new object[] { name, actual.Name, tensor.ShapeText, actual.ShapeText });
                complete = false;
            }

            if (complete)
            {
                actual.Bits.ToArray().CopyTo(parameters, tensor.Offset);
            }
        }

        var names = new HashSet<string>(expected.Select(tensor => tensor.Name), StringComparer.Ordinal);
        foreach (WeightsTensor extra in file.Tensors.Where(tensor => !names.Contains(tensor.Name.Substring(prefix.Length))))
        {
            report(DiagnosticDescriptors.WeightsTensorUnexpected, new object[] { name, extra.Name, extra.ShapeText });
            complete = false;
        }

        return complete ? parameters : null;
    }

    /// <summary>The first name segment (with its dot) that every tensor shares, when stripping it names more of the network's parameters than the names as they are; else empty.</summary>
    private static string ChoosePrefix(EquatableArray<WeightsTensor> tensors, IReadOnlyList<ParameterTensor> expected)
    {
        int dot = tensors.Count == 0 ? -1 : tensors[0].Name.IndexOf('.');
        if (dot < 0)
        {
            return string.Empty;
        }

        string prefix = tensors[0].Name.Substring(0, dot + 1);
        if (!tensors.All(tensor => tensor.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return string.Empty;
        }

        var names = new HashSet<string>(expected.Select(tensor => tensor.Name), StringComparer.Ordinal);
        int exact = tensors.Count(tensor => names.Contains(tensor.Name));
        int stripped = tensors.Count(tensor => names.Contains(tensor.Name.Substring(prefix.Length)));
        return stripped > exact ? prefix : string.Empty;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
