using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit.Training;

/// <summary>
/// The elementwise part of a cell in training, for one unit of one sequence at one step: the forward
/// pass that records the gate activations, and its derivative. Written out from PyTorch's equations,
/// with gate g of the unit at <c>g * H + unit</c>, H being the layer's hidden size.
/// </summary>
internal static class CellTrainingEmitter
{
    /// <summary>
    /// In scope: <c>stepGates</c> (the input projection of this step, overwritten with the activations),
    /// <c>stepRecurrent</c> (the recurrent projection), <c>hidden</c>/<c>cell</c> with <c>previous</c> and
    /// <c>next</c> row offsets, and <c>unit</c>. <paramref name="record"/> is the layer direction's index into the tape's records.
    /// </summary>
    public static void EmitForward(SourceWriter writer, LayerModel shape, string hidden, int record)
    {
        switch (shape.Cell)
        {
            case CellKind.Lstm:
                writer.Lines($$"""
                    float inputGate = FastMath.Sigmoid(stepGates[unit] + stepRecurrent[unit]);
                    float forgetGate = FastMath.Sigmoid(stepGates[{{hidden}} + unit] + stepRecurrent[{{hidden}} + unit]);
                    float candidate = FastMath.Tanh(stepGates[(2 * {{hidden}}) + unit] + stepRecurrent[(2 * {{hidden}}) + unit]);
                    float outputGate = FastMath.Sigmoid(stepGates[(3 * {{hidden}}) + unit] + stepRecurrent[(3 * {{hidden}}) + unit]);
                    float cellNext = (forgetGate * cell[previous + unit]) + (inputGate * candidate);
                    cell[next + unit] = cellNext;
                    hidden[next + unit] = outputGate * FastMath.Tanh(cellNext);
                    stepGates[unit] = inputGate;
                    stepGates[{{hidden}} + unit] = forgetGate;
                    stepGates[(2 * {{hidden}}) + unit] = candidate;
                    stepGates[(3 * {{hidden}}) + unit] = outputGate;
                    """);
                break;

            case CellKind.Gru:
                writer.Lines($$"""
                    float resetGate = FastMath.Sigmoid(stepGates[unit] + stepRecurrent[unit]);
                    float updateGate = FastMath.Sigmoid(stepGates[{{hidden}} + unit] + stepRecurrent[{{hidden}} + unit]);
                    float newGateRecurrent = stepRecurrent[(2 * {{hidden}}) + unit];
                    float newGate = FastMath.Tanh(stepGates[(2 * {{hidden}}) + unit] + (resetGate * newGateRecurrent));
                    hidden[next + unit] = newGate + (updateGate * (hidden[previous + unit] - newGate));
                    stepGates[unit] = resetGate;
                    stepGates[{{hidden}} + unit] = updateGate;
                    stepGates[(2 * {{hidden}}) + unit] = newGate;
                    tape.NewGateRecurrent[{{record}}][(row * {{hidden}}) + unit] = newGateRecurrent;
                    """);
                break;

            default:
                string activation = shape.Nonlinearity == ActivationKind.Relu
                    ? "MathF.Max(stepGates[unit] + stepRecurrent[unit], 0f)"
                    : "FastMath.Tanh(stepGates[unit] + stepRecurrent[unit])";
                writer.Lines($$"""
                    float value = {{activation}};
                    hidden[next + unit] = value;
                    stepGates[unit] = value;
                    """);
                break;
        }
    }

    /// <summary>
    /// In scope additionally: <c>hiddenGradient</c> (dL/dh of this step, from above and from the future),
    /// <c>stepGradients</c> (receives dL/d(pre-activation) of the input side), <c>stepRecurrentGradients</c>
    /// (GRU: the recurrent side), <c>carriedHidden</c> (receives the part of dL/dh_{t-1} that does not go
    /// through W_hh) and for LSTM <c>carriedCell</c> (dL/dc, updated to dL/dc_{t-1}).
    /// </summary>
    public static void EmitBackward(SourceWriter writer, LayerModel shape, string hidden, int record)
    {
        switch (shape.Cell)
        {
            case CellKind.Lstm:
                writer.Lines($$"""
                    float inputGate = stepGates[unit];
                    float forgetGate = stepGates[{{hidden}} + unit];
                    float candidate = stepGates[(2 * {{hidden}}) + unit];
                    float outputGate = stepGates[(3 * {{hidden}}) + unit];
                    float tanhCell = FastMath.Tanh(cell[next + unit]);

                    // dL/dc_t gathers the future's dL/dc and h_t = o ⊙ tanh(c_t).
                    float cellGradient = carriedCell[unit] + (hiddenGradient * outputGate * (1f - (tanhCell * tanhCell)));
                    stepGradients[unit] = cellGradient * candidate * inputGate * (1f - inputGate);
                    stepGradients[{{hidden}} + unit] = cellGradient * cell[previous + unit] * forgetGate * (1f - forgetGate);
                    stepGradients[(2 * {{hidden}}) + unit] = cellGradient * inputGate * (1f - (candidate * candidate));
                    stepGradients[(3 * {{hidden}}) + unit] = hiddenGradient * tanhCell * outputGate * (1f - outputGate);
                    carriedCell[unit] = cellGradient * forgetGate;
                    carriedHidden[unit] = 0f;
                    """);
                break;

            case CellKind.Gru:
                writer.Lines($$"""
                    float resetGate = stepGates[unit];
                    float updateGate = stepGates[{{hidden}} + unit];
                    float newGate = stepGates[(2 * {{hidden}}) + unit];
                    float newGateRecurrent = tape.NewGateRecurrent[{{record}}][(row * {{hidden}}) + unit];

                    // h_t = n + z ⊙ (h_{t-1} − n), n = tanh(W_in x + b_in + r ⊙ (W_hn h_{t-1} + b_hn)).
                    float newGateGradient = hiddenGradient * (1f - updateGate) * (1f - (newGate * newGate));
                    float updateGateGradient = hiddenGradient * (hidden[previous + unit] - newGate) * updateGate * (1f - updateGate);
                    float resetGateGradient = newGateGradient * newGateRecurrent * resetGate * (1f - resetGate);
                    stepGradients[unit] = resetGateGradient;
                    stepGradients[{{hidden}} + unit] = updateGateGradient;
                    stepGradients[(2 * {{hidden}}) + unit] = newGateGradient;
                    stepRecurrentGradients[unit] = resetGateGradient;
                    stepRecurrentGradients[{{hidden}} + unit] = updateGateGradient;
                    stepRecurrentGradients[(2 * {{hidden}}) + unit] = newGateGradient * resetGate;
                    carriedHidden[unit] = hiddenGradient * updateGate;
                    """);
                break;

            default:
                string derivative = shape.Nonlinearity == ActivationKind.Relu
                    ? "stepGates[unit] > 0f ? hiddenGradient : 0f"
                    : "hiddenGradient * (1f - (stepGates[unit] * stepGates[unit]))";
                writer.Lines($$"""
                    stepGradients[unit] = {{derivative}};
                    carriedHidden[unit] = 0f;
                    """);
                break;
        }
    }
}
