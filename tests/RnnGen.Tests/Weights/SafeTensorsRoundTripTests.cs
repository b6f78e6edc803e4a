using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using RnnGen.Tests.Api;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.Models;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>Saving and loading safetensors: exact round trips, PyTorch's layout and names, F16/BF16, and every entry point.</summary>
public sealed class SafeTensorsRoundTripTests
{
    [Fact]
    public void SaveThenLoadGivesIdenticalParametersAndOutputs() =>
        AssertSaveThenLoadGivesIdenticalParametersAndOutputs<Detector, Detector.State>(seed: 1);

    [Fact]
    public void StackOfDifferingLayersSavesAndLoadsUnderItsPyTorchNames()
    {
        byte[] bytes = AssertSaveThenLoadGivesIdenticalParametersAndOutputs<StackGru7RnnLstm16, StackGru7RnnLstm16.State>(seed: 3);

        // The file holds each layer's tensors at that layer's shape, as the state_dicts of the modules, numbered through the stack.
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)));
        int[] Shape(string name) => header.RootElement.GetProperty(name).GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        Assert.Equal(new[] { 64, 33 }, Shape("weight_ih_l2"));
        Assert.Equal(new[] { 33, 33 }, Shape("weight_hh_l1"));
    }

    [Fact]
    public void LayerModuleMapWritesAndReadsOneModulePerLayer()
    {
        (StackLstm64Gru32 original, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<StackLstm64Gru32>(seed: 5);
        ParameterNameMap names = ParameterNameMap.ForLayerModules(["lstm", "gru"], "fc");
        using var file = new MemoryStream();
        SafeTensors.Save(original, file, new SafeTensorsSaveOptions { Names = names });

        // What nn.LSTM(8, 64) as self.lstm, nn.GRU(64, 32) as self.gru and nn.Linear(32, 5) as self.fc save.
        byte[] bytes = file.ToArray();
        using (JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes))))
        {
            Assert.Equal(
                new[] { "fc.bias", "fc.weight", "gru.bias_hh_l0", "gru.bias_ih_l0", "gru.weight_hh_l0", "gru.weight_ih_l0", "lstm.bias_hh_l0", "lstm.bias_ih_l0", "lstm.weight_hh_l0", "lstm.weight_ih_l0" },
                header.RootElement.EnumerateObject().Select(entry => entry.Name).Where(name => name != "__metadata__").Order(StringComparer.Ordinal));
            Assert.Equal(new[] { 96, 64 }, header.RootElement.GetProperty("gru.weight_ih_l0").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        }

        var loaded = new StackLstm64Gru32();
        SafeTensors.Load(loaded, bytes, "modules.safetensors", new SafeTensorsLoadOptions { Names = names });
        WeightTestSupport.AssertParameters(loaded, parameters);
    }

    [Fact]
    public void SavedFileHasTheLayoutPyTorchReads()
    {
        (Detector network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<Detector>(seed: 3);
        using var stream = new MemoryStream();
        SafeTensors.Save(network, stream);
        byte[] file = stream.ToArray();

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0, (8 + (long)headerLength) % 8);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());

        long offset = 0;
        int dataStart = 8 + (int)headerLength;
        foreach (string name in Detector.ParameterNames)
        {
            JsonElement entry = header.RootElement.GetProperty(name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(Detector.ParameterShape(name), entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            long[] offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal(new[] { offset, offset + (4L * parameters[name].Length) }, offsets);
            float[] stored = Enumerable.Range(0, parameters[name].Length)
                .Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + (int)offset + (4 * i))))
                .ToArray();
            Assert.Equal(parameters[name], stored);
            offset = offsets[1];
        }

        Assert.Equal(Detector.ParameterNames.Count + 1, header.RootElement.EnumerateObject().Count());
        Assert.Equal(dataStart + offset, file.Length);
    }

    [Fact]
    public void ModuleNameMapWritesAndReadsThePyTorchModulesNames()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 4);
        ParameterNameMap names = ParameterNameMap.ForModules("lstm", "fc");
        using var stream = new MemoryStream();
        SafeTensors.Save(network, stream, new SafeTensorsSaveOptions { Names = names, Metadata = new Dictionary<string, string> { ["epoch"] = "12" } });
        byte[] file = stream.ToArray();

        using (JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file))))
        {
            string[] keys = header.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(["__metadata__", .. TinyTagger.ParameterNames.Select(n => n.StartsWith("head.", StringComparison.Ordinal) ? "fc." + n[5..] : "lstm." + n)], keys);
            Assert.Equal("12", header.RootElement.GetProperty("__metadata__").GetProperty("epoch").GetString());
        }

        var loaded = new TinyTagger();
        SafeTensors.Load(loaded, file, "tagger.safetensors", new SafeTensorsLoadOptions { Names = names });
        WeightTestSupport.AssertParameters(loaded, parameters);
    }

    [Fact]
    public void RenamesMapSingleTensors()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 5);
        List<TestTensor> tensors = SafeTensorsTestFiles.Tensors(network, "F32", name => name switch
        {
            "head.weight" => "classifier.kernel",
            "head.bias" => "classifier.offset",
            _ => "encoder.rnn." + name,
        });
        ParameterNameMap names = ParameterNameMap.Identity
            .MapPrefix("encoder.rnn.", string.Empty)
            .Rename("classifier.kernel", "head.weight")
            .Rename("classifier.offset", "head.bias");

        var loaded = new TinyTagger();
        SafeTensors.Load(loaded, SafeTensorsTestFiles.Build(tensors), "renamed.safetensors", new SafeTensorsLoadOptions { Names = names });
        WeightTestSupport.AssertParameters(loaded, parameters);
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void HalfPrecisionTensorsWidenExactlyOnLoad(string dtype)
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 6);
        byte[] file = SafeTensorsTestFiles.Build(SafeTensorsTestFiles.Tensors(network, dtype));

        var loaded = new TinyTagger();
        SafeTensors.Load(loaded, file, "half.safetensors");

        Func<float, float> round = dtype == "F16"
            ? value => (float)(Half)value
            : value => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) & 0xFFFF0000u);
        WeightTestSupport.AssertParameters(loaded, parameters.ToDictionary(p => p.Key, p => p.Value.Select(round).ToArray()));
    }

    [Fact]
    public void PathSeekableStreamAndForwardOnlyStreamLoadTheSameFile()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 7);
        using var scratch = new ScratchDirectory("weights");
        string path = scratch.File("tagger.safetensors");
        SafeTensors.Save(network, path);

        var fromPath = new TinyTagger();
        SafeTensors.Load(fromPath, path);
        WeightTestSupport.AssertParameters(fromPath, parameters);

        var fromStream = new TinyTagger();
        using (FileStream stream = File.OpenRead(path))
        {
            SafeTensors.Load(fromStream, stream, path);
        }

        WeightTestSupport.AssertParameters(fromStream, parameters);

        var fromPipe = new TinyTagger();
        using (var pipe = new ForwardOnlyStream(File.ReadAllBytes(path)))
        {
            SafeTensors.Load(fromPipe, pipe, "pipe");
        }

        WeightTestSupport.AssertParameters(fromPipe, parameters);
    }

    [Fact]
    public void FailedSaveLeavesTheExistingFileAsItWas()
    {
        using var scratch = new ScratchDirectory("weights");
        string path = scratch.File("model.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var clash = new SafeTensorsSaveOptions { Names = ParameterNameMap.Identity.Rename("head.weight", "weight_ih_l0") };

        Assert.Throws<ArgumentException>(() => SafeTensors.Save(new TinyTagger(), path, clash));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(scratch.Path));
    }

    [Fact]
    public void ExtraTensorsAreRefusedUnlessIgnoredOnRequest()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 8);
        List<TestTensor> tensors = SafeTensorsTestFiles.Tensors(network, "F32");
        tensors.Insert(2, new TestTensor("num_batches_tracked", "I64", [], new byte[8]));
        tensors.Add(new TestTensor("embedding.weight", "F64", [2, 3], new byte[48]));
        byte[] file = SafeTensorsTestFiles.Build(tensors);

        var strict = new TinyTagger();
        var exception = Assert.Throws<WeightFileException>(() => SafeTensors.Load(strict, file, "extra.safetensors"));
        Assert.Equal(2, exception.Problems.Count);
        Assert.Contains("'num_batches_tracked' is not a parameter", exception.Message);
        Assert.Contains("'embedding.weight' is not a parameter", exception.Message);
        Assert.Contains("IgnoreExtraTensors", exception.Message);

        var lenient = new TinyTagger();
        SafeTensors.Load(lenient, file, "extra.safetensors", new SafeTensorsLoadOptions { IgnoreExtraTensors = true });
        WeightTestSupport.AssertParameters(lenient, parameters);
    }

    [Fact]
    public void HeaderWithoutMetadataAndWithPaddingLoads()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 9);
        byte[] compact = SafeTensorsTestFiles.Build(SafeTensorsTestFiles.Tensors(network, "F32"));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(compact);
        string header = Encoding.UTF8.GetString(compact, 8, headerLength) + "     ";
        byte[] padded = SafeTensorsTestFiles.Build(header, compact[(8 + headerLength)..]);

        var loaded = new TinyTagger();
        SafeTensors.Load(loaded, padded, "padded.safetensors");
        WeightTestSupport.AssertParameters(loaded, parameters);
    }

    /// <summary>A stream that cannot seek, like a network response or a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>Saves a randomly initialized network, loads the file into a new one, checks both agree exactly, and returns the file.</summary>
    private static byte[] AssertSaveThenLoadGivesIdenticalParametersAndOutputs<TNetwork, TState>(int seed)
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
    {
        (TNetwork original, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TNetwork>(seed);
        using var file = new MemoryStream();
        SafeTensors.Save(original, file);

        var loaded = new TNetwork();
        SafeTensors.Load(loaded, file.ToArray(), "network.safetensors");

        WeightTestSupport.AssertParameters(loaded, parameters);
        float[] inputs = ModelCatalog.RandomInputs(20 * original.InputSize, seed: seed + 1);
        var expected = new float[20 * original.OutputSize];
        var actual = new float[expected.Length];
        TState originalState = default;
        TState loadedState = default;
        original.Forward(inputs, ref originalState, expected);
        loaded.Forward(inputs, ref loadedState, actual);
        Assert.Equal(expected, actual);
        return file.ToArray();
    }
}
