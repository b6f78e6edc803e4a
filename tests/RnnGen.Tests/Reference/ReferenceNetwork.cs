using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Tests.Reference;

/// <summary>
/// A deliberately plain forward pass, in double precision, written straight from the equations of
/// <c>torch.nn.RNN</c>, <c>torch.nn.LSTM</c>, <c>torch.nn.GRU</c> and <c>torch.nn.Linear</c>, so that
/// the generated SIMD code can be checked against something that shares none of its structure.
/// </summary>
/// <remarks>
/// Parameters are taken in PyTorch's row-major layouts and gate orders (LSTM i,f,g,o; GRU r,z,n).
/// Every <c>Forward</c> starts from zeros or from the state it is given, never from the previous
/// call's; <see cref="FinalHidden"/> and <see cref="FinalCell"/> report where the last call ended.
/// </remarks>
public sealed class ReferenceNetwork
{
    private readonly Dictionary<string, float[]> parameters = new();
    private readonly double[][] hidden;
    private readonly double[][] cell;

    /// <summary>Checks <paramref name="parameters"/> against <paramref name="shape"/> and keeps a copy of them.</summary>
    /// <exception cref="ArgumentException">
    /// The shape is not one RnnGen accepts, or a parameter is missing, unexpected, or of the wrong length.
    /// </exception>
    public ReferenceNetwork(NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        ValidateShape(shape);
        Shape = shape;

        foreach ((string name, int[] dims) in shape.Parameters)
        {
            if (!parameters.TryGetValue(name, out float[]? values))
            {
                throw new ArgumentException($"Missing parameter '{name}'.", nameof(parameters));
            }

            int expected = dims.Aggregate(1, (product, dim) => product * dim);
            if (values.Length != expected)
            {
                throw new ArgumentException(
                    $"Parameter '{name}' has {values.Length} values; shape [{string.Join(", ", dims)}] needs {expected}.",
                    nameof(parameters));
            }

            this.parameters.Add(name, (float[])values.Clone());
        }

        foreach (string name in parameters.Keys)
        {
            if (!this.parameters.ContainsKey(name))
            {
                throw new ArgumentException($"Unexpected parameter '{name}'.", nameof(parameters));
            }
        }

        hidden = ZeroState(shape);
        cell = ZeroState(shape);
    }

    /// <summary>The sizes this network was built for.</summary>
    public NetworkShape Shape { get; }

    /// <summary>A copy of each layer's h after the last <c>Forward</c> (zeros before the first).</summary>
    public double[][] FinalHidden => Copy(hidden);

    /// <summary>A copy of each layer's c after the last <c>Forward</c> (zeros before the first).</summary>
    /// <exception cref="InvalidOperationException">The cell is not an LSTM, so there is no c.</exception>
    /// <remarks>In a stack of differing cells, the non-LSTM layers' c stay zero.</remarks>
    public double[][] FinalCell => Shape.HasCellState
        ? Copy(cell)
        : throw new InvalidOperationException($"A {Shape.Cell} network has no cell state.");

    /// <summary>
    /// Uniform values in [-<paramref name="scale"/>, <paramref name="scale"/>] for every parameter of
    /// <paramref name="shape"/>, drawn from <c>new Random(seed)</c> in <c>state_dict</c> order and then
    /// row-major, so the same arguments always give the same values.
    /// </summary>
    public static Dictionary<string, float[]> RandomParameters(NetworkShape shape, int seed, float scale)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var random = new Random(seed);
        var result = new Dictionary<string, float[]>();
        foreach ((string name, int[] dims) in shape.Parameters)
        {
            var values = new float[dims.Aggregate(1, (product, dim) => product * dim)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((2 * random.NextDouble() - 1) * scale);
            }

            result.Add(name, values);
        }

        return result;
    }

    /// <summary>Runs <paramref name="steps"/> steps from a zero state.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <returns>The output sequence, [steps, ResultSize] row-major.</returns>
    public double[] Forward(ReadOnlySpan<float> inputs, int steps) => Run(Widen(inputs), steps, null, null);

    /// <summary>Runs <paramref name="steps"/> steps of double-precision inputs (a layer below's output) from a zero state.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <returns>The output sequence, [steps, ResultSize] row-major.</returns>
    public double[] Forward(ReadOnlySpan<double> inputs, int steps) => Run(inputs, steps, null, null);

    /// <summary>Runs <paramref name="steps"/> steps from the given state.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <param name="initialHidden">Each layer's initial h, [Layers][HiddenSize].</param>
    /// <param name="initialCell">Each layer's initial c, [Layers][HiddenSize]; LSTM only; null for zeros.</param>
    /// <returns>The output sequence, [steps, ResultSize] row-major.</returns>
    public double[] Forward(ReadOnlySpan<float> inputs, int steps, double[][] initialHidden, double[][]? initialCell = null)
    {
        ArgumentNullException.ThrowIfNull(initialHidden);
        return Run(Widen(inputs), steps, initialHidden, initialCell);
    }

    /// <summary>Runs <paramref name="steps"/> steps of double-precision inputs (a layer below's output) from the given state.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <param name="initialHidden">Each layer's initial h, [Layers][HiddenSize].</param>
    /// <param name="initialCell">Each layer's initial c, [Layers][HiddenSize]; LSTM only; null for zeros.</param>
    /// <returns>The output sequence, [steps, ResultSize] row-major.</returns>
    public double[] Forward(ReadOnlySpan<double> inputs, int steps, double[][] initialHidden, double[][]? initialCell = null)
    {
        ArgumentNullException.ThrowIfNull(initialHidden);
        return Run(inputs, steps, initialHidden, initialCell);
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var widened = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            widened[i] = values[i];
        }

        return widened;
    }

    private double[] Run(ReadOnlySpan<double> inputs, int steps, double[][]? initialHidden, double[][]? initialCell)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (inputs.Length != steps * Shape.InputSize)
        {
            throw new ArgumentException(
                $"{steps} steps of {Shape.InputSize} features need {steps * Shape.InputSize} inputs, not {inputs.Length}.",
                nameof(inputs));
        }

        if (initialCell is not null && !Shape.HasCellState)
        {
            throw new ArgumentException($"A {Shape.Cell} network has no cell state.", nameof(initialCell));
        }

        LoadState(hidden, initialHidden, nameof(initialHidden));
        LoadState(cell, initialCell, nameof(initialCell));

        int resultSize = Shape.ResultSize;
        var result = new double[steps * resultSize];
        for (int t = 0; t < steps; t++)
        {
            double[] layerInput = new double[Shape.InputSize];
            for (int i = 0; i < layerInput.Length; i++)
            {
                layerInput[i] = inputs[t * Shape.InputSize + i];
            }

            for (int layer = 0; layer < Shape.LayerCount; layer++)
            {
                Step(layer, layerInput);
                layerInput = hidden[layer];
            }

            double[] top = hidden[Shape.LayerCount - 1];
            double[] output = Shape.OutputSize > 0 ? Head(parameters["head.weight"], parameters["head.bias"], Shape.OutputActivation, top) : top;
            Array.Copy(output, 0, result, t * resultSize, resultSize);
        }

        return result;
    }

    private void Step(int layer, double[] x)
    {
        LayerShape layerShape = Shape.Layer(layer);
        int size = layerShape.HiddenSize;
        double[] h = hidden[layer];
        double[] fromInput = Affine($"weight_ih_l{layer}", $"bias_ih_l{layer}", x);
        double[] fromHidden = Affine($"weight_hh_l{layer}", $"bias_hh_l{layer}", h);

        switch (layerShape.Cell)
        {
            case CellType.Rnn:
                for (int j = 0; j < size; j++)
                {
                    h[j] = Apply(layerShape.Nonlinearity, fromInput[j] + fromHidden[j]);
                }

                break;

            case CellType.Lstm:
                double[] c = cell[layer];
                for (int j = 0; j < size; j++)
                {
                    double inputGate = Sigmoid(fromInput[j] + fromHidden[j]);
                    double forgetGate = Sigmoid(fromInput[size + j] + fromHidden[size + j]);
                    double candidate = Math.Tanh(fromInput[2 * size + j] + fromHidden[2 * size + j]);
                    double outputGate = Sigmoid(fromInput[3 * size + j] + fromHidden[3 * size + j]);
                    c[j] = forgetGate * c[j] + inputGate * candidate;
                    h[j] = outputGate * Math.Tanh(c[j]);
                }

                break;

            case CellType.Gru:
                for (int j = 0; j < size; j++)
                {
                    double reset = Sigmoid(fromInput[j] + fromHidden[j]);
                    double update = Sigmoid(fromInput[size + j] + fromHidden[size + j]);
                    // PyTorch resets the hidden half after its bias (ONNX's linear_before_reset=1).
                    double candidate = Math.Tanh(fromInput[2 * size + j] + reset * fromHidden[2 * size + j]);
                    h[j] = (1 - update) * candidate + update * h[j];
                }

                break;

            default:
                throw new InvalidOperationException($"Unknown cell type {layerShape.Cell}.");
        }
    }

    /// <summary>The dense head, <c>act(W h + b)</c>, softmax across all outputs.</summary>
    internal static double[] Head(float[] weight, float[] bias, Activation activation, double[] h)
    {
        double[] y = Affine(weight, bias, h);
        if (activation == Activation.Softmax)
        {
            // Subtracting the maximum keeps exp finite without changing the quotient.
            double max = y.Max();
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = Math.Exp(y[i] - max);
                sum += y[i];
            }

            for (int i = 0; i < y.Length; i++)
            {
                y[i] /= sum;
            }

            return y;
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Apply(activation, y[i]);
        }

        return y;
    }

    /// <summary><c>W x + b</c> for a row-major W of as many rows as b has values.</summary>
    private double[] Affine(string weightName, string biasName, double[] x) => Affine(parameters[weightName], parameters[biasName], x);

    private static double[] Affine(float[] weight, float[] bias, double[] x)
    {
        var y = new double[bias.Length];
        for (int row = 0; row < y.Length; row++)
        {
            double sum = bias[row];
            for (int column = 0; column < x.Length; column++)
            {
                sum += (double)weight[row * x.Length + column] * x[column];
            }

            y[row] = sum;
        }

        return y;
    }

    private static double Apply(Activation activation, double x) => activation switch
    {
        Activation.Identity => x,
        Activation.Tanh => Math.Tanh(x),
        Activation.Relu => Math.Max(x, 0),
        Activation.Sigmoid => Sigmoid(x),
        _ => throw new InvalidOperationException($"{activation} is not an elementwise activation."),
    };

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static void ValidateShape(NetworkShape shape)
    {
        if (!Enum.IsDefined(shape.Cell))
        {
            throw new ArgumentException($"Unknown cell type {shape.Cell}.", nameof(shape));
        }

        if (shape.InputSize < 1 || shape.HiddenSize < 1 || shape.Layers < 1 || shape.OutputSize < 0)
        {
            throw new ArgumentException(
                "InputSize, HiddenSize and Layers must be positive and OutputSize must not be negative.", nameof(shape));
        }

        foreach (LayerShape layer in shape.LayerShapes)
        {
            if (!Enum.IsDefined(layer.Cell) || layer.HiddenSize < 1)
            {
                throw new ArgumentException($"A stacked layer has cell {layer.Cell} and hidden size {layer.HiddenSize}.", nameof(shape));
            }

            if (layer.Cell == CellType.Rnn && layer.Nonlinearity is not (Activation.Tanh or Activation.Relu))
            {
                throw new ArgumentException("An RNN's nonlinearity must be Tanh or Relu.", nameof(shape));
            }
        }

        if (!Enum.IsDefined(shape.OutputActivation))
        {
            throw new ArgumentException($"Unknown output activation {shape.OutputActivation}.", nameof(shape));
        }

        if (shape.OutputSize == 0 && shape.OutputActivation != Activation.Identity)
        {
            throw new ArgumentException("An output activation needs a head (OutputSize > 0).", nameof(shape));
        }
    }

    private void LoadState(double[][] state, double[][]? initial, string parameterName)
    {
        if (initial is not null && initial.Length != Shape.LayerCount)
        {
            throw new ArgumentException($"Expected a state for each of {Shape.LayerCount} layers.", parameterName);
        }

        for (int layer = 0; layer < state.Length; layer++)
        {
            if (initial is null)
            {
                Array.Clear(state[layer]);
            }
            else if (initial[layer] is { } values && values.Length == Shape.Layer(layer).HiddenSize)
            {
                Array.Copy(values, state[layer], values.Length);
            }
            else
            {
                throw new ArgumentException($"Layer {layer}'s state must have {Shape.Layer(layer).HiddenSize} values.", parameterName);
            }
        }
    }

    private static double[][] ZeroState(NetworkShape shape) =>
        shape.LayerShapes.Select(layer => new double[layer.HiddenSize]).ToArray();

    private static double[][] Copy(double[][] state) => state.Select(layer => (double[])layer.Clone()).ToArray();
}
