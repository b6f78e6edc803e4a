using System;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.BidirectionalModels;
using RnnGen.Tests.Conformance.Models;
using RnnGen.Tests.Keras.Models;
using RnnGen.Weights;
using Xunit.Abstractions;
using static RnnGen.Tests.Keras.KerasArrays;

namespace RnnGen.Tests.Keras;

/// <summary>
/// Keras <c>Bidirectional(merge_mode="concat")</c> wrappers loaded half by half through <see cref="KerasWeights"/>
/// make a generated bidirectional network compute what Keras' wrapper computes (<see cref="KerasFormulas.RunBidirectional"/>),
/// and a backward layer with nowhere to go, or arrays of a bidirectional layer's wrong shape, are refused without
/// touching the network.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class KerasBidirectionalTests(ITestOutputHelper output)
{
    private const int Steps = 30;

    [Fact]
    public void StackedBidirectionalLstmWithSoftmaxDenseFromKerasComputesWhatKerasComputes()
    {
        var network = new BiLstmHidden7();
        (KerasFormulas.Layer Forward, KerasFormulas.Layer Backward)[] wrappers = LoadRandomWrappers(CellType.Lstm, network, seed: 1);
        float[,] denseKernel = RandomMatrix(2 * BiLstmHidden7.HiddenSize, BiLstmHidden7.OutputSize, seed: 2);
        float[] denseBias = Row(RandomMatrix(1, BiLstmHidden7.OutputSize, seed: 3), 0);
        KerasWeights.LoadDense(network, denseKernel, denseBias);

        AssertComputesWhatKerasComputes(network, CellType.Lstm, wrappers, (denseKernel, denseBias, KerasFormulas.Softmax), inputSeed: 4, "Keras Bidirectional(LSTM) ×2 + Dense(softmax)");
    }

    [Fact]
    public void BidirectionalGruFromKerasComputesWhatKerasComputes()
    {
        var network = new BiGruHidden33();
        (KerasFormulas.Layer Forward, KerasFormulas.Layer Backward)[] wrappers = LoadRandomWrappers(CellType.Gru, network, seed: 5);

        AssertComputesWhatKerasComputes(network, CellType.Gru, wrappers, dense: null, inputSeed: 6, "Keras Bidirectional(GRU)");
    }

    [Fact]
    public void StackedBidirectionalSimpleRnnFromKerasComputesWhatKerasComputes()
    {
        var network = new BiSimpleRnnHidden16();
        (KerasFormulas.Layer Forward, KerasFormulas.Layer Backward)[] wrappers = LoadRandomWrappers(CellType.Rnn, network, seed: 7);

        AssertComputesWhatKerasComputes(network, CellType.Rnn, wrappers, dense: null, inputSeed: 8, "Keras Bidirectional(SimpleRNN) ×2");
    }

    [Fact]
    public void ALastWrapperWithoutReturnSequencesIsTheLastStepForward()
    {
        var network = new BiLstmHidden7();
        (KerasFormulas.Layer Forward, KerasFormulas.Layer Backward)[] wrappers = LoadRandomWrappers(CellType.Lstm, network, seed: 11);
        float[,] denseKernel = RandomMatrix(2 * BiLstmHidden7.HiddenSize, BiLstmHidden7.OutputSize, seed: 12);
        float[] denseBias = Row(RandomMatrix(1, BiLstmHidden7.OutputSize, seed: 13), 0);
        KerasWeights.LoadDense(network, denseKernel, denseBias);
        float[] inputs = ModelCatalog.RandomInputs(Steps * BiLstmHidden7.InputSize, seed: 14);
        var outputs = new float[BiLstmHidden7.OutputSize];

        network.Forward(inputs, outputs, SequenceOutputs.LastStep);

        double[] expected = KerasFormulas.RunBidirectionalLastStep(CellType.Lstm, wrappers, (denseKernel, denseBias, KerasFormulas.Softmax), inputs, Steps);
        double worst = Tolerance.AssertClose(outputs, expected, BiLstmHidden7.OutputSize, "Keras Bidirectional(LSTM, return_sequences=True), Bidirectional(LSTM) + Dense(softmax)");
        output.WriteLine($"last step on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3} (bound {Tolerance.Bound:E0})");
    }

    [Fact]
    public void ABackwardLayerIsRefusedByAUnidirectionalNetwork()
    {
        var lstm = new LstmHidden7();
        var gru = new GruHidden7();
        var rnn = new RnnHidden128();
        lstm.InitializeParameters(seed: 9);
        gru.InitializeParameters(seed: 9);
        rnn.InitializeParameters(seed: 9);
        float[][] before = [lstm.ParameterValues.ToArray(), gru.ParameterValues.ToArray(), rnn.ParameterValues.ToArray()];

        // The arrays fit the layers: the only thing wrong is the direction.
        ArgumentException[] refusals =
        [
            Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(lstm, 0, new float[8, 28], new float[7, 28], new float[28], backwardLayer: true)),
            Assert.Throws<ArgumentException>(() => KerasWeights.LoadGru(gru, 0, new float[17, 21], new float[7, 21], new float[2, 21], backwardLayer: true)),
            Assert.Throws<ArgumentException>(() => KerasWeights.LoadSimpleRnn(rnn, 0, new float[8, 128], new float[128, 128], new float[128], backwardLayer: true)),
        ];

        foreach (ArgumentException refusal in refusals)
        {
            Assert.Equal("backwardLayer", refusal.ParamName);
            Assert.StartsWith("backwardLayer is true, but the network is not bidirectional: a Keras Bidirectional wrapper's backward_layer loads into the _reverse parameters", refusal.Message);
        }

        Assert.Equal(before, [lstm.ParameterValues.ToArray(), gru.ParameterValues.ToArray(), rnn.ParameterValues.ToArray()]);
    }

    [Fact]
    public void ArraysOfTheWrongShapeForABidirectionalLayerAreNamedAndLeaveTheNetworkUnchanged()
    {
        var lstm = new BiLstmHidden7();
        var gru = new BiGruHidden33();
        lstm.InitializeParameters(seed: 10);
        gru.InitializeParameters(seed: 10);
        float[][] before = [lstm.ParameterValues.ToArray(), gru.ParameterValues.ToArray()];

        // Layer 1 reads both directions of layer 0: a unidirectional stack's [H, 4H] kernel does not fit.
        var kernel = Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(lstm, 1, new float[7, 28], new float[7, 28], new float[28], backwardLayer: true));
        Assert.Equal("kernel", kernel.ParamName);
        Assert.StartsWith("kernel has shape [7, 28]; a Keras LSTM of 7 units on 14 inputs (layer 1, backward_layer) has [14, 28].", kernel.Message);
        var recurrent = Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(lstm, 0, new float[3, 28], new float[14, 28], new float[28]));
        Assert.Equal("recurrentKernel", recurrent.ParamName);
        Assert.StartsWith("recurrentKernel has shape [14, 28]; a Keras LSTM of 7 units on 3 inputs (layer 0, forward_layer) has [7, 28].", recurrent.Message);
        var dense = Assert.Throws<ArgumentException>(() => KerasWeights.LoadDense(lstm, new float[7, 5], new float[5]));
        Assert.Equal("kernel", dense.ParamName);
        Assert.StartsWith("kernel has shape [7, 5]; a Dense layer from 14 units to 5 has [14, 5].", dense.Message);
        var bias = Assert.Throws<ArgumentException>(() => KerasWeights.LoadGru(gru, 0, new float[8, 99], new float[33, 99], new float[2, 66], backwardLayer: true));
        Assert.Equal("bias", bias.ParamName);
        Assert.StartsWith("bias has shape [2, 66]; a Keras GRU of 33 units with reset_after=True has [2, 99]", bias.Message);
        var cell = Assert.Throws<ArgumentException>(() => KerasWeights.LoadSimpleRnn(gru, 0, new float[8, 33], new float[33, 33], new float[33], backwardLayer: true));
        Assert.StartsWith("A Keras SimpleRNN layer loads into a Rnn layer; this network's layer 0 is Gru.", cell.Message);

        Assert.Equal(before, [lstm.ParameterValues.ToArray(), gru.ParameterValues.ToArray()]);
    }

    /// <summary>Loads random Keras wrappers into every layer of <paramref name="network"/>, forward layer then backward layer, and returns them.</summary>
    private static (KerasFormulas.Layer Forward, KerasFormulas.Layer Backward)[] LoadRandomWrappers(CellType cell, IRecurrentNetwork network, int seed)
    {
        KerasFormulas.Layer[] forward = RandomLayers(cell, network, seed);
        KerasFormulas.Layer[] backward = RandomLayers(cell, network, seed + 1000);
        for (int layer = 0; layer < network.Layers; layer++)
        {
            Load(cell, network, layer, forward[layer], backwardLayer: false);
            Load(cell, network, layer, backward[layer], backwardLayer: true);
        }

        return forward.Zip(backward).ToArray();
    }

    private static void Load(CellType cell, IRecurrentNetwork network, int layer, KerasFormulas.Layer keras, bool backwardLayer)
    {
        switch (cell)
        {
            case CellType.Lstm:
                KerasWeights.LoadLstm(network, layer, keras.Kernel, keras.RecurrentKernel, Row(keras.Bias, 0), backwardLayer);
                break;
            case CellType.Gru:
                KerasWeights.LoadGru(network, layer, keras.Kernel, keras.RecurrentKernel, keras.Bias, backwardLayer: backwardLayer);
                break;
            default:
                KerasWeights.LoadSimpleRnn(network, layer, keras.Kernel, keras.RecurrentKernel, Row(keras.Bias, 0), backwardLayer);
                break;
        }
    }

    private void AssertComputesWhatKerasComputes(
        IBidirectionalNetwork network,
        CellType cell,
        (KerasFormulas.Layer Forward, KerasFormulas.Layer Backward)[] wrappers,
        (float[,] Kernel, float[] Bias, Func<double[], double[]> Activation)? dense,
        int inputSeed,
        string what)
    {
        float[] inputs = ModelCatalog.RandomInputs(Steps * network.InputSize, inputSeed);
        var outputs = new float[Steps * network.OutputSize];
        network.Forward(inputs, outputs);

        double[] expected = KerasFormulas.RunBidirectional(cell, wrappers, dense, inputs, Steps);
        double worst = Tolerance.AssertClose(outputs, expected, network.OutputSize, what);
        output.WriteLine($"{what} on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3} (bound {Tolerance.Bound:E0})");
    }
}
