using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace RnnGen.Kernels;

/// <summary>Argument checks for generated code, kept out of line so the hot paths stay small.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArgumentChecks
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Length(int actual, int expected, string parameterName, string description)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, parameterName, description);
        }
    }

    /// <summary>Throws unless a batch tensor has <c>[batch, steps, width]</c> values; the message is built only when it throws.</summary>
    public static void BatchLength(int actual, int batch, int steps, int width, string parameterName, string widthName)
    {
        if (actual != batch * steps * width)
        {
            ThrowLength(actual, batch * steps * width, parameterName, $"[B, T, {widthName}] = [{batch}, {steps}, {width}]");
        }
    }

    /// <summary>Throws unless a multi-stream span has <c>[streams, width]</c> values; the message is built only when it throws.</summary>
    public static void StreamRows(int actual, int streams, int width, string parameterName, string widthName)
    {
        if (actual != streams * width)
        {
            ThrowLength(actual, streams * width, parameterName, $"[S, {widthName}] = [{streams}, {width}] for the batch's {streams} streams");
        }
    }

    /// <summary>Throws for a stream index outside <c>[0, streams)</c>.</summary>
    public static void Stream(int stream, int streams)
    {
        if ((uint)stream >= (uint)streams)
        {
            throw new ArgumentOutOfRangeException(nameof(stream), stream, $"The batch has streams 0 to {streams - 1}.");
        }
    }

    /// <summary>Checks a sequence call: the inputs hold whole steps and the outputs match them; returns the step count.</summary>
    public static int SequenceLength(int inputLength, int outputLength, int inputSize, int outputSize)
    {
        if (inputLength % inputSize != 0)
        {
            throw new ArgumentException(
                $"inputs must hold whole steps of InputSize = {inputSize} values ([T, {inputSize}]), but has {inputLength} values.",
                "inputs");
        }

        int steps = inputLength / inputSize;
        if (outputLength != steps * outputSize)
        {
            ThrowLength(outputLength, steps * outputSize, "outputs", $"[T, OutputSize] = [{steps}, {outputSize}] for the {steps} input steps");
        }

        return steps;
    }

    /// <summary>Throws for a layer index outside <c>[0, layers)</c>.</summary>
    public static void Layer(int layer, int layers)
    {
        if ((uint)layer >= (uint)layers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has layers 0 to {layers - 1}.");
        }
    }

    /// <summary>Throws unless layer <paramref name="layer"/>, of cell <paramref name="cell"/>, has a cell state c: only LSTM layers do.</summary>
    public static void HasCellState(int layer, CellType cell)
    {
        if (cell != CellType.Lstm)
        {
            throw new ArgumentException($"Layer {layer} is a {cell} layer, which has no cell state c; only the network's LSTM layers do.", nameof(layer));
        }
    }

    /// <summary>The exception for a parameter name the network does not have, listing the ones it has.</summary>
    public static ArgumentException UnknownParameter(string name, IReadOnlyList<string> names, string parameterName) =>
        new($"Unknown parameter '{name}'. This network's parameters are: {string.Join(", ", names)}.", parameterName);

    /// <summary>Throws for a parameter given (or read into) a span of the wrong length.</summary>
    public static void ParameterLength(string name, int actual, int expected, string shape, string parameterName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Parameter '{name}' has shape {shape} ({expected} values), but the span has {actual}.", parameterName);
        }
    }

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string parameterName, string description) =>
        throw new ArgumentException($"{parameterName} must have {expected} values ({description}), but has {actual}.", parameterName);
}
