using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using RnnGen.Tests.Generator;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Weights;

/// <summary>Every problem with a <c>Weights</c> file is an error on the <c>Weights</c> argument that names the tensor and the shapes, and the class gets no code.</summary>
public sealed class WeightsDiagnosticTests
{
    private const string Argument = "Weights = \"model.safetensors\"";
    private const string Declaration = "using RnnGen; [RecurrentNetwork(CellType.Lstm, 3, 2, OutputSize = 2, " + Argument + ")] public partial class Net;";
    private static readonly NetworkShape Shape = new(CellType.Lstm, 3, 2, 1, 2, Activation.Identity, Activation.Tanh);

    [Fact]
    public void FileNotAmongAdditionalFilesIsReported()
    {
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/other.safetensors", ValidFile())));

        Assert.Equal("RNNG011", diagnostic.Id);
        Assert.Contains("'model.safetensors' is not among the AdditionalFiles", Message(diagnostic));
    }

    [Fact]
    public void NameMatchesWholePathSegmentsOnly() =>
        Assert.Equal("RNNG011", Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/bigmodel.safetensors", ValidFile()))).Id);

    [Fact]
    public void BinaryFileWithoutTheBuildStepIsReportedWithoutBeingRead()
    {
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Raw("/src/model.safetensors")));

        Assert.Equal("RNNG012", diagnostic.Id);
        Assert.Contains("RnnGen.targets", Message(diagnostic));
    }

    [Fact]
    public void NameMatchingTwoFilesIsReportedWithBoth()
    {
        Diagnostic diagnostic = Assert.Single(AssertReported(
            Declaration,
            WeightsFiles.Encoded("/src/a/model.safetensors", ValidFile()),
            WeightsFiles.Encoded("/src/b/model.safetensors", ValidFile())));

        Assert.Equal("RNNG013", diagnostic.Id);
        Assert.Contains("/src/a/model.safetensors, /src/b/model.safetensors", Message(diagnostic));
    }

    [Theory]
    [InlineData("b/model.safetensors")]
    [InlineData("B/Model.safetensors")]
    [InlineData("b\\model.safetensors")]
    [InlineData("/src/b/model.safetensors")]
    public void PathSuffixSelectsOneOfTwoFiles(string name)
    {
        GeneratorOutput output = GeneratorHarness.Run(
            new[] { WeightsFiles.Encoded("/src/a/model.safetensors", ValidFile()), WeightsFiles.Encoded("/src/b/model.safetensors", ValidFile()) },
            Declaration.Replace("\"model.safetensors\"", "@\"" + name + "\""));

        Assert.Empty(output.Diagnostics);
        Assert.Single(output.Sources);
    }

    public static TheoryData<string, string> CorruptFiles => new()
    {
        { "truncated", "the file is truncated: 5 bytes" },
        { "header past the end", "the header length 1000 runs past the end of the file (24 bytes)" },
        { "header not an object", "expected the header to be a JSON object, found '['" },
        { "unterminated JSON", "the header's JSON is invalid" },
        { "header not UTF-8", "the header is not valid UTF-8" },
        { "negative dimension", "expected a non-negative integer in the shape of 'a', found '-'" },
        { "fractional offset", "expected a non-negative integer in the data_offsets of 'a'" },
        { "offsets past the data", "tensor 'a' ends at byte 400 of the data, past its end at 8" },
        { "reversed offsets", "the data_offsets of 'a' [8, 0] end before they begin" },
        { "overlapping tensors", "tensors 'a' and 'b' overlap (bytes 4 to 8 of the data)" },
        { "gap between tensors", "bytes 8 to 12 of the data belong to no tensor" },
        { "bytes not covered at the end", "bytes 8 to 12 of the data belong to no tensor" },
        { "size not matching the shape", "tensor 'a' holds 8 bytes, but 3 elements of F32 take 12" },
        { "duplicate name", "the header names 'a' twice" },
        { "missing dtype", "tensor 'a' has no dtype" },
        { "unknown field", "tensor 'a' has an unexpected or repeated field 'stride'" },
        { "metadata not strings", "expected a string metadata value" },
        { "garbage after the object", "expected the end of the header" },
        { "shape overflowing", "the shape of 'a' has more elements than can be counted" },
        { "number overflowing", "too large a number" },
        { "bad escape", "expected a valid escape sequence" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void CorruptFileIsReported(string kind, string problem)
    {
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", CorruptFile(kind))));

        Assert.Equal("RNNG014", diagnostic.Id);
        Assert.StartsWith("Weights file 'model.safetensors' is not a valid safetensors file: ", Message(diagnostic));
        Assert.Contains(problem, Message(diagnostic));
    }

    [Theory]
    [InlineData("something else\n/src/model.safetensors\nAAAA\n", "does not start with the line 'RnnGen weights, base64 v1'")]
    [InlineData("RnnGen weights, base64 v1\n/src/model.safetensors\n!!!!\n", "not valid base64")]
    [InlineData("RnnGen weights, base64 v1\n/src/model.safetensors\nAA AA\n", "not whole base64")]
    [InlineData("RnnGen weights, base64 v1\n/src/model.safetensors\nAAAA\nAAAA\n", "more than one line of base64")]
    [InlineData("RnnGen weights, base64 v1\n", "ends before its line of base64")]
    public void DamagedEncodingIsReported(string text, string problem)
    {
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.EncodedText("/src/model.safetensors", text)));

        Assert.Equal("RNNG014", diagnostic.Id);
        Assert.Contains(problem, Message(diagnostic));
    }

    [Fact]
    public void FileLargerThanTheLimitIsRefusedUndecoded()
    {
        const int Limit = 16 * 1024 * 1024;
        string base64 = new('A', ((Limit / 3) + 1) * 4);
        Diagnostic diagnostic = Assert.Single(AssertReported(
            Declaration,
            WeightsFiles.EncodedText("/src/model.safetensors", $"{WeightsFiles.Magic}\n/src/model.safetensors\n{base64}\n")));

        Assert.Equal("RNNG015", diagnostic.Id);
        Assert.Equal(
            $"Weights file 'model.safetensors' is too large to embed: the file has {(((Limit / 3) + 1) * 3).ToString(CultureInfo.InvariantCulture)} bytes, more than {Limit.ToString(CultureInfo.InvariantCulture)}; load a model this large at run time",
            Message(diagnostic));
    }

    [Fact]
    public void NetworkTooLargeToEmbedIsReported()
    {
        // 4 × 1024 × (1024 + 1024 + 2) = 8,396,800 parameters: 33,587,200 bytes as floats.
        const string Large = "using RnnGen; [RecurrentNetwork(CellType.Lstm, 1024, 1024, " + Argument + ")] public partial class Net;";
        Diagnostic diagnostic = Assert.Single(AssertReported(Large));

        Assert.Equal("RNNG015", diagnostic.Id);
        Assert.Contains("the network's parameters take 33587200 bytes as floats, more than 8388608", Message(diagnostic));
    }

    [Fact]
    public void MissingTensorIsReportedWithItsShape()
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1)).Where(tensor => tensor.Name != "bias_hh_l0");
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors))));

        Assert.Equal("RNNG016", diagnostic.Id);
        Assert.Equal("Weights file 'model.safetensors' has no tensor 'bias_hh_l0' (expected shape [8])", Message(diagnostic));
    }

    [Fact]
    public void UnexpectedTensorIsReportedWithItsShape()
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1)).Append(TensorBytes.F32("weight_ih_l1", new float[16], 8, 2));
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors))));

        Assert.Equal("RNNG017", diagnostic.Id);
        Assert.Equal("Weights file 'model.safetensors' has a tensor 'weight_ih_l1' of shape [8, 2], but the network has no such parameter", Message(diagnostic));
    }

    [Fact]
    public void WrongShapeIsReportedWithBothShapes()
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1))
            .Select(tensor => tensor.Name == "weight_ih_l0" ? tensor with { Shape = new long[] { 3, 8 } } : tensor);
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors))));

        Assert.Equal("RNNG018", diagnostic.Id);
        Assert.Equal("Tensor 'weight_ih_l0' in weights file 'model.safetensors' has shape [3, 8], but the network expects [8, 3]", Message(diagnostic));
    }

    [Theory]
    [InlineData("F64", 8)]
    [InlineData("I32", 4)]
    [InlineData("Q4", 1)]
    public void UnsupportedDtypeIsReported(string dtype, int size)
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1))
            .Select(tensor => tensor.Name == "head.bias" ? tensor with { Dtype = dtype, Data = new byte[2 * size] } : tensor);
        Diagnostic diagnostic = Assert.Single(AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors))));

        Assert.Equal("RNNG019", diagnostic.Id);
        Assert.Equal($"Tensor 'head.bias' in weights file 'model.safetensors' has dtype {dtype}: RnnGen embeds F32, F16 and BF16", Message(diagnostic));
    }

    [Fact]
    public void EveryMismatchIsReportedAtOnce()
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1))
            .Where(tensor => tensor.Name != "head.weight")
            .Select(tensor => tensor.Name == "bias_ih_l0" ? tensor with { Shape = new long[] { 2, 4 } } : tensor)
            .Append(TensorBytes.F32("fc.weight", new float[4], 2, 2));
        var diagnostics = AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors)));

        Assert.Equal(new[] { "RNNG016", "RNNG017", "RNNG018" }, diagnostics.Select(diagnostic => diagnostic.Id).Order());
    }

    [Theory]
    [InlineData("lstm.")]
    [InlineData("model.")]
    public void OneCommonPrefixIsStripped(string prefix)
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1), prefix: prefix);
        GeneratorOutput output = GeneratorHarness.Run(new[] { WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors)) }, Declaration);

        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationErrors);
    }

    [Fact]
    public void DifferentPrefixesAreNotGuessed()
    {
        var tensors = NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1), prefix: "lstm.")
            .Select(tensor => tensor.Name.StartsWith("lstm.head.", System.StringComparison.Ordinal) ? tensor with { Name = tensor.Name.Replace("lstm.head.", "fc.") } : tensor);
        var diagnostics = AssertReported(Declaration, WeightsFiles.Encoded("/src/model.safetensors", SafeTensorsWriter.Write(tensors)));

        Assert.Contains(diagnostics, diagnostic => diagnostic.Id == "RNNG016" && Message(diagnostic).Contains("'head.weight'"));
        Assert.Contains(diagnostics, diagnostic => diagnostic.Id == "RNNG017" && Message(diagnostic).Contains("'fc.weight'"));
    }

    [Fact]
    public void NetworkWithoutWeightsIgnoresWeightsFiles()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            new[] { WeightsFiles.Raw("/src/model.safetensors"), WeightsFiles.EncodedText("/src/broken.safetensors", "not even encoded") },
            "using RnnGen; [RecurrentNetwork(CellType.Lstm, 3, 2)] public partial class Net;");

        Assert.Empty(output.Diagnostics);
        Assert.Single(output.Sources);
    }

    internal static byte[] ValidFile() => SafeTensorsWriter.Write(NetworkTensors.Write(Shape, NetworkTensors.Values(Shape, 1)));

    /// <summary>A file with one problem; tensors 'a' and 'b' are F32 of two elements unless the problem is in them.</summary>
    private static byte[] CorruptFile(string kind)
    {
        var eight = new byte[8];
        var twelve = new byte[12];
        string A(string offsets, string shape = "[2]", string dtype = "\"F32\"") => $"\"a\":{{\"dtype\":{dtype},\"shape\":{shape},\"data_offsets\":{offsets}}}";
        return kind switch
        {
            "truncated" => new byte[5],
            "header past the end" => WithHeaderLength(SafeTensorsWriter.WithHeader("{}", new byte[8]), 1000),
            "header not an object" => SafeTensorsWriter.WithHeader("[1, 2]", eight),
            "unterminated JSON" => SafeTensorsWriter.WithHeader("{" + A("[0,8]").TrimEnd('}'), eight),
            "header not UTF-8" => ReplaceHeaderByte(SafeTensorsWriter.WithHeader("{\"a\u00e9\":1}", eight), 0xC3, 0xFF),
            "negative dimension" => SafeTensorsWriter.WithHeader("{" + A("[0,8]", "[-2]") + "}", eight),
            "fractional offset" => SafeTensorsWriter.WithHeader("{" + A("[0,8.0]") + "}", eight),
            "offsets past the data" => SafeTensorsWriter.WithHeader("{" + A("[0,400]", "[100]") + "}", eight),
            "reversed offsets" => SafeTensorsWriter.WithHeader("{" + A("[8,0]") + "}", eight),
            "overlapping tensors" => SafeTensorsWriter.WithHeader("{" + A("[0,8]") + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", twelve),
            "gap between tensors" => SafeTensorsWriter.WithHeader("{" + A("[0,8]") + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", new byte[16]),
            "bytes not covered at the end" => SafeTensorsWriter.WithHeader("{" + A("[0,8]") + "}", twelve),
            "size not matching the shape" => SafeTensorsWriter.WithHeader("{" + A("[0,8]", "[3]") + "}", eight),
            "duplicate name" => SafeTensorsWriter.WithHeader("{" + A("[0,8]") + "," + A("[0,8]") + "}", eight),
            "missing dtype" => SafeTensorsWriter.WithHeader("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", eight),
            "unknown field" => SafeTensorsWriter.WithHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"stride\":[1],\"data_offsets\":[0,8]}}", eight),
            "metadata not strings" => SafeTensorsWriter.WithHeader("{\"__metadata__\":{\"epoch\":3}," + A("[0,8]") + "}", eight),
            "garbage after the object" => SafeTensorsWriter.WithHeader("{" + A("[0,8]") + "} x", eight),
            "shape overflowing" => SafeTensorsWriter.WithHeader("{" + A("[0,8]", "[4294967296,4294967296,4294967296]") + "}", eight),
            "number overflowing" => SafeTensorsWriter.WithHeader("{" + A("[0,99999999999999999999]") + "}", eight),
            "bad escape" => SafeTensorsWriter.WithHeader("{\"a\\q\":1}", eight),
            _ => throw new System.ArgumentException("no such case: " + kind, nameof(kind)),
        };
    }

    private static byte[] WithHeaderLength(byte[] file, ulong length)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(file, length);
        return file;
    }

    private static byte[] ReplaceHeaderByte(byte[] file, byte from, byte to)
    {
        file[System.Array.IndexOf(file, from, 8)] = to;
        return file;
    }

    private static List<Diagnostic> AssertReported(string source, params AdditionalText[] files)
    {
        GeneratorOutput output = GeneratorHarness.Run(files, source);

        Assert.Null(output.Exception);
        Assert.Empty(output.Sources);
        Assert.NotEmpty(output.Diagnostics);
        Assert.All(output.Diagnostics, diagnostic =>
        {
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(Argument, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        });
        return output.Diagnostics.ToList();
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);
}
