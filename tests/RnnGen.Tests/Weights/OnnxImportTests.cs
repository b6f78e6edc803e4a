using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RnnGen.Tests.Api;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.Models;
using RnnGen.Tests.Conformance.OnnxModels;
using RnnGen.Tests.Onnx;
using RnnGen.Tests.Reference;
using RnnGen.Weights;
using Xunit.Abstractions;

namespace RnnGen.Tests.Weights;

/// <summary>
/// ONNX models shaped as <c>torch.onnx.export</c> writes them, imported into RnnGen: the parameters come
/// back exactly, and the network's outputs match ONNX Runtime running that very model file.
/// </summary>
public sealed class OnnxImportTests(ITestOutputHelper output)
{
    private const int Steps = 40;

    private static readonly Dictionary<string, Func<double>> Conformance = new()
    {
        ["LSTM 8-32x2, Gemm head + Softmax, raw_data"] = () => AgainstOnnxRuntime<Detector, Detector.State>(new()),
        ["LSTM 8-32x2, MatMul + Add head, float_data, batch first"] = () =>
            AgainstOnnxRuntime<Detector, Detector.State>(new() { Head = OnnxHeadForm.MatMulAdd, Storage = OnnxStorage.TypedData, BatchFirst = true }),
        ["LSTM 8-32x2, Gemm head, external data"] = () => AgainstOnnxRuntime<Detector, Detector.State>(new() { Storage = OnnxStorage.External }),
        ["LSTM 3-4x2, zero initial state initializers"] = () => AgainstOnnxRuntime<TinyTagger, TinyTagger.State>(new() { ZeroInitialState = true }),
        ["LSTM 8-32x2 headless"] = () => AgainstOnnxRuntime<OnnxLstmStacked, OnnxLstmStacked.State>(new() { Storage = OnnxStorage.TypedData }),
        ["GRU 3-16x3 headless"] = () => AgainstOnnxRuntime<OnnxGruStacked, OnnxGruStacked.State>(new()),
        ["GRU 5-12x2, MatMul + Add head + Sigmoid, zero initial state"] = () =>
            AgainstOnnxRuntime<SensorGru, SensorGru.State>(new() { Head = OnnxHeadForm.MatMulAdd, ZeroInitialState = true }),
        ["RNN relu 17-33x2 headless"] = () => AgainstOnnxRuntime<OnnxRnnRelu, OnnxRnnRelu.State>(new() { Storage = OnnxStorage.External }),
        ["RNN relu 6-10, Gemm head + Tanh, batch first"] = () => AgainstOnnxRuntime<ReflexRnn, ReflexRnn.State>(new() { BatchFirst = true }),
        ["LSTM 8-64 then GRU 64-32, Gemm head + Tanh"] = () => AgainstOnnxRuntime<StackLstm64Gru32, StackLstm64Gru32.State>(new()),
        ["GRU 3-7, RNN relu 7-33, LSTM 33-16 headless, batch first"] = () =>
            AgainstOnnxRuntime<StackGru7RnnLstm16, StackGru7RnnLstm16.State>(new() { BatchFirst = true, Storage = OnnxStorage.TypedData }),
    };

    public static TheoryData<string> ConformanceCases => new(Conformance.Keys);

    [Theory]
    [Trait("Category", "Numeric")]
    [MemberData(nameof(ConformanceCases))]
    public void ImportedModelMatchesOnnxRuntimeRunningTheSameFile(string model)
    {
        double worst = Conformance[model]();
        output.WriteLine($"{model} on {Kernels.InstructionSets.Active}: largest scaled difference from ONNX Runtime {worst:E3}");
    }

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    [InlineData(CellType.Rnn)]
    public void OneNodeModelsOfTheConformanceWriterImportWithTheirParameters(CellType cell)
    {
        switch (cell)
        {
            case CellType.Lstm:
                OneNodeModel<OnnxLstmWide>();
                break;
            case CellType.Gru:
                OneNodeModel<OnnxGruWide>();
                break;
            default:
                OneNodeModel<OnnxRnnTanh>();
                break;
        }
    }

    [Fact]
    public void ModelWhoseLayersAreNotTheNetworksLayersNamesTheLayerThatDiffers()
    {
        // A uniform stack of two LSTMs of 64, offered to an LSTM 64 feeding a GRU 32.
        var uniform = new NetworkShape(CellType.Lstm, 8, 64, 2, 5, Activation.Tanh, Activation.Tanh);
        byte[] model = OnnxTestModels.Write(uniform, ModelCatalog.RandomParameters(uniform, seed: 46)).Model;

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new StackLstm64Gru32(), model, "uniform.onnx"));
        Assert.Contains("is a LSTM, but the network's layer 1 is GRU.", exception.Message);
    }

    [Theory]
    [InlineData(OnnxGraphBuilder.Float16Type, OnnxStorage.RawData)]
    [InlineData(OnnxGraphBuilder.Float16Type, OnnxStorage.TypedData)]
    [InlineData(OnnxGraphBuilder.BFloat16Type, OnnxStorage.RawData)]
    [InlineData(OnnxGraphBuilder.BFloat16Type, OnnxStorage.TypedData)]
    public void HalfPrecisionInitializersWidenExactly(int dataType, OnnxStorage storage)
    {
        (_, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 40);
        OnnxTestModel model = OnnxTestModels.Write(WeightTestSupport.ShapeOf<TinyTagger>(), parameters, new() { DataType = dataType, Storage = storage });

        var network = new TinyTagger();
        OnnxImport.Load(network, model.Model, "half.onnx");

        Func<float, float> round = dataType == OnnxGraphBuilder.Float16Type
            ? value => (float)(Half)value
            : value => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) & 0xFFFF0000u);
        WeightTestSupport.AssertParameters(network, parameters.ToDictionary(p => p.Key, p => p.Value.Select(round).ToArray()));
    }

    [Fact]
    public void StreamAndBytesAndPathImportAlike()
    {
        (_, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 41);
        OnnxTestModel model = OnnxTestModels.Write(WeightTestSupport.ShapeOf<TinyTagger>(), parameters, new() { Storage = OnnxStorage.External });
        using var scratch = new ScratchDirectory("weights");
        string path = model.WriteTo(scratch.Path);

        var fromPath = new TinyTagger();
        OnnxImport.Load(fromPath, path);
        var fromStream = new TinyTagger();
        using (FileStream stream = File.OpenRead(path))
        {
            OnnxImport.Load(fromStream, stream, path, scratch.Path);
        }

        var fromBytes = new TinyTagger();
        OnnxImport.Load(fromBytes, model.Model, "model.onnx", scratch.Path);

        WeightTestSupport.AssertParameters(fromPath, parameters);
        WeightTestSupport.AssertParameters(fromStream, parameters);
        WeightTestSupport.AssertParameters(fromBytes, parameters);
    }

    [Fact]
    public void ExternalDataLoadedFromMemoryNeedsADirectory()
    {
        (_, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 42);
        OnnxTestModel model = OnnxTestModels.Write(WeightTestSupport.ShapeOf<TinyTagger>(), parameters, new() { Storage = OnnxStorage.External });

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new TinyTagger(), model.Model, "model.onnx"));

        Assert.Contains("is stored in the external file 'weights.bin', but the model was loaded from memory without an external data directory.", exception.Message);
    }

    private static void OneNodeModel<TNetwork>()
        where TNetwork : IRecurrentNetwork, new()
    {
        NetworkShape shape = WeightTestSupport.ShapeOf<TNetwork>();
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed: 43);
        byte[] model = OnnxModelWriter.WriteLayer(
            shape.Cell, shape.Nonlinearity, shape.InputSize, shape.HiddenSize,
            parameters["weight_ih_l0"], parameters["weight_hh_l0"], parameters["bias_ih_l0"], parameters["bias_hh_l0"]);

        var network = new TNetwork();
        OnnxImport.Load(network, model, "layer.onnx");

        WeightTestSupport.AssertParameters(network, parameters);
    }

    private static double AgainstOnnxRuntime<TNetwork, TState>(OnnxTestModelOptions options)
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
    {
        NetworkShape shape = WeightTestSupport.ShapeOf<TNetwork>();
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed: 44);
        using var scratch = new ScratchDirectory("weights");
        string path = OnnxTestModels.Write(shape, parameters, options).WriteTo(scratch.Path);

        var network = new TNetwork();
        OnnxImport.Load(network, path);
        WeightTestSupport.AssertParameters(network, parameters);

        float[] inputs = ModelCatalog.RandomInputs(Steps * shape.InputSize, seed: 45);
        var outputs = new float[Steps * shape.ResultSize];
        TState state = default;
        network.Forward(inputs, ref state, outputs);

        double[] expected = OnnxTestModels.Run(path, inputs, Steps, shape.InputSize, options.BatchFirst).Select(v => (double)v).ToArray();
        return Tolerance.AssertClose(outputs, expected, shape.ResultSize, typeof(TNetwork).Name + " imported vs ONNX Runtime");
    }
}
