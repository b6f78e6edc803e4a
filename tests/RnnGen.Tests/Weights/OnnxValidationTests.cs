using System.Collections.Generic;
using RnnGen.Tests.Api;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.OnnxModels;
using RnnGen.Tests.Reference;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>Well-formed ONNX models that are not the network: each refused with what differs, all differences at once, nothing loaded.</summary>
public sealed class OnnxValidationTests
{
    [Theory]
    [InlineData(1L, null)]
    [InlineData(null, "linear_before_reset = 0 (the ONNX default)")]
    [InlineData(0L, "linear_before_reset = 0 (the ONNX default)")]
    public void GruNeedsLinearBeforeReset(long? linearBeforeReset, string? problem)
    {
        byte[] model = Model<SensorGru>(new() { LinearBeforeReset = linearBeforeReset });
        var network = new SensorGru();

        if (problem is null)
        {
            OnnxImport.Load(network, model, "gru.onnx");
        }
        else
        {
            var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(network, model, "gru.onnx"));
            Assert.Contains("GRU node '/lstm/GRU_0' (layer 0) has " + problem, exception.Message);
            Assert.Contains("as linear_before_reset = 1 (which torch.onnx.export writes)", exception.Message);
        }
    }

    [Fact]
    public void ReversedOnlyLayersDoNotLoad()
    {
        var exception = Refused<TinyTagger>(new() { Direction = "reverse" });

        Assert.Contains("LSTM node '/lstm/LSTM_0' (layer 0) runs in direction 'reverse'; RnnGen runs layers forward (or, Bidirectional = true, both ways)", exception.Message);
        Assert.Contains("LSTM node '/lstm/LSTM_1' (layer 1) runs in direction 'reverse'", exception.Message);
    }

    [Fact]
    public void BidirectionalLayersNeedABidirectionalNetwork()
    {
        var exception = Refused<TinyTagger>(new() { Direction = "bidirectional" });

        Assert.Contains("LSTM node '/lstm/LSTM_0' (layer 0) runs in direction 'bidirectional'; declare the network with Bidirectional = true to load it.", exception.Message);
    }

    [Fact]
    public void HiddenSizeAttributeMustMatch()
    {
        var exception = Refused<TinyTagger>(new() { HiddenSizeAttribute = 5 });

        Assert.Contains("LSTM node '/lstm/LSTM_0' (layer 0) has hidden_size 5, but the network's HiddenSize is 4.", exception.Problems);
    }

    [Fact]
    public void HeadlessModelDoesNotLoadIntoANetworkWithAHead()
    {
        byte[] model = Model<OnnxLstmStacked>(new());

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new Detector(), model, "lstm.onnx"));

        Assert.Contains("the model has no Gemm or MatMul head after LSTM node '/lstm/LSTM_1', but the network has a head of 4 outputs.", exception.Problems);
    }

    [Fact]
    public void ModelWithAHeadDoesNotLoadIntoAHeadlessNetwork()
    {
        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new OnnxLstmStacked(), Model<Detector>(new()), "detector.onnx"));

        Assert.Contains("the model has a dense head (Gemm node '/fc/Gemm'), but the network declares none (OutputSize = 0).", exception.Problems);
    }

    [Fact]
    public void InputSizeMismatchNamesTheWeightAndBothShapes()
    {
        // Detector is LSTM 8 -> 32; OnnxLstmStacked's model has the same sizes, so use a 3-input model instead.
        NetworkShape shape = WeightTestSupport.ShapeOf<Detector>() with { InputSize = 3 };
        byte[] model = OnnxTestModels.Write(shape, ModelCatalog.RandomParameters(shape, seed: 50)).Model;

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new Detector(), model, "small.onnx"));

        Assert.Equal(["W of LSTM node '/lstm/LSTM_0' (layer 0) has shape [1, 128, 3], expected [1, 128, 8]."], exception.Problems);
    }

    [Fact]
    public void CellTypeAndLayerCountMustMatch()
    {
        var wrongCell = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new TinyTagger(), Model<SensorGru>(new()), "gru.onnx"));
        Assert.Contains("GRU node '/lstm/GRU_0' is a GRU, but the network's cell is LSTM.", wrongCell.Problems);

        var wrongDepth = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new OnnxLstmWide(), Model<OnnxLstmStacked>(new()), "deep.onnx"));
        Assert.Contains("the model has 2 recurrent nodes (one per layer), but the network has 1 layer.", wrongDepth.Problems);
    }

    [Fact]
    public void RnnNonlinearityMustMatchTheDeclaration()
    {
        var exception = Refused<ReflexRnn>(new() { RnnActivation = "Tanh" });

        Assert.Contains("RNN node '/lstm/RNN_0' (layer 0) uses the activations [Tanh], but the network computes [Relu].", exception.Problems);
    }

    [Theory]
    [InlineData("", "the model applies Identity after its head, but the network declares OutputActivation = Softmax.")]
    [InlineData("Sigmoid", "the model applies Sigmoid after its head, but the network declares OutputActivation = Softmax.")]
    [InlineData("LogSoftmax", "LogSoftmax node '/LogSoftmax' after the head is an activation RnnGen does not have")]
    public void HeadActivationMustMatchTheDeclaration(string activation, string problem)
    {
        var exception = Refused<TinyTagger>(new() { HeadActivation = activation });

        Assert.Contains(problem, exception.Message);
    }

    [Fact]
    public void EveryProblemIsListedAtOnceAndNothingIsLoaded()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 51);

        var exception = Assert.Throws<WeightFileException>(() =>
            OnnxImport.Load(network, Model<TinyTagger>(new() { Direction = "bidirectional", HiddenSizeAttribute = 9, HeadActivation = "Tanh" }), "many.onnx"));

        Assert.Equal("many.onnx", exception.FileName);
        Assert.Equal(5, exception.Problems.Count);
        Assert.StartsWith("many.onnx: 5 problems:", exception.Message);
        WeightTestSupport.AssertParameters(network, parameters);
    }

    private static byte[] Model<TNetwork>(OnnxTestModelOptions options)
    {
        NetworkShape shape = WeightTestSupport.ShapeOf<TNetwork>();
        return OnnxTestModels.Write(shape, ModelCatalog.RandomParameters(shape, seed: 52), options).Model;
    }

    private static WeightFileException Refused<TNetwork>(OnnxTestModelOptions options)
        where TNetwork : IRecurrentNetwork, new() =>
        Assert.Throws<WeightFileException>(() => OnnxImport.Load(new TNetwork(), Model<TNetwork>(options), "model.onnx"));
}
