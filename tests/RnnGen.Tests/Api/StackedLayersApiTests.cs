using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.Models;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Api;

/// <summary>
/// The surface of a network whose layers differ ([RecurrentLayer]): each layer's sizes, PyTorch names and
/// shapes through the whole stack, per-layer state of each layer's own size, and initialization per module.
/// </summary>
public sealed class StackedLayersApiTests
{
    [Fact]
    public void ConstantsAndLayerShapesDescribeEachLayer()
    {
        Assert.Equal(64, StackLstm64Gru32.Layer0HiddenSize);
        Assert.Equal(32, StackLstm64Gru32.Layer1HiddenSize);
        Assert.Equal(2, StackLstm64Gru32.Layers);
        Assert.Equal(5, StackLstm64Gru32.OutputSize);
        Assert.Equal(
            new[] { new LayerShape(CellType.Lstm, 8, 64, Activation.Tanh), new LayerShape(CellType.Gru, 64, 32, Activation.Tanh) },
            StackLstm64Gru32.LayerShapes);

        IRecurrentNetwork network = new StackLstm64Gru32();
        Assert.Equal(CellType.Lstm, network.Cell);
        Assert.Equal(64, network.HiddenSize);
        Assert.Equal(StackLstm64Gru32.LayerShapes, network.LayerShapes);
    }

    public static TheoryData<string> Networks => ReferenceConformanceTests.Networks;

    [Theory]
    [MemberData(nameof(Networks))]
    public void LayerShapesAreWhatTheAttributesDeclareInTheirOrder(string network)
    {
        Type type = ModelCatalog.Find(network);
        var instance = (IRecurrentNetwork)Activator.CreateInstance(type)!;
        Assert.Equal(ModelCatalog.ShapeOf(type).LayerShapes, instance.LayerShapes);
    }

    [Fact]
    public void ParametersAreNamedAndShapedAsPyTorchModulesStackedInOrder()
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(StackGru7RnnLstm16));
        Assert.Equal(shape.Parameters.Select(parameter => parameter.Name), StackGru7RnnLstm16.ParameterNames);
        Assert.All(shape.Parameters, parameter => Assert.Equal(parameter.Shape, StackGru7RnnLstm16.ParameterShape(parameter.Name)));

        // nn.GRU(3, 7), then nn.RNN(7, 33, nonlinearity='relu') as layer 1, then nn.LSTM(33, 16) as layer 2.
        Assert.Equal(new[] { 21, 3 }, StackGru7RnnLstm16.ParameterShape("weight_ih_l0"));
        Assert.Equal(new[] { 33, 7 }, StackGru7RnnLstm16.ParameterShape("weight_ih_l1"));
        Assert.Equal(new[] { 33, 33 }, StackGru7RnnLstm16.ParameterShape("weight_hh_l1"));
        Assert.Equal(new[] { 64, 33 }, StackGru7RnnLstm16.ParameterShape("weight_ih_l2"));
        Assert.Equal(new[] { 64 }, StackGru7RnnLstm16.ParameterShape("bias_hh_l2"));
        Assert.Equal(StackGru7RnnLstm16.ParameterCount, shape.Parameters.Sum(parameter => parameter.Shape.Aggregate(1, (a, b) => a * b)));
    }

    [Fact]
    public void StateHoldsEachLayerAtItsOwnSize()
    {
        StackGru7RnnLstm16.State state = default;
        Assert.Equal(7, state.Hidden(0).Length);
        Assert.Equal(33, state.Hidden(1).Length);
        Assert.Equal(16, state.Hidden(2).Length);
        Assert.Equal(16, state.Cell(2).Length);

        var exception = Assert.Throws<ArgumentException>(() => state.SetHidden(1, new float[7]));
        Assert.Contains("layer 1's hidden size", exception.Message);
        Assert.Contains("33", exception.Message);
        var noCell = Assert.Throws<ArgumentException>(() => state.Cell(0));
        Assert.Contains("Layer 0 is a Gru layer, which has no cell state", noCell.Message);
        Assert.Throws<ArgumentException>(() => state.SetCell(1, new float[33]));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Hidden(3));
    }

    [Fact]
    [Trait("Category", "Numeric")]
    public void SetStateOfEveryLayerIsWhereTheSequenceStarts()
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(StackGru7RnnLstm16));
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed: 61);
        var network = ModelCatalog.CreateWith<StackGru7RnnLstm16>(parameters);
        double[][] hidden = shape.LayerShapes.Select((layer, index) => ModelCatalog.RandomInputs(layer.HiddenSize, seed: 62 + index, scale: 0.5f).Select(v => (double)v).ToArray()).ToArray();
        double[][] cell = shape.LayerShapes.Select((layer, index) => layer.Cell == CellType.Lstm
            ? ModelCatalog.RandomInputs(layer.HiddenSize, seed: 72 + index, scale: 0.5f).Select(v => (double)v).ToArray()
            : new double[layer.HiddenSize]).ToArray();

        StackGru7RnnLstm16.State state = default;
        for (int layer = 0; layer < shape.LayerCount; layer++)
        {
            state.SetHidden(layer, hidden[layer].Select(v => (float)v).ToArray());
        }

        state.SetCell(2, cell[2].Select(v => (float)v).ToArray());
        float[] inputs = ModelCatalog.RandomInputs(12 * shape.InputSize, seed: 63);
        var outputs = new float[12 * shape.ResultSize];
        network.Forward(inputs, ref state, outputs);

        var reference = new ReferenceNetwork(shape, parameters);
        double[] expected = reference.Forward(inputs, 12, hidden, cell);
        Tolerance.AssertClose(outputs, expected, shape.ResultSize, "outputs from a set state");
        for (int layer = 0; layer < shape.LayerCount; layer++)
        {
            Tolerance.AssertClose(state.Hidden(layer), reference.FinalHidden[layer], shape.Layer(layer).HiddenSize, $"layer {layer}'s final h");
        }

        Tolerance.AssertClose(state.Cell(2), reference.FinalCell[2], 16, "layer 2's final c");
    }

    [Fact]
    public void InitializeParametersBoundsEachLayerByItsOwnHiddenSize()
    {
        var network = new StackLstm64Gru32();
        network.InitializeParameters(seed: 5);
        Dictionary<string, float[]> values = StackLstm64Gru32.ParameterNames.ToDictionary(name => name, name =>
        {
            var buffer = new float[StackLstm64Gru32.ParameterShape(name).Aggregate(1, (a, b) => a * b)];
            network.GetParameter(name, buffer);
            return buffer;
        });

        // As nn.LSTM(8, 64), nn.GRU(64, 32) and nn.Linear(32, 5) initialize themselves: uniform in ±1/√64, ±1/√32, ±1/√32.
        float LargestMagnitude(string prefix) => values.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(pair => pair.Value).Max(MathF.Abs);
        float lstmBound = 1f / MathF.Sqrt(64);
        float gruBound = 1f / MathF.Sqrt(32);
        Assert.InRange(LargestMagnitude("weight_ih_l0"), lstmBound * 0.99f, lstmBound);
        Assert.InRange(LargestMagnitude("weight_hh_l1"), gruBound * 0.99f, gruBound);
        Assert.InRange(LargestMagnitude("head."), lstmBound, gruBound);
    }
}
