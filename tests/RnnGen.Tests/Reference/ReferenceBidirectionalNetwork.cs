using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Tests.Reference;

/// <summary>
/// A bidirectional network in double precision, composed the way PyTorch defines <c>bidirectional=True</c>: each
/// layer is two independent one-layer networks (<see cref="ReferenceNetwork"/>), one reading the sequence forward,
/// one reading it reversed and its outputs reversed back; their outputs side by side feed the next layer.
/// </summary>
public sealed class ReferenceBidirectionalNetwork
{
    private readonly (ReferenceNetwork Forward, ReferenceNetwork Reverse)[] layers;
    private readonly float[]? headWeight;
    private readonly float[]? headBias;

    /// <summary>Checks <paramref name="parameters"/> against <paramref name="shape"/> (names ending in <c>_reverse</c> for the reverse directions).</summary>
    /// <exception cref="ArgumentException">The shape is not bidirectional, or a parameter is missing, unexpected, or of the wrong length.</exception>
    public ReferenceBidirectionalNetwork(NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!shape.Bidirectional || shape.StackedLayers.Count > 0)
        {
            throw new ArgumentException("The shape must be bidirectional, its layers all alike.", nameof(shape));
        }

        string[] expected = shape.Parameters.Select(parameter => parameter.Name).ToArray();
        if (expected.Except(parameters.Keys).FirstOrDefault() is { } missing)
        {
            throw new ArgumentException($"Missing parameter '{missing}'.", nameof(parameters));
        }

        if (parameters.Keys.Except(expected).FirstOrDefault() is { } unexpected)
        {
            throw new ArgumentException($"Unexpected parameter '{unexpected}'.", nameof(parameters));
        }

        // The layers' lengths are checked again by their ReferenceNetworks; the head's only here.
        foreach ((string name, int[] dims) in shape.Parameters)
        {
            int length = dims.Aggregate(1, (product, dim) => product * dim);
            if (parameters[name].Length != length)
            {
                throw new ArgumentException($"Parameter '{name}' has {parameters[name].Length} values; shape [{string.Join(", ", dims)}] needs {length}.", nameof(parameters));
            }
        }

        Shape = shape;
        layers = Enumerable.Range(0, shape.LayerCount)
            .Select(layer => (Direction(shape, parameters, layer, $"l{layer}"), Direction(shape, parameters, layer, $"l{layer}_reverse")))
            .ToArray();
        if (shape.OutputSize > 0)
        {
            headWeight = parameters["head.weight"];
            headBias = parameters["head.bias"];
        }
    }

    /// <summary>The sizes this network was built for.</summary>
    public NetworkShape Shape { get; }

    /// <summary>Runs <paramref name="steps"/> steps from a zero state in both directions.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <returns>The output sequence, [steps, ResultSize] row-major.</returns>
    public double[] Forward(ReadOnlySpan<float> inputs, int steps) => Forward(inputs, steps, null, null);

    /// <summary>Runs <paramref name="steps"/> steps from the given state in both directions, with dropout between the layers.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps.</param>
    /// <param name="initialState">
    /// PyTorch's <c>h0</c> of one sequence, <c>[Layers * 2, HiddenSize]</c> indexed by <c>layer * 2 + direction</c>
    /// (0 forward, 1 reverse), followed for an LSTM by <c>c0</c> in the same layout; null for zeros. The reverse
    /// direction starts from its state at the last step.
    /// </param>
    /// <param name="dropoutMask">
    /// The factor by which unit j (forward h, then reverse h) of layer k's output at step t is multiplied before
    /// layer k + 1 reads it, as <c>(k, t, j)</c>; null for none.
    /// </param>
    /// <returns>The output sequence, [steps, ResultSize] row-major.</returns>
    public double[] Forward(ReadOnlySpan<float> inputs, int steps, double[]? initialState, Func<int, int, int, double>? dropoutMask)
    {
        double[] top = RunLayers(inputs, steps, initialState, dropoutMask);
        int width = 2 * Shape.HiddenSize;
        int resultSize = Shape.ResultSize;
        var result = new double[steps * resultSize];
        for (int step = 0; step < steps; step++)
        {
            Array.Copy(Head(top.AsSpan(step * width, width).ToArray()), 0, result, step * resultSize, resultSize);
        }

        return result;
    }

    /// <summary>Runs <paramref name="steps"/> steps from a zero state in both directions and returns the sequence's final output.</summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps, at least 1.</param>
    /// <returns>The final output, [ResultSize]: see <see cref="ForwardLastStep(ReadOnlySpan{float}, int, double[], Func{int, int, int, double})"/>.</returns>
    public double[] ForwardLastStep(ReadOnlySpan<float> inputs, int steps) => ForwardLastStep(inputs, steps, null, null);

    /// <summary>
    /// Runs <paramref name="steps"/> steps from the given state in both directions, with dropout between the layers,
    /// and returns the sequence's final output, as Keras' <c>Bidirectional(..., merge_mode="concat")</c> with
    /// <c>return_sequences=False</c> and PyTorch's <c>torch.cat((h_n[-2], h_n[-1]), dim=1)</c> define it: the head (if
    /// any) of the top layer's forward h after the last step beside its reverse h after step 0, where the reverse
    /// direction ends. This is not the last row of <see cref="Forward(ReadOnlySpan{float}, int, double[], Func{int, int, int, double})"/>,
    /// whose reverse half has read only the last step.
    /// </summary>
    /// <param name="inputs">The input sequence, [steps, InputSize] row-major.</param>
    /// <param name="steps">The number of time steps, at least 1.</param>
    /// <param name="initialState">As <see cref="Forward(ReadOnlySpan{float}, int, double[], Func{int, int, int, double})"/> takes it; null for zeros.</param>
    /// <param name="dropoutMask">As <see cref="Forward(ReadOnlySpan{float}, int, double[], Func{int, int, int, double})"/> takes it; null for none.</param>
    /// <returns>The final output, [ResultSize].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is less than 1, so there is no last step.</exception>
    public double[] ForwardLastStep(ReadOnlySpan<float> inputs, int steps, double[]? initialState, Func<int, int, int, double>? dropoutMask)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        RunLayers(inputs, steps, initialState, dropoutMask);
        int hidden = Shape.HiddenSize;
        return Head(FinalState.AsSpan((layers.Length - 1) * 2 * hidden, 2 * hidden).ToArray());
    }

    /// <summary>
    /// Where the last <c>Forward</c> left each direction of each layer, in the layout of its <c>initialState</c>
    /// (PyTorch's <c>h_n</c>, then <c>c_n</c> for an LSTM): the forward direction after the last step, the reverse
    /// direction after the first.
    /// </summary>
    public double[] FinalState
    {
        get
        {
            IEnumerable<ReferenceNetwork> directions = layers.SelectMany(layer => new[] { layer.Forward, layer.Reverse });
            IEnumerable<double> hidden = directions.SelectMany(direction => direction.FinalHidden[0]);
            return Shape.Cell == CellType.Lstm
                ? hidden.Concat(directions.SelectMany(direction => direction.FinalCell[0])).ToArray()
                : hidden.ToArray();
        }
    }

    /// <summary>Runs every layer in both directions and returns the top layer's output, [steps, 2 HiddenSize].</summary>
    private double[] RunLayers(ReadOnlySpan<float> inputs, int steps, double[]? initialState, Func<int, int, int, double>? dropoutMask)
    {
        if (inputs.Length != steps * Shape.InputSize)
        {
            throw new ArgumentException($"{steps} steps of {Shape.InputSize} features need {steps * Shape.InputSize} inputs, not {inputs.Length}.", nameof(inputs));
        }

        int hidden = Shape.HiddenSize;
        bool hasCell = Shape.Cell == CellType.Lstm;
        int stateBlock = layers.Length * 2 * hidden;
        int stateLength = hasCell ? 2 * stateBlock : stateBlock;
        if (initialState is not null && initialState.Length != stateLength)
        {
            throw new ArgumentException($"The initial state needs {stateLength} values, not {initialState.Length}.", nameof(initialState));
        }

        double[] state = initialState ?? new double[stateLength];
        double[] sequence = inputs.ToArray().Select(value => (double)value).ToArray();
        int width = Shape.InputSize;
        for (int layer = 0; layer < layers.Length; layer++)
        {
            (ReferenceNetwork forward, ReferenceNetwork reverse) = layers[layer];
            double[] ahead = RunDirection(forward, sequence, steps, state, layer * 2, hasCell);
            double[] back = Reversed(RunDirection(reverse, Reversed(sequence, steps, width), steps, state, layer * 2 + 1, hasCell), steps, hidden);
            var output = new double[steps * 2 * hidden];
            for (int step = 0; step < steps; step++)
            {
                Array.Copy(ahead, step * hidden, output, step * 2 * hidden, hidden);
                Array.Copy(back, step * hidden, output, (step * 2 * hidden) + hidden, hidden);
            }

            if (dropoutMask is not null && layer < layers.Length - 1)
            {
                for (int step = 0; step < steps; step++)
                {
                    for (int unit = 0; unit < 2 * hidden; unit++)
                    {
                        output[step * 2 * hidden + unit] *= dropoutMask(layer, step, unit);
                    }
                }
            }

            sequence = output;
            width = 2 * hidden;
        }

        return sequence;
    }

    /// <summary>The head's output for one step of the top layer's output, or that step itself when there is no head.</summary>
    private double[] Head(double[] top) =>
        headWeight is null ? top : ReferenceNetwork.Head(headWeight, headBias!, Shape.OutputActivation, top);

    /// <summary>Runs one direction over <paramref name="sequence"/> from its part, at <paramref name="index"/> (layer * 2 + direction), of a PyTorch-layout state.</summary>
    private double[] RunDirection(ReferenceNetwork direction, double[] sequence, int steps, double[] state, int index, bool hasCell)
    {
        int hidden = Shape.HiddenSize;
        double[] initialHidden = state.AsSpan(index * hidden, hidden).ToArray();
        double[][]? initialCell = hasCell ? [state.AsSpan((layers.Length * 2 + index) * hidden, hidden).ToArray()] : null;
        return direction.Forward(sequence, steps, [initialHidden], initialCell);
    }

    /// <summary>One direction of one layer as a one-layer network without a head, its tensors renamed to layer 0's.</summary>
    private static ReferenceNetwork Direction(NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters, int layer, string suffix)
    {
        LayerShape layerShape = shape.Layer(layer);
        var single = new NetworkShape(layerShape.Cell, layerShape.InputSize, layerShape.HiddenSize, 1, 0, Activation.Identity, layerShape.Nonlinearity);
        var renamed = new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" }.ToDictionary(kind => $"{kind}_l0", kind => parameters[$"{kind}_{suffix}"]);
        return new ReferenceNetwork(single, renamed);
    }

    /// <summary>The steps of a [steps, width] sequence in reverse order.</summary>
    private static double[] Reversed(double[] sequence, int steps, int width)
    {
        var reversed = new double[sequence.Length];
        for (int step = 0; step < steps; step++)
        {
            Array.Copy(sequence, step * width, reversed, (steps - 1 - step) * width, width);
        }

        return reversed;
    }
}
