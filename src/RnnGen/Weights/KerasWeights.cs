using System;
using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>
/// Loads the weights of Keras' <c>LSTM</c>, <c>GRU</c>, <c>SimpleRNN</c> and <c>Dense</c> layers, as
/// <c>layer.get_weights()</c> returns them, into a generated network, converting them to PyTorch's layout
/// and gate order.
/// </summary>
/// <remarks>
/// <para>
/// Keras stores <c>kernel</c> <c>[input, gates·units]</c> and <c>recurrent_kernel</c>
/// <c>[units, gates·units]</c>, the transposes of PyTorch's <c>weight_ih</c> and <c>weight_hh</c>. Its LSTM
/// gates i, f, c, o are PyTorch's i, f, g, o; its GRU gates z, r, h are reordered to PyTorch's r, z, n. An
/// LSTM's or SimpleRNN's one <c>bias</c> becomes <c>bias_ih</c> with <c>bias_hh</c> zero; a GRU with
/// <c>reset_after=True</c> (Keras' default) has <c>bias</c> <c>[2, 3·units]</c>, whose rows are the input and
/// the recurrent biases. A GRU with <c>reset_after=False</c> is a different cell (the reset gate scales h
/// before the recurrent product) that PyTorch's equations cannot express; it is refused.
/// </para>
/// <para>
/// A bidirectional network loads a Keras <c>Bidirectional(layer, merge_mode="concat")</c> wrapper one half at a
/// time: its <c>forward_layer</c> as usual, its <c>backward_layer</c> with <c>backwardLayer: true</c> into the
/// layer's <c>_reverse</c> parameters. <c>wrapper.get_weights()</c> lists the forward layer's arrays, then the
/// backward layer's. Keras runs the backward layer over the reversed sequence and, with
/// <c>return_sequences=True</c>, flips its outputs back in time before concatenating them after the forward ones:
/// PyTorch's bidirectional output, so layer k &gt; 0's kernel is <c>[2·units, gates·units]</c> and a Dense head's
/// <c>[2·units, outputs]</c>. Only <c>merge_mode="concat"</c> (Keras' default) has this equivalent; "sum", "mul",
/// "ave" and <see langword="null"/> merge the halves into something no generated network computes, and since the
/// merge mode is not among the weights, these methods cannot see it: such a wrapper loads without complaint and
/// computes something else.
/// </para>
/// <para>Every array is checked before anything is set: on an exception the network is unchanged.</para>
/// </remarks>
public static class KerasWeights
{
    /// <summary>Loads a Keras <c>LSTM</c> layer into layer <paramref name="layer"/> of an LSTM network.</summary>
    /// <param name="network">A network of <see cref="CellType.Lstm"/> layers.</param>
    /// <param name="layer">0 to <see cref="IRecurrentNetwork.Layers"/> − 1.</param>
    /// <param name="kernel"><c>[input, 4·units]</c>, gates i, f, c, o.</param>
    /// <param name="recurrentKernel"><c>[units, 4·units]</c>.</param>
    /// <param name="bias"><c>[4·units]</c>.</param>
    /// <param name="backwardLayer">Whether the arrays are a <c>Bidirectional</c> wrapper's <c>backward_layer</c>, loaded into the layer's <c>_reverse</c> parameters.</param>
    /// <exception cref="ArgumentException">
    /// The network is not an LSTM, an array's shape is not the layer's (the message names both), or
    /// <paramref name="backwardLayer"/> is true and the network is not bidirectional.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    public static void LoadLstm(IRecurrentNetwork network, int layer, float[,] kernel, float[,] recurrentKernel, float[] bias, bool backwardLayer = false)
    {
        int[] keepOrder = [0, 1, 2, 3];
        LoadLayer(network, layer, backwardLayer, CellType.Lstm, "LSTM", keepOrder, kernel, recurrentKernel, bias, recurrentBias: null);
    }

    /// <summary>Loads a Keras <c>GRU</c> layer into layer <paramref name="layer"/> of a GRU network.</summary>
    /// <param name="network">A network of <see cref="CellType.Gru"/> layers.</param>
    /// <param name="layer">0 to <see cref="IRecurrentNetwork.Layers"/> − 1.</param>
    /// <param name="kernel"><c>[input, 3·units]</c>, gates z, r, h.</param>
    /// <param name="recurrentKernel"><c>[units, 3·units]</c>.</param>
    /// <param name="bias"><c>[2, 3·units]</c>: the input bias, then the recurrent bias.</param>
    /// <param name="resetAfter">The layer's <c>reset_after</c>; only <see langword="true"/> (Keras' default) has a PyTorch equivalent.</param>
    /// <param name="backwardLayer">Whether the arrays are a <c>Bidirectional</c> wrapper's <c>backward_layer</c>, loaded into the layer's <c>_reverse</c> parameters.</param>
    /// <exception cref="NotSupportedException"><paramref name="resetAfter"/> is false.</exception>
    /// <exception cref="ArgumentException">
    /// The network is not a GRU, an array's shape is not the layer's (the message names both), or
    /// <paramref name="backwardLayer"/> is true and the network is not bidirectional.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    public static void LoadGru(
        IRecurrentNetwork network, int layer, float[,] kernel, float[,] recurrentKernel, float[,] bias, bool resetAfter = true, bool backwardLayer = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(bias);
        if (!resetAfter)
        {
            throw new NotSupportedException(
                "A Keras GRU with reset_after=False computes h̃ = tanh(x·W_h + (r ⊙ h)·U_h + b_h), applying the reset gate before the recurrent product; " +
                "PyTorch's GRU (and RnnGen's) computes n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). No weights make the two equal: retrain the layer with reset_after=True, Keras' default.");
        }

        int units = Layer(network, layer, backwardLayer).HiddenSize;
        if (bias.GetLength(0) != 2 || bias.GetLength(1) != 3 * units)
        {
            throw new ArgumentException(
                $"bias has shape {ShapeOf(bias)}; a Keras GRU of {units} units with reset_after=True has [2, {3 * units}] (the input bias, then the recurrent bias).", nameof(bias));
        }

        // PyTorch's r, z, n are Keras' gates 1, 0 and 2 (z, r, h).
        int[] kerasGateOf = [1, 0, 2];
        LoadLayer(network, layer, backwardLayer, CellType.Gru, "GRU", kerasGateOf, kernel, recurrentKernel, Row(bias, 0), Row(bias, 1));
    }

    /// <summary>Loads a Keras <c>SimpleRNN</c> layer into layer <paramref name="layer"/> of an RNN network (its activation must be the network's nonlinearity).</summary>
    /// <param name="network">A network of <see cref="CellType.Rnn"/> layers.</param>
    /// <param name="layer">0 to <see cref="IRecurrentNetwork.Layers"/> − 1.</param>
    /// <param name="kernel"><c>[input, units]</c>.</param>
    /// <param name="recurrentKernel"><c>[units, units]</c>.</param>
    /// <param name="bias"><c>[units]</c>.</param>
    /// <param name="backwardLayer">Whether the arrays are a <c>Bidirectional</c> wrapper's <c>backward_layer</c>, loaded into the layer's <c>_reverse</c> parameters.</param>
    /// <exception cref="ArgumentException">
    /// The network is not an RNN, an array's shape is not the layer's (the message names both), or
    /// <paramref name="backwardLayer"/> is true and the network is not bidirectional.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    public static void LoadSimpleRnn(IRecurrentNetwork network, int layer, float[,] kernel, float[,] recurrentKernel, float[] bias, bool backwardLayer = false) =>
        LoadLayer(network, layer, backwardLayer, CellType.Rnn, "SimpleRNN", [0], kernel, recurrentKernel, bias, recurrentBias: null);

    /// <summary>Loads a Keras <c>Dense</c> layer on the last recurrent layer into the network's head (its activation must be the head's).</summary>
    /// <param name="network">A network declared with an <c>OutputSize</c> head.</param>
    /// <param name="kernel"><c>[units of the last layer, OutputSize]</c>; <c>[2·units, OutputSize]</c> on a bidirectional network.</param>
    /// <param name="bias"><c>[OutputSize]</c>.</param>
    /// <exception cref="ArgumentException">The network has no head, or an array's shape is not the head's.</exception>
    public static void LoadDense(IRecurrentNetwork network, float[,] kernel, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(bias);
        if (!Contains(network.ParameterNames, "head.weight"))
        {
            throw new ArgumentException("The network has no head to load a Dense layer into: declare it with OutputSize.", nameof(network));
        }

        int directions = network is IBidirectionalNetwork ? 2 : 1;
        int hidden = directions * network.LayerShapes[^1].HiddenSize;
        int outputs = network.OutputSize;
        CheckShape(kernel, hidden, outputs, nameof(kernel), $"a Dense layer from {hidden} units to {outputs}");
        CheckLength(bias, outputs, nameof(bias), $"a Dense layer of {outputs} units");
        ParameterUpdate.Apply(network, [
            new("head.weight", Transpose(kernel, [0], outputs)),
            new("head.bias", (float[])bias.Clone()),
        ]);
    }

    /// <summary>The shape of layer <paramref name="layer"/>, after checking that the network has it and, for a backward layer, a reverse direction.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    /// <exception cref="ArgumentException"><paramref name="backwardLayer"/> is true and the network is not bidirectional.</exception>
    private static LayerShape Layer(IRecurrentNetwork network, int layer, bool backwardLayer)
    {
        if ((uint)layer >= (uint)network.Layers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has layers 0 to {network.Layers - 1}.");
        }

        if (backwardLayer && network is not IBidirectionalNetwork)
        {
            throw new ArgumentException(
                "backwardLayer is true, but the network is not bidirectional: a Keras Bidirectional wrapper's backward_layer loads into the _reverse parameters " +
                "of a network declared with Bidirectional = true.", nameof(backwardLayer));
        }

        return network.LayerShapes[layer];
    }

    private static void LoadLayer(
        IRecurrentNetwork network,
        int layer,
        bool backwardLayer,
        CellType cell,
        string kerasLayer,
        int[] kerasGateOf,
        float[,] kernel,
        float[,] recurrentKernel,
        float[] bias,
        float[]? recurrentBias)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(recurrentKernel);
        ArgumentNullException.ThrowIfNull(bias);
        LayerShape shape = Layer(network, layer, backwardLayer);
        if (shape.Cell != cell)
        {
            throw new ArgumentException($"A Keras {kerasLayer} layer loads into a {cell} layer; this network's layer {layer} is {shape.Cell}.", nameof(network));
        }

        int units = shape.HiddenSize;
        int input = shape.InputSize;
        int gateRows = kerasGateOf.Length * units;
        string half = network is IBidirectionalNetwork ? (backwardLayer ? ", backward_layer" : ", forward_layer") : "";
        string what = $"a Keras {kerasLayer} of {units} units on {input} inputs (layer {layer}{half})";
        CheckShape(kernel, input, gateRows, nameof(kernel), what);
        CheckShape(recurrentKernel, units, gateRows, nameof(recurrentKernel), what);
        CheckLength(bias, gateRows, nameof(bias), what);
        string suffix = backwardLayer ? $"l{layer}_reverse" : $"l{layer}";
        ParameterUpdate.Apply(network, [
            new($"weight_ih_{suffix}", Transpose(kernel, kerasGateOf, units)),
            new($"weight_hh_{suffix}", Transpose(recurrentKernel, kerasGateOf, units)),
            new($"bias_ih_{suffix}", Reorder(bias, kerasGateOf, units)),
            new($"bias_hh_{suffix}", recurrentBias is null ? new float[gateRows] : Reorder(recurrentBias, kerasGateOf, units)),
        ]);
    }

    /// <summary>PyTorch's <c>[gates·units, input]</c> from Keras' <c>[input, gates·units]</c>, PyTorch's gate p taken from Keras' gate <c>kerasGateOf[p]</c>.</summary>
    private static float[] Transpose(float[,] kernel, int[] kerasGateOf, int units)
    {
        int input = kernel.GetLength(0);
        var weights = new float[kerasGateOf.Length * units * input];
        for (int gate = 0; gate < kerasGateOf.Length; gate++)
        {
            for (int unit = 0; unit < units; unit++)
            {
                int row = (gate * units) + unit;
                int column = (kerasGateOf[gate] * units) + unit;
                for (int i = 0; i < input; i++)
                {
                    weights[(row * input) + i] = kernel[i, column];
                }
            }
        }

        return weights;
    }

    private static float[] Reorder(float[] bias, int[] kerasGateOf, int units)
    {
        var result = new float[bias.Length];
        for (int gate = 0; gate < kerasGateOf.Length; gate++)
        {
            Array.Copy(bias, kerasGateOf[gate] * units, result, gate * units, units);
        }

        return result;
    }

    private static float[] Row(float[,] matrix, int row)
    {
        var values = new float[matrix.GetLength(1)];
        for (int column = 0; column < values.Length; column++)
        {
            values[column] = matrix[row, column];
        }

        return values;
    }

    private static void CheckShape(float[,] array, int rows, int columns, string name, string what)
    {
        if (array.GetLength(0) != rows || array.GetLength(1) != columns)
        {
            throw new ArgumentException($"{name} has shape {ShapeOf(array)}; {what} has [{rows}, {columns}].", name);
        }
    }

    private static void CheckLength(float[] array, int length, string name, string what)
    {
        if (array.Length != length)
        {
            throw new ArgumentException($"{name} has shape [{array.Length}]; {what} has [{length}].", name);
        }
    }

    private static string ShapeOf(float[,] array) => $"[{array.GetLength(0)}, {array.GetLength(1)}]";

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (string candidate in names)
        {
            if (candidate == name)
            {
                return true;
            }
        }

        return false;
    }
}
