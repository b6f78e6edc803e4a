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

    /// <summary>
    /// Checks a sequence call that returns <paramref name="returns"/>: the inputs hold whole steps, and the
    /// outputs hold every step's output or, for <see cref="SequenceOutputs.LastStep"/>, one; returns the step count.
    /// </summary>
    public static int SequenceLength(int inputLength, int outputLength, int inputSize, int outputSize, SequenceOutputs returns)
    {
        if (returns == SequenceOutputs.EveryStep)
        {
            return SequenceLength(inputLength, outputLength, inputSize, outputSize);
        }

        if (returns != SequenceOutputs.LastStep)
        {
            throw new ArgumentOutOfRangeException(nameof(returns), returns, "Expected SequenceOutputs.EveryStep or SequenceOutputs.LastStep.");
        }

        if (inputLength == 0 || inputLength % inputSize != 0)
        {
            throw new ArgumentException(
                $"inputs must hold at least one whole step of InputSize = {inputSize} values ([T, {inputSize}], T ≥ 1, for the last step's output), but has {inputLength} values.",
                "inputs");
        }

        Length(outputLength, outputSize, "outputs", "[OutputSize], the last step's output");
        return inputLength / inputSize;
    }

    /// <summary>Throws unless <paramref name="token"/> is an id of the vocabulary, <c>[0, vocabularySize)</c>.</summary>
    public static void Token(int token, int vocabularySize, string parameterName)
    {
        if ((uint)token >= (uint)vocabularySize)
        {
            throw new ArgumentOutOfRangeException(parameterName, token, $"Token id {token} is outside the vocabulary: ids are 0 to {vocabularySize - 1}.");
        }
    }

    /// <summary>Throws unless the id at <paramref name="position"/> of a sequence is in the vocabulary; the message names the position.</summary>
    public static void TokenAt(int token, int position, int vocabularySize, string parameterName)
    {
        if ((uint)token >= (uint)vocabularySize)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, token, $"{parameterName}[{position}] is {token}, outside the vocabulary: ids are 0 to {vocabularySize - 1}.");
        }
    }

    /// <summary>
    /// Checks a sequence call on token ids: every id is in the vocabulary, and the outputs match the steps
    /// (every step's output, or for <see cref="SequenceOutputs.LastStep"/> one); returns the step count.
    /// </summary>
    public static int TokenSequence(ReadOnlySpan<int> tokens, int vocabularySize, int outputLength, int outputSize, SequenceOutputs returns)
    {
        for (int position = 0; position < tokens.Length; position++)
        {
            TokenAt(tokens[position], position, vocabularySize, nameof(tokens));
        }

        if (tokens.IsEmpty && returns == SequenceOutputs.LastStep)
        {
            throw new ArgumentException("tokens is empty, but the last step's output needs at least one id.", nameof(tokens));
        }

        return SequenceLength(tokens.Length, outputLength, 1, outputSize, returns);
    }

    /// <summary>
    /// Checks a batch of token ids, <c>[B, T]</c> batch-major: its length, and every id of a valid step
    /// (padded steps are not read) against the vocabulary, naming the sequence and step of a bad one.
    /// </summary>
    public static void TokenBatch(ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths, int steps, int vocabularySize)
    {
        if (tokens.Length != lengths.Length * steps)
        {
            ThrowLength(tokens.Length, lengths.Length * steps, nameof(tokens), $"[B, T] = [{lengths.Length}, {steps}], one id per step");
        }

        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            for (int step = 0; step < lengths[sequence]; step++)
            {
                int token = tokens[(sequence * steps) + step];
                if ((uint)token >= (uint)vocabularySize)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(tokens), token, $"The token id at sequence {sequence}, step {step} is {token}, outside the vocabulary: ids are 0 to {vocabularySize - 1}.");
                }
            }
        }
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
