using System;
using System.Collections.Generic;
using System.IO;
using RnnGen.Tests.Conformance.OnnxModels;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>
/// Malformed and hostile ONNX files, one per way a model can be broken: each is refused with a
/// <see cref="WeightFileException"/> that names the file and the problem, and the network is untouched.
/// </summary>
/// <remarks>
/// The graph-level cases are one-layer LSTMs for <see cref="OnnxLstmTiny"/> (input 17, hidden 1), so
/// W is [1, 4, 17], R [1, 4, 1] and B [1, 8], with one part broken.
/// </remarks>
public sealed class OnnxHostileFileTests
{
    private const string FileName = "hostile.onnx";
    private const string Where = "LSTM node 'lstm' (layer 0)";
    private static readonly long[] WDims = [1, 4, 17];

    public static TheoryData<string> Cases => new(HostileModels.Keys);

    private static Dictionary<string, (Func<string, byte[]> Model, string Problem)> HostileModels => new()
    {
        ["empty file"] = (_ => [], "the file holds no ONNX graph"),
        ["graph with the wrong wire type"] = (_ => [0x38, 0x01], "malformed protobuf in the model: field 7 has wire type Varint, expected LengthDelimited"),
        ["length of 2^32 - 1"] = (_ => [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00], "the length 4294967295 at byte 1 runs past the end of the message (1 bytes left)"),
        ["length of 2^64 - 1"] = (_ => [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "the length 18446744073709551615 at byte 1 runs past the end"),
        ["varint longer than 64 bits"] = (_ => [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], "the varint at byte 1 is longer than 64 bits"),
        ["truncated varint"] = (_ => [0x08, 0xFF], "the varint at byte 1 runs past the end of the message"),
        ["group wire type"] = (_ => [0x0B], "field 1 at byte 0 is a group, which ONNX never uses"),
        ["field number 0"] = (_ => [0x00, 0x00], "invalid field number 0 at byte 0"),
        ["invalid wire type"] = (_ => [0x0E], "field 1 at byte 0 has the invalid wire type 6"),
        ["two graphs"] = (_ => [0x3A, 0x00, 0x3A, 0x00], "the model has more than one graph."),
        ["node with the wrong wire type"] = (_ => [0x3A, 0x02, 0x08, 0x01], "malformed protobuf in graph: field 1 has wire type Varint, expected LengthDelimited"),
        ["packed floats cut mid-value"] = (_ => [0x3A, 0x07, 0x2A, 0x05, 0x22, 0x03, 0x01, 0x02, 0x03], "packed field 4 at byte 6 has 3 bytes, not a whole number of 4-byte values"),
        ["truncated model"] = (_ => Lstm()[..^40], "malformed protobuf"),
        ["no recurrent node"] = (_ => Graph(b => b.AddNode("Identity", "id", ["X"], ["Y"])), "the model has no LSTM, GRU or RNN node."),
        ["raw_data shorter than the dims"] = (_ => Lstm(w: OnnxGraphBuilder.Tensor("W", WDims, OnnxGraphBuilder.FloatType, new byte[10])),
            $"W of {Where} has 10 bytes of raw_data; its dims [1, 4, 17] need 272."),
        ["float_data shorter than the dims"] = (_ => Lstm(w: new OnnxGraphBuilder().FloatTensor("W", WDims, new float[5], OnnxStorage.TypedData)),
            $"W of {Where} has 5 values in float_data; its dims [1, 4, 17] need 68."),
        ["negative dims"] = (_ => Lstm(w: OnnxGraphBuilder.Tensor("W", [1, -4, 17], OnnxGraphBuilder.FloatType, [])),
            $"W of {Where} has shape [1, -4, 17], expected [1, 4, 17]."),
        ["dims whose product overflows"] = (_ => Lstm(initialH: OnnxGraphBuilder.Tensor("h0", [1L << 62, 1L << 62], OnnxGraphBuilder.FloatType, [])),
            $"initial_h of {Where} has dims [4611686018427387904, 4611686018427387904], which no file can hold."),
        ["dims far beyond the data"] = (_ => Lstm(initialH: OnnxGraphBuilder.Tensor("h0", [100_000_000], OnnxGraphBuilder.FloatType, [])),
            $"initial_h of {Where} has 0 bytes of raw_data; its dims [100000000] need 400000000."),
        ["integer weights"] = (_ => Lstm(w: OnnxGraphBuilder.Tensor("W", WDims, OnnxGraphBuilder.Int64Type, new byte[8 * 68])),
            $"W of {Where} has ONNX data type 7; RnnGen loads FLOAT (1), FLOAT16 (10) and BFLOAT16 (16)."),
        ["weights computed at run time"] = (_ => Lstm(wName: "X"), $"W of {Where} ('X') is computed in the graph, not stored"),
        ["a cycle of Identity nodes"] = (_ => Lstm(wName: "a", extra: b =>
        {
            b.AddNode("Identity", "i1", ["a"], ["b"]);
            b.AddNode("Identity", "i2", ["b"], ["a"]);
        }), $"W of {Where} ('a') is computed in the graph, not stored"),
        ["duplicate initializer"] = (_ => Lstm(extra: b => b.AddInitializer(OnnxGraphBuilder.Tensor("R", [1, 4, 1], OnnxGraphBuilder.FloatType, new byte[16]))),
            "the initializer 'R' appears more than once."),
        ["value produced twice"] = (_ => Lstm(extra: b => b.AddNode("Identity", "again", ["X"], ["Y"])), "the value 'Y' is produced by both"),
        ["attribute given twice"] = (_ => Lstm(attributes: [OnnxGraphBuilder.IntAttribute("hidden_size", 1), OnnxGraphBuilder.IntAttribute("hidden_size", 1)]),
            "LSTM node 'lstm' has the attribute 'hidden_size' twice."),
        ["non-zero initial state"] = (_ => Lstm(initialH: new OnnxGraphBuilder().FloatTensor("h0", [1, 1, 1], [0.5f], OnnxStorage.RawData)),
            $"initial_h of {Where} is a constant that is not zero; RnnGen starts each sequence from the State you pass"),
        ["peephole weights"] = (_ => Lstm(peepholes: new OnnxGraphBuilder().FloatTensor("P", [1, 3], [0.1f, 0f, 0f], OnnxStorage.RawData)),
            $"P (the peephole weights) of {Where} is a constant that is not zero; PyTorch's LSTM, and RnnGen's, has no peepholes."),
        ["external data outside the model's directory"] = (_ => ExternalLstm("../outside.bin"), "names the external file '../outside.bin', which is outside the model's directory."),
        ["external data at an absolute path"] = (_ => ExternalLstm(Path.GetFullPath("/etc/hostname")), "which is outside the model's directory."),
        ["missing external data file"] = (_ => ExternalLstm("weights.bin"), "is stored in the external file 'weights.bin', which does not exist beside"),
        ["external data file too short"] = (directory =>
        {
            File.WriteAllBytes(Path.Combine(directory, "short.bin"), new byte[100]);
            return ExternalLstm("short.bin");
        }, $"W of {Where} needs bytes [0, 272) of the external file 'short.bin', which has 100."),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileModelIsRefusedWithItsProblemAndLeavesTheNetworkUntouched(string hostileCase)
    {
        (Func<string, byte[]> build, string problem) = HostileModels[hostileCase];
        (OnnxLstmTiny network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<OnnxLstmTiny>(seed: 60);
        using var scratch = new ScratchDirectory("weights");
        byte[] model = build(scratch.Path);

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(network, model, FileName, scratch.Path));

        Assert.Equal(FileName, exception.FileName);
        Assert.StartsWith(FileName + ": ", exception.Message);
        Assert.Contains(problem, exception.Message);
        WeightTestSupport.AssertParameters(network, parameters);
    }

    [Fact]
    public void WellFormedOneLayerModelLoads()
    {
        var network = new OnnxLstmTiny();
        OnnxImport.Load(network, Lstm(), FileName);

        var weights = new float[4 * 17];
        network.GetParameter("weight_ih_l0", weights);
        Assert.Equal(1f, weights[17]);
    }

    /// <summary>
    /// A one-layer LSTM whose W has a single 1, in ONNX's f block (block 2 of i, o, f, c), which PyTorch's
    /// order (i, f, g, o) puts in block 1: index 17 of <c>weight_ih_l0</c>.
    /// </summary>
    private static byte[] Lstm(
        byte[]? w = null,
        string wName = "W",
        byte[]? initialH = null,
        byte[]? peepholes = null,
        byte[][]? attributes = null,
        Action<OnnxGraphBuilder>? extra = null) => Graph(builder =>
        {
            var values = new float[4 * 17];
            values[2 * 17] = 1f;
            builder.AddInitializer(w ?? builder.FloatTensor("W", WDims, values, OnnxStorage.RawData));
            builder.AddInitializer(builder.FloatTensor("R", [1, 4, 1], new float[4], OnnxStorage.RawData));
            builder.AddInitializer(builder.FloatTensor("B", [1, 8], new float[8], OnnxStorage.RawData));
            string[] inputs = ["X", wName, "R", "B", string.Empty, string.Empty, string.Empty, string.Empty];
            if (initialH is not null)
            {
                builder.AddInitializer(initialH);
                inputs[5] = "h0";
            }

            if (peepholes is not null)
            {
                builder.AddInitializer(peepholes);
                inputs[7] = "P";
            }

            builder.AddNode("LSTM", "lstm", inputs, ["Y"], attributes ?? [OnnxGraphBuilder.IntAttribute("hidden_size", 1)]);
            extra?.Invoke(builder);
        });

    private static byte[] ExternalLstm(string location) => Graph(builder =>
    {
        var external = new OnnxGraphBuilder { ExternalDataFile = location };
        builder.AddInitializer(external.FloatTensor("W", WDims, new float[68], OnnxStorage.External));
        builder.AddInitializer(builder.FloatTensor("R", [1, 4, 1], new float[4], OnnxStorage.RawData));
        builder.AddNode("LSTM", "lstm", ["X", "W", "R"], ["Y"], OnnxGraphBuilder.IntAttribute("hidden_size", 1));
    });

    private static byte[] Graph(Action<OnnxGraphBuilder> build)
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("X", "steps", 1L, 17L);
        build(builder);
        builder.AddOutput("Y");
        return builder.ToModel();
    }
}
