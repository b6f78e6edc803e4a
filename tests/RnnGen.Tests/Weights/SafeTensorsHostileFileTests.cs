using System;
using System.Collections.Generic;
using System.Text;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>
/// Malformed safetensors files, one per way a file can be broken or hostile: each is refused with a
/// <see cref="WeightFileException"/> that names the file and the problem, and the network is untouched.
/// </summary>
public sealed class SafeTensorsHostileFileTests
{
    private const string FileName = "hostile.safetensors";

    // One F32 tensor of 4 values: the smallest well-formed body to break in one place.
    private static readonly byte[] FourFloats = new byte[16];

    public static TheoryData<string> Cases => new(HostileFiles.Keys);

    private static Dictionary<string, (Func<byte[]> File, string Problem)> HostileFiles => new()
    {
        ["empty file"] = (() => [], "the file has 0 bytes, fewer than the 8"),
        ["truncated length"] = (() => [16, 0, 0], "the file has 3 bytes, fewer than the 8"),
        ["truncated data"] = (() => ValidFile()[..^10], "run past the end of the"),
        ["header length larger than the file"] = (() => Header("{}", [], headerLength: 64), "the header length 64 runs past the end of the 10-byte file"),
        ["header length of 2^64 - 1"] = (() => Header("{}", [], headerLength: ulong.MaxValue), "the header length 18446744073709551615 runs past the end"),
        ["empty header"] = (() => Header(string.Empty, FourFloats), "the header is not a JSON object"),
        ["header that is an array"] = (() => Header("[1, 2]", []), "the header is not a JSON object"),
        ["header that is a string"] = (() => Header("\"weights\"", []), "the header is not a JSON object"),
        ["header that is not JSON"] = (() => Header("{\"a\": ", []), "the header is not valid JSON"),
        ["header that is not UTF-8"] = (() => Invalid(Header("{\"\u00ff\":1}", [])), "the header is not valid UTF-8."),
        ["header nested too deep"] = (() => Header("{\"a\":[[[[[[[[[[[[1]]]]]]]]]]]]}", []), "the header is not valid JSON"),
        ["entry that is not an object"] = (() => Header("{\"w\": 5}", []), "tensor 'w': its entry is a JSON Number, not an object."),
        ["entry without dtype"] = (() => Header("{\"w\":{\"shape\":[4],\"data_offsets\":[0,16]}}", FourFloats), "tensor 'w': no \"dtype\" string."),
        ["unknown dtype"] = (() => Entry("\"Q7\"", "[4]", "[0,16]", FourFloats), "tensor 'w': unknown dtype 'Q7'."),
        ["negative dimension"] = (() => Entry("\"F32\"", "[-4]", "[0,16]", FourFloats), "tensor 'w': \"shape\" holds -4, not a non-negative integer."),
        ["fractional dimension"] = (() => Entry("\"F32\"", "[2.5]", "[0,16]", FourFloats), "\"shape\" holds 2.5, not a non-negative integer."),
        ["dimension beyond 64 bits"] = (() => Entry("\"F32\"", "[1e400]", "[0,16]", FourFloats), "\"shape\" holds 1e400, not a non-negative integer."),
        ["shape whose element count overflows"] = (() => Entry("\"F32\"", "[4294967296,4294967296,4]", "[0,16]", FourFloats), "has more elements than any file can hold"),
        ["shape whose byte count overflows"] = (() => Entry("\"F64\"", "[2305843009213693952]", "[0,16]", FourFloats), "has more elements than any file can hold"),
        ["shape that does not match the offsets"] = (() => Entry("\"F32\"", "[3]", "[0,16]", FourFloats), "shape [3] of F32 takes 12 bytes, but \"data_offsets\" [0, 16] span 16."),
        ["offsets that end before they begin"] = (() => Entry("\"F32\"", "[4]", "[16,0]", FourFloats), "\"data_offsets\" [16, 0] end before they begin."),
        ["offsets with three numbers"] = (() => Entry("\"F32\"", "[4]", "[0,8,16]", FourFloats), "\"data_offsets\" has 3 numbers, not 2"),
        ["negative offset"] = (() => Entry("\"F32\"", "[4]", "[-16,0]", FourFloats), "\"data_offsets\" holds -16, not a non-negative integer."),
        ["offsets past the end"] = (() => Entry("\"F32\"", "[4]", "[16,32]", FourFloats), "data_offsets [16, 32] run past the end of the 16-byte data section."),
        ["offsets past the end by 2^63"] = (() => Entry("\"F32\"", "[2305843009213693951]", "[0,9223372036854775804]", FourFloats), "run past the end of the 16-byte data section."),
        ["overlapping offsets"] = (() => Header(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", new byte[24]),
            "tensor 'b': data_offsets [8, 24] overlap those of 'a' [0, 16]."),
        ["a gap between tensors"] = (() => Header(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", new byte[24]),
            "leave bytes [8, 16) of the data section unused."),
        ["trailing bytes"] = (() => Entry("\"F32\"", "[4]", "[0,16]", new byte[20]), "the data section has 20 bytes but its tensors end at 16"),
        ["duplicate names"] = (() => Header(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", FourFloats),
            "'w' appears more than once in the header."),
        ["metadata that is not text"] = (() => Header("{\"__metadata__\":{\"epoch\":12}}", []), "__metadata__ entry 'epoch' is a JSON Number, not a string."),
        ["metadata that is not an object"] = (() => Header("{\"__metadata__\":[\"pt\"]}", []), "__metadata__ is a JSON Array, not an object of strings."),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileFileIsRefusedWithItsProblemAndLeavesTheNetworkUntouched(string hostileCase)
    {
        (Func<byte[]> build, string problem) = HostileFiles[hostileCase];
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 30);

        var exception = Assert.Throws<WeightFileException>(() => SafeTensors.Load(network, build(), FileName));

        Assert.Equal(FileName, exception.FileName);
        Assert.StartsWith(FileName + ": ", exception.Message);
        Assert.Contains(problem, exception.Message);
        WeightTestSupport.AssertParameters(network, parameters);
    }

    [Fact]
    public void EveryStructuralProblemIsListedTogether()
    {
        byte[] file = Header(
            "{\"a\":{\"dtype\":\"Q7\",\"shape\":[4],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[16,32]},\"c\":7}",
            new byte[32]);

        var exception = Assert.Throws<WeightFileException>(() => SafeTensors.Load(new TinyTagger(), file, FileName));

        Assert.Contains("tensor 'a': unknown dtype 'Q7'.", exception.Problems);
        Assert.Contains("tensor 'b': \"shape\" holds -1, not a non-negative integer.", exception.Problems);
        Assert.Contains("tensor 'c': its entry is a JSON Number, not an object.", exception.Problems);
        Assert.Contains(exception.Problems, p => p.StartsWith("tensor 'weight_ih_l0' is missing", StringComparison.Ordinal));
    }

    private static byte[] ValidFile() => SafeTensorsTestFiles.Build(SafeTensorsTestFiles.Tensors(new TinyTagger(), "F32"));

    private static byte[] Header(string header, byte[] data, ulong? headerLength = null) => SafeTensorsTestFiles.Build(header, data, headerLength);

    private static byte[] Entry(string dtype, string shape, string offsets, byte[] data) =>
        Header($"{{\"w\":{{\"dtype\":{dtype},\"shape\":{shape},\"data_offsets\":{offsets}}}}}", data);

    /// <summary>Replaces the UTF-8 encoding of ÿ (C3 BF) with a lone continuation byte.</summary>
    private static byte[] Invalid(byte[] file)
    {
        int at = file.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\u00ff"));
        file[at] = 0xBF;
        file[at + 1] = 0xBF;
        return file;
    }
}
