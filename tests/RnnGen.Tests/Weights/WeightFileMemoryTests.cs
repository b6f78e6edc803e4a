using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>
/// Files made of as many tiny fields as their size allows, the worst case for a parser's bookkeeping:
/// each is refused, and what loading it allocates in total stays within a small multiple of its size.
/// </summary>
public sealed class WeightFileMemoryTests
{
    private const int Size = 1 << 20;
    private const long BytesPerFileByte = 16;
    private const long Allowance = 1 << 20;

    public static TheoryData<string> OnnxCases => new(OnnxFiles.Keys);

    public static TheoryData<string> SafeTensorsCases => new(SafeTensorsFiles.Keys);

    private static Dictionary<string, Func<byte[]>> OnnxFiles => new()
    {
        ["empty nodes"] = () => Message(0x3A, Repeat([0x0A, 0x00], Size / 2)),
        ["empty input names"] = () => Message(0x3A, Message(0x0A, Repeat([0x0A, 0x00], Size / 2))),
        ["one-letter input names"] = () => Message(0x3A, Message(0x0A, Repeat([0x0A, 0x01, (byte)'a'], Size / 3))),
        ["distinct output names"] = () => Message(0x3A, Message(0x0A, [.. Enumerable.Range(0, Size / 7).SelectMany(i => (byte[])[0x12, 5, .. Encoding.ASCII.GetBytes(i.ToString("x5", CultureInfo.InvariantCulture))])])),
        ["dims"] = () => Message(0x3A, Message(0x2A, Repeat([0x08, 0x00], Size / 2))),
        ["attributes"] = () => Message(0x3A, Message(0x0A, Repeat([0x2A, 0x00], Size / 2))),
        ["graph inputs"] = () => Message(0x3A, Repeat([0x5A, 0x02, 0x0A, 0x00], Size / 4)),
    };

    private static Dictionary<string, Func<byte[]>> SafeTensorsFiles => new()
    {
        ["duplicate names"] = () => Header("{" + string.Concat(Enumerable.Repeat("\"a\":1,", Size / 6)) + "\"b\":1}"),
        ["zero-size tensors"] = () => Header("{" + string.Join(",", Enumerable.Range(0, Size / 60).Select(i => $"\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}")) + "}"),
        ["a long shape"] = () => Header("{\"t\":{\"dtype\":\"F32\",\"shape\":[" + string.Concat(Enumerable.Repeat("1,", Size / 2)) + "1],\"data_offsets\":[0,0]}}"),
    };

    [Theory]
    [MemberData(nameof(OnnxCases))]
    public void OnnxFileOfTinyFieldsIsRefusedWithinAMultipleOfItsSize(string pathologicalCase)
    {
        byte[] file = OnnxFiles[pathologicalCase]();
        AssertRefusedWithinBound(file, () => OnnxImport.Load(new TinyTagger(), file, "tiny-fields.onnx"));
    }

    [Theory]
    [MemberData(nameof(SafeTensorsCases))]
    public void SafeTensorsHeaderOfTinyFieldsIsRefusedWithinAMultipleOfItsSize(string pathologicalCase)
    {
        byte[] file = SafeTensorsFiles[pathologicalCase]();
        var options = new SafeTensorsLoadOptions { IgnoreExtraTensors = true };
        AssertRefusedWithinBound(file, () => SafeTensors.Load(new TinyTagger(), file, "tiny-fields.safetensors", options));
    }

    [Fact]
    public void ProblemsStopBeingListedAtOneHundred()
    {
        byte[] file = SafeTensorsFiles["duplicate names"]();

        var exception = Assert.Throws<WeightFileException>(() => SafeTensors.Load(new TinyTagger(), file, "many.safetensors"));

        Assert.Equal(101, exception.Problems.Count);
        Assert.Equal("(stopped after 100 problems)", exception.Problems[^1]);
    }

    private static void AssertRefusedWithinBound(byte[] file, Action load)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<WeightFileException>(load);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= Allowance + (BytesPerFileByte * file.Length), $"Loading a {file.Length}-byte file allocated {allocated} bytes.");
    }

    private static byte[] Repeat(byte[] unit, int count) => [.. Enumerable.Repeat(unit, count).SelectMany(b => b)];

    /// <summary>A length-delimited field with the one-byte tag <paramref name="tag"/>.</summary>
    private static byte[] Message(byte tag, byte[] payload)
    {
        var field = new List<byte> { tag };
        ulong length = (ulong)payload.Length;
        do
        {
            byte next = (byte)(length & 0x7F);
            length >>= 7;
            field.Add(length == 0 ? next : (byte)(next | 0x80));
        }
        while (length != 0);
        field.AddRange(payload);
        return [.. field];
    }

    private static byte[] Header(string json) => SafeTensorsTestFiles.Build(json, []);
}
