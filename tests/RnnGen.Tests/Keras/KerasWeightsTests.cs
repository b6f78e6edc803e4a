using System;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.Models;
using RnnGen.Weights;
using static RnnGen.Tests.Keras.KerasArrays;

namespace RnnGen.Tests.Keras;

/// <summary>
/// Keras weights loaded through <see cref="KerasWeights"/> make the generated network compute what Keras'
/// own equations compute with them (<see cref="KerasFormulas"/>), and arrays that do not fit are refused by
/// name and shape without touching the network.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class KerasWeightsTests
{
    private const int Steps = 30;

    [Fact]
    public void StackedLstmFromKerasComputesWhatKerasComputes()
    {
        var network = new LstmHidden64();
        KerasFormulas.Layer[] layers = RandomLayers(CellType.Lstm, network, seed: 1);
        for (int layer = 0; layer < layers.Length; layer++)
        {
            KerasWeights.LoadLstm(network, layer, layers[layer].Kernel, layers[layer].RecurrentKernel, Row(layers[layer].Bias, 0));
        }

        float[] inputs = ModelCatalog.RandomInputs(Steps * LstmHidden64.InputSize, seed: 2);
        var outputs = new float[Steps * LstmHidden64.OutputSize];
        LstmHidden64.State state = default;
        network.Forward(inputs, ref state, outputs);

        Tolerance.AssertClose(outputs, KerasFormulas.Run(CellType.Lstm, layers, null, inputs, Steps), LstmHidden64.OutputSize, "Keras LSTM");
    }

    [Fact]
    public void GruWithDenseHeadFromKerasComputesWhatKerasComputes()
    {
        var network = new GruHidden16();
        KerasFormulas.Layer[] layers = RandomLayers(CellType.Gru, network, seed: 3);
        KerasWeights.LoadGru(network, 0, layers[0].Kernel, layers[0].RecurrentKernel, layers[0].Bias);
        float[,] denseKernel = RandomMatrix(GruHidden16.HiddenSize, GruHidden16.OutputSize, seed: 4);
        float[] denseBias = Row(RandomMatrix(1, GruHidden16.OutputSize, seed: 5), 0);
        KerasWeights.LoadDense(network, denseKernel, denseBias);

        float[] inputs = ModelCatalog.RandomInputs(Steps * GruHidden16.InputSize, seed: 6);
        var outputs = new float[Steps * GruHidden16.OutputSize];
        GruHidden16.State state = default;
        network.Forward(inputs, ref state, outputs);

        double[] expected = KerasFormulas.Run(CellType.Gru, layers, (denseKernel, denseBias, values => values.Select(KerasFormulas.Sigmoid).ToArray()), inputs, Steps);
        Tolerance.AssertClose(outputs, expected, GruHidden16.OutputSize, "Keras GRU + Dense(sigmoid)");
    }

    [Fact]
    public void SimpleRnnFromKerasComputesWhatKerasComputes()
    {
        var network = new RnnHidden128();
        KerasFormulas.Layer[] layers = RandomLayers(CellType.Rnn, network, seed: 7);
        KerasWeights.LoadSimpleRnn(network, 0, layers[0].Kernel, layers[0].RecurrentKernel, Row(layers[0].Bias, 0));

        float[] inputs = ModelCatalog.RandomInputs(Steps * RnnHidden128.InputSize, seed: 8);
        var outputs = new float[Steps * RnnHidden128.OutputSize];
        RnnHidden128.State state = default;
        network.Forward(inputs, ref state, outputs);

        Tolerance.AssertClose(outputs, KerasFormulas.Run(CellType.Rnn, layers, null, inputs, Steps), RnnHidden128.OutputSize, "Keras SimpleRNN");
    }

    [Fact]
    public void ArraysOfTheWrongShapeAreNamedAndLeaveTheNetworkUnchanged()
    {
        var network = new LstmHidden7();
        network.InitializeParameters(seed: 9);
        float[] before = network.ParameterValues.ToArray();

        var kernel = Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(network, 0, new float[7, 28], new float[7, 28], new float[28]));
        Assert.Equal("kernel", kernel.ParamName);
        Assert.StartsWith("kernel has shape [7, 28]; a Keras LSTM of 7 units on 8 inputs (layer 0) has [8, 28].", kernel.Message);
        var recurrent = Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(network, 0, new float[8, 28], new float[28, 7], new float[28]));
        Assert.StartsWith("recurrentKernel has shape [28, 7]; a Keras LSTM of 7 units on 8 inputs (layer 0) has [7, 28].", recurrent.Message);
        var bias = Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(network, 0, new float[8, 28], new float[7, 28], new float[21]));
        Assert.StartsWith("bias has shape [21]; a Keras LSTM of 7 units on 8 inputs (layer 0) has [28].", bias.Message);
        var dense = Assert.Throws<ArgumentException>(() => KerasWeights.LoadDense(network, new float[5, 7], new float[5]));
        Assert.StartsWith("kernel has shape [5, 7]; a Dense layer from 7 units to 5 has [7, 5].", dense.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => KerasWeights.LoadLstm(network, 1, new float[7, 28], new float[7, 28], new float[28]));
        var cell = Assert.Throws<ArgumentException>(() => KerasWeights.LoadGru(network, 0, new float[8, 21], new float[7, 21], new float[2, 21]));
        Assert.StartsWith("A Keras GRU layer loads into a Gru layer; this network's layer 0 is Lstm.", cell.Message);

        Assert.Equal(before, network.ParameterValues.ToArray());
    }

    [Fact]
    public void EachLayerOfAStackWhoseLayersDifferLoadsWithItsOwnCellAndSizes()
    {
        var network = new StackLstm64Gru32();
        float[,] gruKernel = RandomMatrix(64, 3 * 32, seed: 11);
        float[,] gruBias = RandomMatrix(2, 3 * 32, seed: 12);

        KerasWeights.LoadLstm(network, 0, RandomMatrix(8, 4 * 64, seed: 13), RandomMatrix(64, 4 * 64, seed: 14), new float[4 * 64]);
        KerasWeights.LoadGru(network, 1, gruKernel, RandomMatrix(32, 3 * 32, seed: 15), gruBias);
        KerasWeights.LoadDense(network, RandomMatrix(32, 5, seed: 16), new float[5]);

        // PyTorch's GRU rows are r, z, n; Keras' kernel columns are z, r, h, and transposed.
        var weightIh = new float[3 * 32 * 64];
        network.GetParameter("weight_ih_l1", weightIh);
        int[] kerasGateOf = [1, 0, 2];
        for (int gate = 0; gate < 3; gate++)
        {
            for (int unit = 0; unit < 32; unit++)
            {
                for (int input = 0; input < 64; input++)
                {
                    Assert.Equal(gruKernel[input, (kerasGateOf[gate] * 32) + unit], weightIh[(((gate * 32) + unit) * 64) + input]);
                }
            }
        }

        var biasHh = new float[3 * 32];
        network.GetParameter("bias_hh_l1", biasHh);
        Assert.Equal(gruBias[1, 32 + 5], biasHh[5]); // r's unit 5 is Keras' second gate
        var wrongCell = Assert.Throws<ArgumentException>(() => KerasWeights.LoadLstm(network, 1, new float[64, 128], new float[32, 128], new float[128]));
        Assert.StartsWith("A Keras LSTM layer loads into a Lstm layer; this network's layer 1 is Gru.", wrongCell.Message);
    }

    [Fact]
    public void GruBiasOfResetBeforeIsRefused()
    {
        var network = new GruHidden7();

        var oneRow = Assert.Throws<ArgumentException>(() => KerasWeights.LoadGru(network, 0, new float[17, 21], new float[7, 21], new float[1, 21]));
        Assert.StartsWith("bias has shape [1, 21]; a Keras GRU of 7 units with reset_after=True has [2, 21] (the input bias, then the recurrent bias).", oneRow.Message);
        var resetBefore = Assert.Throws<NotSupportedException>(() => KerasWeights.LoadGru(network, 0, new float[17, 21], new float[7, 21], new float[2, 21], resetAfter: false));
        Assert.Contains("reset_after=False", resetBefore.Message);
        Assert.Contains("retrain the layer with reset_after=True", resetBefore.Message);
    }
}
