using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Tests.Reference;

/// <summary>What <see cref="ReferenceBackward"/> or <see cref="ReferenceBidirectionalBackward"/> found for one batch.</summary>
/// <param name="Outputs">
/// The outputs, <c>[B, T, ResultSize]</c>, zero at padded steps; or each sequence's final output, <c>[B, ResultSize]</c>,
/// when <see cref="ReferenceBidirectionalBackward.Compute"/> is asked for <see cref="SequenceOutputs.LastStep"/>.
/// </param>
/// <param name="ParameterGradients">
/// dL/dθ for every parameter, keyed by its PyTorch name, in PyTorch's layout, summed over the batch.
/// </param>
/// <param name="InputGradients">dL/dx, <c>[B, T, InputSize]</c>; zero at padded steps.</param>
/// <param name="InitialStateGradient">
/// dL/d(initial state): for each layer in turn <c>[B, its hidden size]</c> of h, and then, when any layer is
/// an LSTM, the same of c (zero for the other layers, which have none). A bidirectional network's is PyTorch's
/// <c>h0</c> and <c>c0</c> instead: see <see cref="ReferenceBidirectionalBackward.Compute"/>.
/// </param>
/// <param name="FinalState">
/// The state each sequence reached at its last valid step, in the layout of <paramref name="InitialStateGradient"/>.
/// </param>
public sealed record ReferenceGradients(
    double[] Outputs,
    IReadOnlyDictionary<string, double[]> ParameterGradients,
    double[] InputGradients,
    double[] InitialStateGradient,
    double[] FinalState);

/// <summary>
/// Backpropagation through time in double precision, written straight from the equations of
/// <c>torch.nn.RNN</c>, <c>torch.nn.LSTM</c>, <c>torch.nn.GRU</c> and <c>torch.nn.Linear</c>, so that the
/// generated training code can be checked against something that shares none of its structure.
/// </summary>
/// <remarks>
/// Each sequence is run and differentiated on its own, one step and one layer at a time, and its
/// gradients are added to the batch's. The forward half repeats <see cref="ReferenceNetwork"/>'s
/// arithmetic operation for operation, so its outputs are bitwise those of
/// <see cref="ReferenceNetwork.Forward(ReadOnlySpan{float}, int)"/>; it exists only because that class
/// keeps none of the intermediate values the backward half needs.
/// </remarks>
public static class ReferenceBackward
{
    /// <summary>Runs a batch forward and backpropagates <paramref name="outputGradients"/> through it.</summary>
    /// <param name="shape">The network's sizes.</param>
    /// <param name="parameters">Every parameter of <paramref name="shape"/>, by PyTorch name and in PyTorch's layout.</param>
    /// <param name="inputs"><c>[B, T, InputSize]</c>, B being <c>lengths.Length</c>.</param>
    /// <param name="lengths">The valid steps of each sequence, 1 to T; later steps are padding.</param>
    /// <param name="outputGradients">dL/dOutput, <c>[B, T, ResultSize]</c>; padded steps are ignored.</param>
    /// <param name="initialState">
    /// The layout of <see cref="ReferenceGradients.InitialStateGradient"/>; null for zeros.
    /// </param>
    /// <param name="dropoutMask">
    /// Training-time dropout between stacked layers (PyTorch's <c>dropout</c>): the factor, 0 or 1/(1 − p),
    /// by which layer k's h at sequence b, step t, unit j is multiplied before layer k + 1 reads it, given
    /// as <c>(k, b, t, j)</c>; null for none.
    /// </param>
    /// <exception cref="ArgumentException">A size disagrees with the shape, or a length is out of range.</exception>
    public static ReferenceGradients Compute(
        NetworkShape shape,
        IReadOnlyDictionary<string, float[]> parameters,
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<int> lengths,
        ReadOnlySpan<double> outputGradients,
        double[]? initialState = null,
        Func<int, int, int, int, double>? dropoutMask = null) =>
        Compute(shape, parameters, inputs.ToArray().Select(value => (double)value).ToArray(), lengths, outputGradients, initialState, dropoutMask);

    /// <summary>
    /// Runs a batch of double-precision inputs (a layer below's output) forward and backpropagates
    /// <paramref name="outputGradients"/> through it.
    /// </summary>
    /// <inheritdoc cref="Compute(NetworkShape, IReadOnlyDictionary{string, float[]}, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{double}, double[], Func{int, int, int, int, double})"/>
    public static ReferenceGradients Compute(
        NetworkShape shape,
        IReadOnlyDictionary<string, float[]> parameters,
        ReadOnlySpan<double> inputs,
        ReadOnlySpan<int> lengths,
        ReadOnlySpan<double> outputGradients,
        double[]? initialState = null,
        Func<int, int, int, int, double>? dropoutMask = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);

        // Sharing the forward reference's checks keeps both references accepting exactly the same networks.
        _ = new ReferenceNetwork(shape, parameters);

        int batch = lengths.Length;
        int inputSize = shape.InputSize;
        int resultSize = shape.ResultSize;
        int layers = shape.LayerCount;
        bool hasCell = shape.HasCellState;
        int stateBlock = shape.StateUnits * batch;
        int stateLength = hasCell ? 2 * stateBlock : stateBlock;
        int steps = CheckBatch(shape, inputs.Length, lengths, outputGradients.Length, initialState, stateLength);

        // float to double is exact, so converting once changes no result.
        Dictionary<string, double[]> weights = parameters.ToDictionary(
            pair => pair.Key, pair => pair.Value.Select(value => (double)value).ToArray());
        Dictionary<string, double[]> gradients = weights.ToDictionary(pair => pair.Key, pair => new double[pair.Value.Length]);

        var outputs = new double[batch * steps * resultSize];
        var inputGradients = new double[batch * steps * inputSize];
        var initialStateGradient = new double[stateLength];
        var finalState = new double[stateLength];

        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];

            // Forward, keeping every layer's step and every head step of this sequence.
            var hidden = new double[layers][];
            var cell = new double[layers][];
            for (int layer = 0; layer < layers; layer++)
            {
                int hiddenSize = shape.Layer(layer).HiddenSize;
                bool layerHasCell = shape.Layer(layer).Cell == CellType.Lstm;
                hidden[layer] = new double[hiddenSize];
                cell[layer] = new double[hiddenSize];
                for (int j = 0; j < hiddenSize; j++)
                {
                    int at = StateIndex(shape, layer, b, j, batch);
                    hidden[layer][j] = initialState?[at] ?? 0;
                    cell[layer][j] = layerHasCell ? (initialState?[stateBlock + at] ?? 0) : 0;
                }
            }

            var layerSteps = new LayerStep[layers, length];
            var headSteps = new HeadStep[length];
            for (int t = 0; t < length; t++)
            {
                var x = new double[inputSize];
                for (int i = 0; i < inputSize; i++)
                {
                    x[i] = inputs[(b * steps + t) * inputSize + i];
                }

                for (int layer = 0; layer < layers; layer++)
                {
                    LayerStep step = ForwardCell(shape, weights, layer, x, hidden[layer], cell[layer]);
                    layerSteps[layer, t] = step;
                    hidden[layer] = step.Hidden;
                    cell[layer] = step.Cell;
                    x = step.Hidden;
                    if (dropoutMask is not null && layer < layers - 1)
                    {
                        int below = layer;
                        int sequence = b;
                        int time = t;
                        x = x.Select((value, j) => value * dropoutMask(below, sequence, time, j)).ToArray();
                    }
                }

                double[] y = x;
                if (shape.OutputSize > 0)
                {
                    headSteps[t] = ForwardHead(shape, weights, x);
                    y = headSteps[t].Output;
                }

                Array.Copy(y, 0, outputs, (b * steps + t) * resultSize, resultSize);
            }

            // Padded steps pass the state through unchanged, so the last valid step's state is the final one.
            for (int layer = 0; layer < layers; layer++)
            {
                for (int j = 0; j < shape.Layer(layer).HiddenSize; j++)
                {
                    int at = StateIndex(shape, layer, b, j, batch);
                    finalState[at] = hidden[layer][j];
                    if (hasCell)
                    {
                        finalState[stateBlock + at] = cell[layer][j];
                    }
                }
            }

            // Backward. dHiddenNext[layer] and dCellNext[layer] are what step t+1 sends back into the
            // state it started from; nothing comes back from beyond the last valid step, because the
            // loss sees padded steps through nothing but their (ignored) outputs.
            var dHiddenNext = new double[layers][];
            var dCellNext = new double[layers][];
            for (int layer = 0; layer < layers; layer++)
            {
                dHiddenNext[layer] = new double[shape.Layer(layer).HiddenSize];
                dCellNext[layer] = new double[shape.Layer(layer).HiddenSize];
            }

            for (int t = length - 1; t >= 0; t--)
            {
                var dOutput = new double[resultSize];
                for (int k = 0; k < resultSize; k++)
                {
                    dOutput[k] = outputGradients[(b * steps + t) * resultSize + k];
                }

                double[] dFromAbove = shape.OutputSize > 0
                    ? BackwardHead(shape, weights, gradients, headSteps[t], dOutput)
                    : dOutput;

                for (int layer = layers - 1; layer >= 0; layer--)
                {
                    var dHidden = new double[shape.Layer(layer).HiddenSize];
                    for (int j = 0; j < dHidden.Length; j++)
                    {
                        dHidden[j] = dHiddenNext[layer][j] + dFromAbove[j];
                    }

                    (double[] dInput, double[] dHiddenBefore, double[] dCellBefore) =
                        BackwardCell(shape, weights, gradients, layer, layerSteps[layer, t], dHidden, dCellNext[layer]);
                    dHiddenNext[layer] = dHiddenBefore;
                    dCellNext[layer] = dCellBefore;
                    dFromAbove = dInput;
                    if (dropoutMask is not null && layer > 0)
                    {
                        int below = layer - 1;
                        int sequence = b;
                        int time = t;
                        dFromAbove = dFromAbove.Select((value, j) => value * dropoutMask(below, sequence, time, j)).ToArray();
                    }
                }

                Array.Copy(dFromAbove, 0, inputGradients, (b * steps + t) * inputSize, inputSize);
            }

            for (int layer = 0; layer < layers; layer++)
            {
                for (int j = 0; j < shape.Layer(layer).HiddenSize; j++)
                {
                    int at = StateIndex(shape, layer, b, j, batch);
                    initialStateGradient[at] = dHiddenNext[layer][j];
                    if (hasCell)
                    {
                        initialStateGradient[stateBlock + at] = dCellNext[layer][j];
                    }
                }
            }
        }

        return new ReferenceGradients(outputs, gradients, inputGradients, initialStateGradient, finalState);
    }

    /// <summary>
    /// Checks a batch's sizes against <paramref name="shape"/>, as both backward references take them, and returns
    /// its steps, T. The output gradients are <c>[B, T, ResultSize]</c>, or <c>[B, ResultSize]</c> when
    /// <paramref name="returns"/> is <see cref="SequenceOutputs.LastStep"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A size disagrees with the shape, or a length is out of range.</exception>
    internal static int CheckBatch(
        NetworkShape shape,
        int inputCount,
        ReadOnlySpan<int> lengths,
        int outputGradientCount,
        double[]? initialState,
        int stateLength,
        SequenceOutputs returns = SequenceOutputs.EveryStep)
    {
        int batch = lengths.Length;
        if (batch == 0)
        {
            throw new ArgumentException("A batch needs at least one sequence.", nameof(lengths));
        }

        int inputSize = shape.InputSize;
        int resultSize = shape.ResultSize;
        if (inputCount % (batch * inputSize) != 0)
        {
            throw new ArgumentException(
                $"{inputCount} inputs are not a whole number of steps of {batch} sequences of {inputSize} features.",
                "inputs");
        }

        int steps = inputCount / (batch * inputSize);
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
            {
                throw new ArgumentException($"Sequence {b} has length {lengths[b]}; lengths must be 1 to {steps}.", nameof(lengths));
            }
        }

        int outputRows = returns == SequenceOutputs.LastStep ? batch : batch * steps;
        if (outputGradientCount != outputRows * resultSize)
        {
            throw new ArgumentException(
                $"{batch} sequences of {steps} steps with {returns} outputs of {resultSize} need {outputRows * resultSize} output gradients, not {outputGradientCount}.",
                "outputGradients");
        }

        if (initialState is not null && initialState.Length != stateLength)
        {
            throw new ArgumentException(
                $"The initial state needs {stateLength} values, not {initialState.Length}.", nameof(initialState));
        }

        return steps;
    }

    /// <summary>One layer's step: what went in, the two affine halves, the activated gates and what came out.</summary>
    /// <param name="Gates">
    /// The activated gates in PyTorch's order (LSTM i, f, g, o; GRU r, z, n); for RNN, the new h.
    /// </param>
    private sealed record LayerStep(
        double[] Input,
        double[] HiddenBefore,
        double[] CellBefore,
        double[] FromInput,
        double[] FromHidden,
        double[] Gates,
        double[] Hidden,
        double[] Cell);

    /// <summary>One head step: the top layer's h, <c>W h + b</c>, and its activation.</summary>
    internal sealed record HeadStep(double[] Hidden, double[] Affine, double[] Output);

    private static LayerStep ForwardCell(
        NetworkShape shape, Dictionary<string, double[]> weights, int layer, double[] x, double[] hiddenBefore, double[] cellBefore)
    {
        LayerShape layerShape = shape.Layer(layer);
        int size = layerShape.HiddenSize;
        double[] fromInput = Affine(weights[$"weight_ih_l{layer}"], weights[$"bias_ih_l{layer}"], x);
        double[] fromHidden = Affine(weights[$"weight_hh_l{layer}"], weights[$"bias_hh_l{layer}"], hiddenBefore);
        var gates = new double[NetworkShape.GatesOf(layerShape.Cell) * size];
        var h = new double[size];
        var c = new double[size];

        switch (layerShape.Cell)
        {
            case CellType.Rnn:
                for (int j = 0; j < size; j++)
                {
                    h[j] = Apply(layerShape.Nonlinearity, fromInput[j] + fromHidden[j]);
                    gates[j] = h[j];
                }

                break;

            case CellType.Lstm:
                for (int j = 0; j < size; j++)
                {
                    double inputGate = Sigmoid(fromInput[j] + fromHidden[j]);
                    double forgetGate = Sigmoid(fromInput[size + j] + fromHidden[size + j]);
                    double candidate = Math.Tanh(fromInput[2 * size + j] + fromHidden[2 * size + j]);
                    double outputGate = Sigmoid(fromInput[3 * size + j] + fromHidden[3 * size + j]);
                    c[j] = forgetGate * cellBefore[j] + inputGate * candidate;
                    h[j] = outputGate * Math.Tanh(c[j]);
                    gates[j] = inputGate;
                    gates[size + j] = forgetGate;
                    gates[2 * size + j] = candidate;
                    gates[3 * size + j] = outputGate;
                }

                break;

            case CellType.Gru:
                for (int j = 0; j < size; j++)
                {
                    double reset = Sigmoid(fromInput[j] + fromHidden[j]);
                    double update = Sigmoid(fromInput[size + j] + fromHidden[size + j]);
                    // PyTorch resets the hidden half after its bias (ONNX's linear_before_reset=1).
                    double candidate = Math.Tanh(fromInput[2 * size + j] + reset * fromHidden[2 * size + j]);
                    h[j] = (1 - update) * candidate + update * hiddenBefore[j];
                    gates[j] = reset;
                    gates[size + j] = update;
                    gates[2 * size + j] = candidate;
                }

                break;

            default:
                throw new InvalidOperationException($"Unknown cell type {layerShape.Cell}.");
        }

        return new LayerStep(x, hiddenBefore, cellBefore, fromInput, fromHidden, gates, h, c);
    }

    /// <summary>
    /// Takes dL/dh' (and, for LSTM, dL/dc') of one layer's step, adds the step's share to the layer's
    /// parameter gradients, and returns dL/dx, dL/dh and dL/dc for the step's inputs.
    /// </summary>
    private static (double[] Input, double[] HiddenBefore, double[] CellBefore) BackwardCell(
        NetworkShape shape,
        Dictionary<string, double[]> weights,
        Dictionary<string, double[]> gradients,
        int layer,
        LayerStep step,
        double[] dHidden,
        double[] dCell)
    {
        LayerShape layerShape = shape.Layer(layer);
        int size = layerShape.HiddenSize;
        double[] gates = step.Gates;

        // Gradients of the two affine halves W_ih x + b_ih and W_hh h + b_hh; they differ only in GRU's n block.
        var dFromInput = new double[gates.Length];
        var dFromHidden = new double[gates.Length];
        var dCellBefore = new double[size];
        // GRU's z ⊙ h reaches the previous h without passing through W_hh.
        var dHiddenDirect = new double[size];

        switch (layerShape.Cell)
        {
            case CellType.Rnn:
                for (int j = 0; j < size; j++)
                {
                    double preActivation = step.FromInput[j] + step.FromHidden[j];
                    double h = gates[j];
                    // PyTorch's relu passes no gradient at exactly 0 (threshold_backward keeps x > 0 only).
                    double slope = layerShape.Nonlinearity == Activation.Tanh ? 1 - h * h : preActivation > 0 ? 1 : 0;
                    dFromInput[j] = dHidden[j] * slope;
                    dFromHidden[j] = dHidden[j] * slope;
                }

                break;

            case CellType.Lstm:
                for (int j = 0; j < size; j++)
                {
                    double inputGate = gates[j];
                    double forgetGate = gates[size + j];
                    double candidate = gates[2 * size + j];
                    double outputGate = gates[3 * size + j];
                    double tanhCell = Math.Tanh(step.Cell[j]);

                    // c' reaches the loss both directly (through the next step) and through h' = o ⊙ tanh(c').
                    double dC = dCell[j] + dHidden[j] * outputGate * (1 - tanhCell * tanhCell);
                    double dInputGate = dC * candidate;
                    double dForgetGate = dC * step.CellBefore[j];
                    double dCandidate = dC * inputGate;
                    double dOutputGate = dHidden[j] * tanhCell;

                    dFromInput[j] = dInputGate * inputGate * (1 - inputGate);
                    dFromInput[size + j] = dForgetGate * forgetGate * (1 - forgetGate);
                    dFromInput[2 * size + j] = dCandidate * (1 - candidate * candidate);
                    dFromInput[3 * size + j] = dOutputGate * outputGate * (1 - outputGate);
                    for (int gate = 0; gate < 4; gate++)
                    {
                        dFromHidden[gate * size + j] = dFromInput[gate * size + j];
                    }

                    dCellBefore[j] = dC * forgetGate;
                }

                break;

            case CellType.Gru:
                for (int j = 0; j < size; j++)
                {
                    double reset = gates[j];
                    double update = gates[size + j];
                    double candidate = gates[2 * size + j];

                    // h' = (1 - z) ⊙ n + z ⊙ h
                    double dCandidate = dHidden[j] * (1 - update);
                    double dUpdate = dHidden[j] * (step.HiddenBefore[j] - candidate);
                    dHiddenDirect[j] = dHidden[j] * update;

                    // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
                    double dCandidatePre = dCandidate * (1 - candidate * candidate);
                    double dReset = dCandidatePre * step.FromHidden[2 * size + j];

                    dFromInput[j] = dReset * reset * (1 - reset);
                    dFromHidden[j] = dFromInput[j];
                    dFromInput[size + j] = dUpdate * update * (1 - update);
                    dFromHidden[size + j] = dFromInput[size + j];
                    dFromInput[2 * size + j] = dCandidatePre;
                    dFromHidden[2 * size + j] = dCandidatePre * reset;
                }

                break;

            default:
                throw new InvalidOperationException($"Unknown cell type {layerShape.Cell}.");
        }

        AccumulateAffine(gradients[$"weight_ih_l{layer}"], gradients[$"bias_ih_l{layer}"], dFromInput, step.Input);
        AccumulateAffine(gradients[$"weight_hh_l{layer}"], gradients[$"bias_hh_l{layer}"], dFromHidden, step.HiddenBefore);

        double[] dInput = TransposeTimes(weights[$"weight_ih_l{layer}"], dFromInput, step.Input.Length);
        double[] dHiddenBefore = TransposeTimes(weights[$"weight_hh_l{layer}"], dFromHidden, size);
        for (int j = 0; j < size; j++)
        {
            dHiddenBefore[j] += dHiddenDirect[j];
        }

        return (dInput, dHiddenBefore, dCellBefore);
    }

    internal static HeadStep ForwardHead(NetworkShape shape, Dictionary<string, double[]> weights, double[] h)
    {
        double[] affine = Affine(weights["head.weight"], weights["head.bias"], h);
        var y = new double[affine.Length];
        if (shape.OutputActivation == Activation.Softmax)
        {
            // Subtracting the maximum keeps exp finite without changing the quotient.
            double max = affine.Max();
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = Math.Exp(affine[i] - max);
                sum += y[i];
            }

            for (int i = 0; i < y.Length; i++)
            {
                y[i] /= sum;
            }
        }
        else
        {
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = Apply(shape.OutputActivation, affine[i]);
            }
        }

        return new HeadStep(h, affine, y);
    }

    /// <summary>Adds the head's share to its parameter gradients and returns dL/dh of the top layer.</summary>
    internal static double[] BackwardHead(
        NetworkShape shape, Dictionary<string, double[]> weights, Dictionary<string, double[]> gradients, HeadStep step, double[] dOutput)
    {
        double[] y = step.Output;
        var dAffine = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            dAffine[i] = shape.OutputActivation switch
            {
                Activation.Identity => dOutput[i],
                Activation.Tanh => dOutput[i] * (1 - y[i] * y[i]),
                // As PyTorch: no gradient at exactly 0.
                Activation.Relu => step.Affine[i] > 0 ? dOutput[i] : 0,
                Activation.Sigmoid => dOutput[i] * y[i] * (1 - y[i]),
                // Every output depends on every input: dy_k/da_i = y_k (δ_ki - y_i).
                Activation.Softmax => SoftmaxInputGradient(y, dOutput, i),
                _ => throw new InvalidOperationException($"Unknown output activation {shape.OutputActivation}."),
            };
        }

        AccumulateAffine(gradients["head.weight"], gradients["head.bias"], dAffine, step.Hidden);
        return TransposeTimes(weights["head.weight"], dAffine, step.Hidden.Length);
    }

    private static double SoftmaxInputGradient(double[] y, double[] dOutput, int i)
    {
        double sum = 0;
        for (int k = 0; k < y.Length; k++)
        {
            double kroneckerDelta = k == i ? 1 : 0;
            sum += dOutput[k] * y[k] * (kroneckerDelta - y[i]);
        }

        return sum;
    }

    /// <summary><c>W x + b</c> for a row-major W of as many rows as b has values, summed as <see cref="ReferenceNetwork"/> sums it.</summary>
    private static double[] Affine(double[] weight, double[] bias, double[] x)
    {
        var y = new double[bias.Length];
        for (int row = 0; row < y.Length; row++)
        {
            double sum = bias[row];
            for (int column = 0; column < x.Length; column++)
            {
                sum += weight[row * x.Length + column] * x[column];
            }

            y[row] = sum;
        }

        return y;
    }

    /// <summary>For <c>y = W x + b</c>: adds <c>dy xᵀ</c> to dW and <c>dy</c> to db.</summary>
    private static void AccumulateAffine(double[] weightGradient, double[] biasGradient, double[] dY, double[] x)
    {
        for (int row = 0; row < dY.Length; row++)
        {
            biasGradient[row] += dY[row];
            for (int column = 0; column < x.Length; column++)
            {
                weightGradient[row * x.Length + column] += dY[row] * x[column];
            }
        }
    }

    /// <summary><c>Wᵀ dy</c> for a row-major W of <paramref name="columns"/> columns: dL/dx of <c>y = W x + b</c>.</summary>
    private static double[] TransposeTimes(double[] weight, double[] dY, int columns)
    {
        var dX = new double[columns];
        for (int row = 0; row < dY.Length; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                dX[column] += weight[row * columns + column] * dY[row];
            }
        }

        return dX;
    }

    /// <summary>Where a unit of a sequence's h (or c) sits in a state block: the layers one after another, each <c>[B, its hidden size]</c>.</summary>
    private static int StateIndex(NetworkShape shape, int layer, int sequence, int unit, int batch)
    {
        int layerStart = Enumerable.Range(0, layer).Sum(below => shape.Layer(below).HiddenSize) * batch;
        return layerStart + (sequence * shape.Layer(layer).HiddenSize) + unit;
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
}
