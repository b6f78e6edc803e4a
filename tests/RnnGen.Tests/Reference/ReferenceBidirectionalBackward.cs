using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Tests.Reference;

/// <summary>
/// Backpropagation through time of a bidirectional network (PyTorch's <c>bidirectional=True</c> over a batch packed
/// by <c>pack_padded_sequence</c>) in double precision, composed of <see cref="ReferenceBackward"/> run on one layer
/// and one direction at a time, so that the generated training code can be checked against something that shares
/// none of its structure.
/// </summary>
/// <remarks>
/// Each direction of a layer is a one-layer network without a head. The forward one reads each sequence's valid
/// steps in order; the reverse one reads them last to first (each sequence's valid prefix reversed on its own, so
/// that it starts at that sequence's last valid step), and its outputs and input gradients are reversed back. All
/// layers run forward first, to learn what each layer reads; then the head (on every valid step's top-layer output,
/// or on each sequence's final one), then the layers from the top down,
/// the input gradients of a layer's two directions adding up to what the layer below's output receives. Every
/// direction thus runs twice: once without output gradients and once with them.
/// </remarks>
public static class ReferenceBidirectionalBackward
{
    private static readonly string[] TensorKinds = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"];

    /// <summary>Runs a batch forward and backpropagates <paramref name="outputGradients"/> through it.</summary>
    /// <param name="shape">The network's sizes: bidirectional, its layers all alike.</param>
    /// <param name="parameters">
    /// Every parameter of <paramref name="shape"/>, by PyTorch name (ending in <c>_reverse</c> for the reverse
    /// directions) and in PyTorch's layout; the head reads a layer's output, forward h then reverse h.
    /// </param>
    /// <param name="inputs"><c>[B, T, InputSize]</c>, B being <c>lengths.Length</c>.</param>
    /// <param name="lengths">The valid steps of each sequence, 1 to T; later steps are padding, which neither direction reads.</param>
    /// <param name="outputGradients">
    /// dL/dOutput, <c>[B, T, ResultSize]</c>, padded steps ignored; or, when <paramref name="returns"/> is
    /// <see cref="SequenceOutputs.LastStep"/>, dL/d(each sequence's final output), <c>[B, ResultSize]</c>.
    /// </param>
    /// <param name="initialState">
    /// PyTorch's <c>h0</c>, <c>[Layers * 2, B, HiddenSize]</c> indexed by <c>layer * 2 + direction</c> (0 forward,
    /// 1 reverse), followed for an LSTM by <c>c0</c> in the same layout; null for zeros. The reverse direction of a
    /// sequence starts from its state at the sequence's last valid step. This is also the layout of
    /// <see cref="ReferenceGradients.InitialStateGradient"/> and of <see cref="ReferenceGradients.FinalState"/>, which
    /// holds PyTorch's <c>h_n</c> (and <c>c_n</c>): the forward direction after the last valid step, the reverse
    /// direction after step 0.
    /// </param>
    /// <param name="dropoutMask">
    /// Training-time dropout between stacked layers (PyTorch's <c>dropout</c>): the factor, 0 or 1/(1 − p), by which
    /// unit j (0 to 2 HiddenSize − 1: forward h, then reverse h) of layer k's output at sequence b, step t is
    /// multiplied before layer k + 1 reads it, given as <c>(k, b, t, j)</c>; null for none.
    /// </param>
    /// <param name="returns">
    /// <see cref="SequenceOutputs.EveryStep"/>: the output of every step is the head of that step's top-layer output.
    /// <see cref="SequenceOutputs.LastStep"/>: each sequence has one output (Keras' <c>return_sequences=False</c>, PyTorch's
    /// <c>torch.cat((h_n[-2], h_n[-1]), dim=1)</c>), the head of the top layer's forward h at the sequence's last valid
    /// step beside its reverse h at step 0, where the reverse direction ends; see
    /// <see cref="ReferenceBidirectionalNetwork.ForwardLastStep(ReadOnlySpan{float}, int, double[], Func{int, int, int, double})"/>.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The shape is not bidirectional or stacks differing layers, a size disagrees with the shape, or a length is out of range.
    /// </exception>
    public static ReferenceGradients Compute(
        NetworkShape shape,
        IReadOnlyDictionary<string, float[]> parameters,
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<int> lengths,
        ReadOnlySpan<double> outputGradients,
        double[]? initialState = null,
        Func<int, int, int, int, double>? dropoutMask = null,
        SequenceOutputs returns = SequenceOutputs.EveryStep)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);

        // Sharing the forward reference's checks keeps both references accepting exactly the same networks.
        _ = new ReferenceBidirectionalNetwork(shape, parameters);

        int batch = lengths.Length;
        int stateLength = (shape.Cell == CellType.Lstm ? 2 : 1) * shape.Layers * 2 * batch * shape.HiddenSize;
        int steps = ReferenceBackward.CheckBatch(shape, inputs.Length, lengths, outputGradients.Length, initialState, stateLength, returns);
        var batchShape = new BatchShape(shape, lengths.ToArray(), steps);

        int layers = shape.Layers;
        int hidden = shape.HiddenSize;
        var finalState = new double[stateLength];

        // Forward, keeping what each layer reads: its backward pass runs its forward pass again from that.
        var layerInputs = new double[layers][];
        double[] sequence = inputs.ToArray().Select(value => (double)value).ToArray();
        for (int layer = 0; layer < layers; layer++)
        {
            layerInputs[layer] = sequence;
            var output = new double[batch * steps * 2 * hidden];
            for (int direction = 0; direction < 2; direction++)
            {
                ReferenceGradients run = RunDirection(
                    batchShape, parameters, layer, direction, sequence, new double[batch * steps * hidden], initialState);
                batchShape.PlaceDirectionState(run.FinalState, finalState, layer, direction);
                for (int row = 0; row < batch * steps; row++)
                {
                    Array.Copy(run.Outputs, row * hidden, output, (row * 2 * hidden) + (direction * hidden), hidden);
                }
            }

            if (dropoutMask is not null && layer < layers - 1)
            {
                ApplyMask(output, dropoutMask, layer, batch, steps);
            }

            sequence = output;
        }

        // The head's rows are independent of one another, so each is run and differentiated at once. With LastStep the
        // top layer's output reaches the loss only through each sequence's final vector, so everywhere else its
        // gradient is zero.
        var gradients = new Dictionary<string, double[]>();
        double[] outputs;
        double[] dOutput;
        if (returns == SequenceOutputs.LastStep)
        {
            double[] dFinal;
            (outputs, dFinal) = Head(shape, parameters, gradients, batchShape.FinalOutputs(sequence), outputGradients, _ => true);
            dOutput = batchShape.SpreadFinalGradients(dFinal);
        }
        else
        {
            (outputs, dOutput) = Head(shape, parameters, gradients, sequence, outputGradients, row => row % steps < batchShape.Lengths[row / steps]);
        }

        var initialStateGradient = new double[stateLength];
        for (int layer = layers - 1; layer >= 0; layer--)
        {
            var dInput = new double[batch * steps * shape.Layer(layer).InputSize];
            for (int direction = 0; direction < 2; direction++)
            {
                var dHalf = new double[batch * steps * hidden];
                for (int row = 0; row < batch * steps; row++)
                {
                    Array.Copy(dOutput, (row * 2 * hidden) + (direction * hidden), dHalf, row * hidden, hidden);
                }

                ReferenceGradients run = RunDirection(batchShape, parameters, layer, direction, layerInputs[layer], dHalf, initialState);
                foreach (string kind in TensorKinds)
                {
                    gradients[$"{kind}_{Suffix(layer, direction)}"] = run.ParameterGradients[$"{kind}_l0"];
                }

                batchShape.PlaceDirectionState(run.InitialStateGradient, initialStateGradient, layer, direction);
                for (int i = 0; i < dInput.Length; i++)
                {
                    dInput[i] += run.InputGradients[i];
                }
            }

            if (dropoutMask is not null && layer > 0)
            {
                ApplyMask(dInput, dropoutMask, layer - 1, batch, steps);
            }

            dOutput = dInput;
        }

        Dictionary<string, double[]> ordered = shape.Parameters.ToDictionary(parameter => parameter.Name, parameter => gradients[parameter.Name]);
        return new ReferenceGradients(outputs, ordered, dOutput, initialStateGradient, finalState);
    }

    /// <summary>
    /// Runs the head (or, without one, the identity) on each valid row of <paramref name="rows"/>, adding its share to
    /// the head's gradients, and returns its outputs and dL/d(each row), both zero at rows that are not valid.
    /// </summary>
    /// <param name="rows">Top-layer outputs, 2 HiddenSize each.</param>
    /// <param name="rowGradients">dL/d(each row's output), ResultSize each.</param>
    /// <param name="isValid">Whether a row, by its index, is one the loss sees: not a padded step.</param>
    private static (double[] Outputs, double[] RowGradients) Head(
        NetworkShape shape,
        IReadOnlyDictionary<string, float[]> parameters,
        Dictionary<string, double[]> gradients,
        double[] rows,
        ReadOnlySpan<double> rowGradients,
        Func<int, bool> isValid)
    {
        int width = 2 * shape.HiddenSize;
        int resultSize = shape.ResultSize;
        int count = rows.Length / width;
        var outputs = new double[count * resultSize];
        var dRows = new double[rows.Length];
        Dictionary<string, double[]>? headWeights = null;
        if (shape.OutputSize > 0)
        {
            headWeights = new Dictionary<string, double[]>
            {
                ["head.weight"] = parameters["head.weight"].Select(value => (double)value).ToArray(),
                ["head.bias"] = parameters["head.bias"].Select(value => (double)value).ToArray(),
            };
            gradients["head.weight"] = new double[headWeights["head.weight"].Length];
            gradients["head.bias"] = new double[headWeights["head.bias"].Length];
        }

        for (int row = 0; row < count; row++)
        {
            if (!isValid(row))
            {
                continue;
            }

            double[] top = rows.AsSpan(row * width, width).ToArray();
            double[] dOutput = rowGradients.Slice(row * resultSize, resultSize).ToArray();
            double[] output = top;
            double[] dTop = dOutput;
            if (headWeights is not null)
            {
                ReferenceBackward.HeadStep step = ReferenceBackward.ForwardHead(shape, headWeights, top);
                output = step.Output;
                dTop = ReferenceBackward.BackwardHead(shape, headWeights, gradients, step, dOutput);
            }

            Array.Copy(output, 0, outputs, row * resultSize, resultSize);
            Array.Copy(dTop, 0, dRows, row * width, width);
        }

        return (outputs, dRows);
    }

    /// <summary>
    /// One direction of one layer over the batch, as <see cref="ReferenceBackward"/> runs a one-layer network without
    /// a head, everything in and out in the batch's own step order and the parameter gradients under layer 0's names.
    /// </summary>
    /// <param name="layerInput">What the layer reads, <c>[B, T, its InputSize]</c>.</param>
    /// <param name="dOutput">dL/d(this direction's h), <c>[B, T, HiddenSize]</c>.</param>
    /// <param name="initialState">The whole network's, in <see cref="Compute"/>'s layout, or null.</param>
    private static ReferenceGradients RunDirection(
        BatchShape batchShape,
        IReadOnlyDictionary<string, float[]> parameters,
        int layer,
        int direction,
        double[] layerInput,
        double[] dOutput,
        double[]? initialState)
    {
        LayerShape layerShape = batchShape.Shape.Layer(layer);
        var single = new NetworkShape(layerShape.Cell, layerShape.InputSize, layerShape.HiddenSize, 1, 0, Activation.Identity, layerShape.Nonlinearity);
        Dictionary<string, float[]> renamed = TensorKinds.ToDictionary(kind => $"{kind}_l0", kind => parameters[$"{kind}_{Suffix(layer, direction)}"]);
        double[]? state = initialState is null ? null : batchShape.DirectionState(initialState, layer, direction);
        if (direction == 0)
        {
            return ReferenceBackward.Compute(single, renamed, layerInput, batchShape.Lengths, dOutput, state);
        }

        ReferenceGradients reversed = ReferenceBackward.Compute(
            single,
            renamed,
            batchShape.ReversedPrefixes(layerInput, layerShape.InputSize),
            batchShape.Lengths,
            batchShape.ReversedPrefixes(dOutput, layerShape.HiddenSize),
            state);
        return reversed with
        {
            Outputs = batchShape.ReversedPrefixes(reversed.Outputs, layerShape.HiddenSize),
            InputGradients = batchShape.ReversedPrefixes(reversed.InputGradients, layerShape.InputSize),
        };
    }

    /// <summary>Multiplies each unit j of a <c>[B, T, 2 HiddenSize]</c> output of layer <paramref name="layer"/> by <c>mask(layer, b, t, j)</c>.</summary>
    private static void ApplyMask(double[] values, Func<int, int, int, int, double> mask, int layer, int batch, int steps)
    {
        int width = values.Length / (batch * steps);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int j = 0; j < width; j++)
                {
                    values[((b * steps + t) * width) + j] *= mask(layer, b, t, j);
                }
            }
        }
    }

    private static string Suffix(int layer, int direction) => direction == 0 ? $"l{layer}" : $"l{layer}_reverse";

    /// <summary>A batch's sizes, and the moves between the whole network's layouts and one direction's.</summary>
    private sealed record BatchShape(NetworkShape Shape, int[] Lengths, int Steps)
    {
        /// <summary>One direction's h for the whole batch, <c>[B, HiddenSize]</c>.</summary>
        private int DirectionBlock => Lengths.Length * Shape.HiddenSize;

        /// <summary>Every direction's h: PyTorch's <c>h0</c>.</summary>
        private int HiddenBlock => Shape.Layers * 2 * DirectionBlock;

        private bool HasCell => Shape.Cell == CellType.Lstm;

        /// <summary>
        /// One direction's part of a whole network's state, in a one-layer network's layout (<c>[B, H]</c> of h, then
        /// of c for an LSTM): <c>[layer * 2 + direction]</c> of <c>h0</c>, and of <c>c0</c>.
        /// </summary>
        public double[] DirectionState(double[] state, int layer, int direction)
        {
            int start = (layer * 2 + direction) * DirectionBlock;
            double[] hidden = state.AsSpan(start, DirectionBlock).ToArray();
            return HasCell ? [.. hidden, .. state.AsSpan(HiddenBlock + start, DirectionBlock)] : hidden;
        }

        /// <summary>Copies one direction's state, in a one-layer network's layout, to its place in a whole network's.</summary>
        public void PlaceDirectionState(double[] directionState, double[] state, int layer, int direction)
        {
            int start = (layer * 2 + direction) * DirectionBlock;
            Array.Copy(directionState, 0, state, start, DirectionBlock);
            if (HasCell)
            {
                Array.Copy(directionState, DirectionBlock, state, HiddenBlock + start, DirectionBlock);
            }
        }

        /// <summary>
        /// Each sequence's final output, <c>[B, 2 HiddenSize]</c>, from the top layer's <c>[B, T, 2 HiddenSize]</c>:
        /// the forward half at its last valid step, the reverse half at step 0.
        /// </summary>
        public double[] FinalOutputs(double[] top)
        {
            int hidden = Shape.HiddenSize;
            var final = new double[Lengths.Length * 2 * hidden];
            for (int b = 0; b < Lengths.Length; b++)
            {
                Array.Copy(top, ((b * Steps) + Lengths[b] - 1) * 2 * hidden, final, b * 2 * hidden, hidden);
                Array.Copy(top, (b * Steps * 2 * hidden) + hidden, final, (b * 2 * hidden) + hidden, hidden);
            }

            return final;
        }

        /// <summary>
        /// dL/d(the top layer's output), <c>[B, T, 2 HiddenSize]</c>, from dL/d(each sequence's final output) as
        /// <see cref="FinalOutputs"/> gathers it: each half at the step it came from, zero everywhere else.
        /// </summary>
        public double[] SpreadFinalGradients(double[] dFinal)
        {
            int hidden = Shape.HiddenSize;
            var dTop = new double[Lengths.Length * Steps * 2 * hidden];
            for (int b = 0; b < Lengths.Length; b++)
            {
                Array.Copy(dFinal, b * 2 * hidden, dTop, ((b * Steps) + Lengths[b] - 1) * 2 * hidden, hidden);
                Array.Copy(dFinal, (b * 2 * hidden) + hidden, dTop, (b * Steps * 2 * hidden) + hidden, hidden);
            }

            return dTop;
        }

        /// <summary>
        /// A <c>[B, T, width]</c> sequence with each sequence's valid steps in reverse order and its padded steps zero;
        /// applied twice it gives back the valid steps.
        /// </summary>
        public double[] ReversedPrefixes(double[] values, int width)
        {
            var reversed = new double[values.Length];
            for (int b = 0; b < Lengths.Length; b++)
            {
                int length = Lengths[b];
                for (int t = 0; t < length; t++)
                {
                    Array.Copy(values, ((b * Steps) + t) * width, reversed, ((b * Steps) + length - 1 - t) * width, width);
                }
            }

            return reversed;
        }
    }
}
