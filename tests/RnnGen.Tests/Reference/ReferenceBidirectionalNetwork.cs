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
    public double[] Forward(ReadOnlySpan<float> inputs, int steps)
    {
        if (inputs.Length != steps * Shape.InputSize)
        {
            throw new ArgumentException($"{steps} steps of {Shape.InputSize} features need {steps * Shape.InputSize} inputs, not {inputs.Length}.", nameof(inputs));
        }

        double[] sequence = inputs.ToArray().Select(value => (double)value).ToArray();
        int width = Shape.InputSize;
        foreach ((ReferenceNetwork forward, ReferenceNetwork reverse) in layers)
        {
            int hidden = Shape.HiddenSize;
            double[] ahead = forward.Forward(sequence, steps);
            double[] back = Reversed(reverse.Forward(Reversed(sequence, steps, width), steps), steps, hidden);
            var output = new double[steps * 2 * hidden];
            for (int step = 0; step < steps; step++)
            {
                Array.Copy(ahead, step * hidden, output, step * 2 * hidden, hidden);
                Array.Copy(back, step * hidden, output, (step * 2 * hidden) + hidden, hidden);
            }

            sequence = output;
            width = 2 * hidden;
        }

        if (headWeight is null)
        {
            return sequence;
        }

        var result = new double[steps * Shape.OutputSize];
        for (int step = 0; step < steps; step++)
        {
            double[] y = ReferenceNetwork.Head(headWeight, headBias!, Shape.OutputActivation, sequence.AsSpan(step * width, width).ToArray());
            Array.Copy(y, 0, result, step * Shape.OutputSize, Shape.OutputSize);
        }

        return result;
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
