using System;
using System.Linq;

namespace RnnGen.Tests.Keras;

/// <summary>
/// Keras' recurrent layers in double precision, written from Keras' own equations and weight layouts
/// (<c>keras.layers.LSTM</c>, <c>GRU</c> with <c>reset_after=True</c>, <c>SimpleRNN</c>, <c>Dense</c>; default
/// activations tanh and sigmoid), row-vector convention <c>x · kernel</c>. It shares nothing with
/// PyTorch's layout, so a network loaded through <c>KerasWeights</c> is checked against Keras itself.
/// </summary>
internal static class KerasFormulas
{
    /// <summary>One Keras layer's weights, as <c>get_weights()</c> returns them.</summary>
    /// <param name="Bias">LSTM and SimpleRNN: <c>[1, gates·units]</c>; GRU: <c>[2, 3·units]</c> (input row, recurrent row).</param>
    public sealed record Layer(float[,] Kernel, float[,] RecurrentKernel, float[,] Bias);

    /// <summary>Runs stacked layers of <paramref name="cell"/> over <paramref name="inputs"/> <c>[T, input]</c>, then an optional Dense head; returns <c>[T, output]</c>.</summary>
    public static double[] Run(CellType cell, Layer[] layers, (float[,] Kernel, float[] Bias, Func<double[], double[]> Activation)? dense, float[] inputs, int steps)
    {
        double[][] sequence = Sequence(inputs, steps);
        foreach (Layer layer in layers)
        {
            sequence = RunLayer(cell, layer, sequence);
        }

        return Head(sequence, dense);
    }

    /// <summary>
    /// Runs stacked <c>Bidirectional(merge_mode="concat", return_sequences=True)</c> wrappers of <paramref name="cell"/> over
    /// <paramref name="inputs"/> <c>[T, input]</c>, then an optional Dense head; returns <c>[T, output]</c>. As Keras'
    /// wrapper does, the backward layer (<c>go_backwards=True</c>) reads the sequence last step first, its outputs are
    /// flipped back in time, and each step is the forward layer's output followed by the backward layer's.
    /// </summary>
    public static double[] RunBidirectional(
        CellType cell, (Layer Forward, Layer Backward)[] layers, (float[,] Kernel, float[] Bias, Func<double[], double[]> Activation)? dense, float[] inputs, int steps)
    {
        double[][] sequence = Sequence(inputs, steps);
        foreach ((Layer Forward, Layer Backward) wrapper in layers)
        {
            sequence = RunWrapper(cell, wrapper, sequence);
        }

        return Head(sequence, dense);
    }

    /// <summary>
    /// The same stack whose last wrapper has <c>return_sequences=False</c>: its forward layer's last output beside its
    /// backward layer's, which is the one after reading step 0 (the backward layer reads last step first), then the
    /// optional Dense head; returns <c>[output]</c>.
    /// </summary>
    public static double[] RunBidirectionalLastStep(
        CellType cell, (Layer Forward, Layer Backward)[] layers, (float[,] Kernel, float[] Bias, Func<double[], double[]> Activation)? dense, float[] inputs, int steps)
    {
        double[][] sequence = Sequence(inputs, steps);
        foreach ((Layer Forward, Layer Backward) wrapper in layers[..^1])
        {
            sequence = RunWrapper(cell, wrapper, sequence);
        }

        (Layer forward, Layer backward) = layers[^1];
        double[] last = RunLayer(cell, forward, sequence)[^1].Concat(RunLayer(cell, backward, sequence.Reverse().ToArray())[^1]).ToArray();
        return Head([last], dense);
    }

    /// <summary>One <c>return_sequences=True</c> wrapper: the backward layer's outputs flipped back in time, each step's beside the forward layer's.</summary>
    private static double[][] RunWrapper(CellType cell, (Layer Forward, Layer Backward) wrapper, double[][] sequence)
    {
        double[][] forwardOutputs = RunLayer(cell, wrapper.Forward, sequence);
        double[][] backwardOutputs = RunLayer(cell, wrapper.Backward, sequence.Reverse().ToArray());
        Array.Reverse(backwardOutputs);
        return forwardOutputs.Zip(backwardOutputs, (first, second) => first.Concat(second).ToArray()).ToArray();
    }

    public static double[] Softmax(double[] values)
    {
        double largest = values.Max();
        double[] exponentials = values.Select(value => Math.Exp(value - largest)).ToArray();
        double sum = exponentials.Sum();
        return exponentials.Select(value => value / sum).ToArray();
    }

    private static double[][] Sequence(float[] inputs, int steps)
    {
        int inputSize = inputs.Length / steps;
        return Enumerable.Range(0, steps)
            .Select(t => Enumerable.Range(t * inputSize, inputSize).Select(i => (double)inputs[i]).ToArray())
            .ToArray();
    }

    /// <summary>One layer over the whole sequence from a zero state, returning every step's h.</summary>
    private static double[][] RunLayer(CellType cell, Layer layer, double[][] sequence)
    {
        int units = layer.RecurrentKernel.GetLength(0);
        var hidden = new double[units];
        var carry = new double[units];
        var outputs = new double[sequence.Length][];
        for (int t = 0; t < sequence.Length; t++)
        {
            hidden = cell switch
            {
                CellType.Lstm => LstmStep(layer, sequence[t], hidden, carry),
                CellType.Gru => GruStep(layer, sequence[t], hidden),
                _ => SimpleRnnStep(layer, sequence[t], hidden),
            };
            outputs[t] = hidden;
        }

        return outputs;
    }

    private static double[] Head(double[][] sequence, (float[,] Kernel, float[] Bias, Func<double[], double[]> Activation)? dense) =>
        sequence.SelectMany(h => dense is { } d ? d.Activation(Add(Product(h, d.Kernel), d.Bias)) : h).ToArray();

    // z = x·W + h·U + b, split i, f, c, o; c = f c + i tanh(z_c); h = o tanh(c).
    private static double[] LstmStep(Layer layer, double[] x, double[] h, double[] c)
    {
        int units = h.Length;
        double[] z = Add(Add(Product(x, layer.Kernel), Product(h, layer.RecurrentKernel)), Row(layer.Bias, 0));
        var next = new double[units];
        for (int u = 0; u < units; u++)
        {
            double i = Sigmoid(z[u]);
            double f = Sigmoid(z[units + u]);
            double candidate = Math.Tanh(z[(2 * units) + u]);
            double o = Sigmoid(z[(3 * units) + u]);
            c[u] = (f * c[u]) + (i * candidate);
            next[u] = o * Math.Tanh(c[u]);
        }

        return next;
    }

    // reset_after=True: x·W + b_in and h·U + b_rec split z, r, h; h̃ = tanh(x_h + r ⊙ rec_h); h = z h + (1 − z) h̃.
    private static double[] GruStep(Layer layer, double[] x, double[] h)
    {
        int units = h.Length;
        double[] fromInput = Add(Product(x, layer.Kernel), Row(layer.Bias, 0));
        double[] fromState = Add(Product(h, layer.RecurrentKernel), Row(layer.Bias, 1));
        var next = new double[units];
        for (int u = 0; u < units; u++)
        {
            double z = Sigmoid(fromInput[u] + fromState[u]);
            double r = Sigmoid(fromInput[units + u] + fromState[units + u]);
            double candidate = Math.Tanh(fromInput[(2 * units) + u] + (r * fromState[(2 * units) + u]));
            next[u] = (z * h[u]) + ((1 - z) * candidate);
        }

        return next;
    }

    private static double[] SimpleRnnStep(Layer layer, double[] x, double[] h)
    {
        double[] z = Add(Add(Product(x, layer.Kernel), Row(layer.Bias, 0)), Product(h, layer.RecurrentKernel));
        return Array.ConvertAll(z, Math.Tanh);
    }

    private static double[] Product(double[] row, float[,] matrix)
    {
        var result = new double[matrix.GetLength(1)];
        for (int column = 0; column < result.Length; column++)
        {
            for (int i = 0; i < row.Length; i++)
            {
                result[column] += row[i] * matrix[i, column];
            }
        }

        return result;
    }

    private static double[] Add(double[] left, double[] right)
    {
        var result = new double[left.Length];
        for (int i = 0; i < left.Length; i++)
        {
            result[i] = left[i] + right[i];
        }

        return result;
    }

    private static double[] Add(double[] left, float[] right) => Add(left, Array.ConvertAll(right, value => (double)value));

    private static double[] Row(float[,] matrix, int row)
    {
        var result = new double[matrix.GetLength(1)];
        for (int column = 0; column < result.Length; column++)
        {
            result[column] = matrix[row, column];
        }

        return result;
    }

    public static double Sigmoid(double value) => 1 / (1 + Math.Exp(-value));
}
