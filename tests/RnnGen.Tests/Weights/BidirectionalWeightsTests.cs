using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.BidirectionalModels;
using RnnGen.Tests.Onnx;
using RnnGen.Tests.Reference;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>
/// A bidirectional network's parameters: PyTorch's <c>state_dict</c> names and order (each layer's <c>_reverse</c>
/// tensors after its forward ones), initialization as <c>nn.LSTM(bidirectional=True)</c> and an <c>nn.Linear(2H, O)</c>
/// head, and both directions through safetensors and ONNX's <c>direction="bidirectional"</c> nodes.
/// </summary>
public sealed class BidirectionalWeightsTests
{
    [Fact]
    public void ParametersAreNamedAndShapedAsPyTorchsBidirectionalStateDict()
    {
        // nn.LSTM(3, 7, num_layers=2, bidirectional=True) then nn.Linear(14, 5).
        string[] expected =
        [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
            "head.weight", "head.bias",
        ];
        Assert.Equal(expected, BiLstmHidden7.ParameterNames);
        Assert.Equal(new[] { 28, 3 }, BiLstmHidden7.ParameterShape("weight_ih_l0_reverse"));
        Assert.Equal(new[] { 28, 14 }, BiLstmHidden7.ParameterShape("weight_ih_l1"));
        Assert.Equal(new[] { 28, 7 }, BiLstmHidden7.ParameterShape("weight_hh_l1_reverse"));
        Assert.Equal(new[] { 5, 14 }, BiLstmHidden7.ParameterShape("head.weight"));
        Assert.Equal(66, BiGruHidden33.OutputSize);
        Assert.Equal(
            new[] { new LayerShape(CellType.Lstm, 3, 7, Activation.Tanh), new LayerShape(CellType.Lstm, 14, 7, Activation.Tanh) },
            BiLstmHidden7.LayerShapes);

        NetworkShape shape = ModelCatalog.ShapeOf(typeof(BiLstmHidden7));
        Assert.Equal(shape.Parameters.Select(parameter => parameter.Name), BiLstmHidden7.ParameterNames);
        Assert.Equal(BiLstmHidden7.ParameterCount, shape.Parameters.Sum(parameter => parameter.Shape.Aggregate(1, (a, b) => a * b)));
    }

    [Fact]
    public void InitializeParametersBoundsTheHeadByBothDirectionsWidth()
    {
        var network = new BiLstmHidden7();
        network.InitializeParameters(seed: 5);
        Dictionary<string, float[]> values = WeightTestSupport.Snapshot(network);

        // nn.LSTM(hidden 7) draws every tensor of both directions from ±1/√7; nn.Linear(14, 5) from ±1/√14.
        float LargestMagnitude(Func<string, bool> select) => values.Where(pair => select(pair.Key)).SelectMany(pair => pair.Value).Max(MathF.Abs);
        float layerBound = 1f / MathF.Sqrt(7);
        float headBound = 1f / MathF.Sqrt(14);
        Assert.InRange(LargestMagnitude(name => name.EndsWith("_reverse", StringComparison.Ordinal)), layerBound * 0.95f, layerBound);
        Assert.InRange(LargestMagnitude(name => name.StartsWith("weight_", StringComparison.Ordinal) && !name.EndsWith("_reverse", StringComparison.Ordinal)), layerBound * 0.95f, layerBound);
        Assert.InRange(LargestMagnitude(name => name.StartsWith("head.", StringComparison.Ordinal)), headBound * 0.8f, headBound);
        Assert.NotEqual(values["weight_ih_l0"], values["weight_ih_l0_reverse"]);
    }

    [Fact]
    public void SafeTensorsRoundTripCarriesBothDirections()
    {
        (BiLstmHidden7 source, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<BiLstmHidden7>(seed: 61);
        using var stream = new MemoryStream();
        SafeTensors.Save(source, stream);

        var loaded = new BiLstmHidden7();
        SafeTensors.Load(loaded, stream.ToArray(), "bidirectional.safetensors");

        WeightTestSupport.AssertParameters(loaded, parameters);
    }

    [Fact]
    public void BidirectionalOnnxNodesImportBothDirections()
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(BiGruHidden33));
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed: 43);
        byte[] model = OnnxModelWriter.WriteBidirectionalLayer(
            shape.Cell, shape.Nonlinearity, shape.InputSize, shape.HiddenSize, Direction(parameters, "l0"), Direction(parameters, "l0_reverse"));

        var network = new BiGruHidden33();
        OnnxImport.Load(network, model, "bidirectional.onnx");

        WeightTestSupport.AssertParameters(network, parameters);
    }

    [Fact]
    public void ForwardOnlyOnnxNodesDoNotLoadIntoABidirectionalNetwork()
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(BiGruHidden33));
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed: 44);
        byte[] model = OnnxModelWriter.WriteLayer(
            shape.Cell, shape.Nonlinearity, shape.InputSize, shape.HiddenSize,
            parameters["weight_ih_l0"], parameters["weight_hh_l0"], parameters["bias_ih_l0"], parameters["bias_hh_l0"]);

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new BiGruHidden33(), model, "forward.onnx"));

        Assert.Contains("runs in direction 'forward', but the network is Bidirectional: its layers need direction 'bidirectional'.", exception.Message);
    }

    [Fact]
    [Trait("Category", "Numeric")]
    public void BidirectionalModelWithAHeadOnYImportsAndMatchesOnnxRuntime()
    {
        // Per step the head reads [h_forward(t), h_reverse(t)], which is what the network computes.
        const int steps = 30;
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(BiLstmHidden7));
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed: 45);
        using var scratch = new ScratchDirectory("weights");
        string path = OnnxTestModels.Write(shape, parameters).WriteTo(scratch.Path);

        var network = new BiLstmHidden7();
        OnnxImport.Load(network, path);
        WeightTestSupport.AssertParameters(network, parameters);

        float[] inputs = ModelCatalog.RandomInputs(steps * shape.InputSize, seed: 46);
        var outputs = new float[steps * shape.ResultSize];
        network.Forward(inputs, outputs);
        double[] expected = OnnxTestModels.Run(path, inputs, steps, shape.InputSize, batchFirst: false).Select(value => (double)value).ToArray();
        Tolerance.AssertClose(outputs, expected, shape.ResultSize, "bidirectional LSTM with a head, imported, vs ONNX Runtime");
    }

    [Fact]
    public void HeadOnTheFinalStateOfABidirectionalLayerIsRefused()
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(BiLstmHidden7));
        byte[] model = OnnxTestModels.Write(shape, ModelCatalog.RandomParameters(shape, seed: 47), new() { HeadReadsFinalState = true }).Model;

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new BiLstmHidden7(), model, "final-state.onnx"));

        Assert.Equal("final-state.onnx", exception.FileName);
        Assert.StartsWith("final-state.onnx: ", exception.Message);
        Assert.Equal(
            ["a dense layer reads Y_h of the bidirectional LSTM node '/lstm/LSTM_1' ([h_forward(T−1), h_reverse(0)]). The network computes that as Forward(..., SequenceOutputs.LastStep), but the importer reads a head on Y only: load the model's weights from its state_dict (safetensors) instead."],
            exception.Problems);
    }

    private static LayerDirection Direction(IReadOnlyDictionary<string, float[]> parameters, string suffix) =>
        new(parameters[$"weight_ih_{suffix}"], parameters[$"weight_hh_{suffix}"], parameters[$"bias_ih_{suffix}"], parameters[$"bias_hh_{suffix}"]);
}
