using System;
using System.Collections.Generic;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

/// <summary>
/// A one-layer tanh RNN with a linear head, written plainly with exact backpropagation through time: a
/// stand-in for a generated network, so the trainer can be tested before the generated backward pass exists.
/// <c>h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)</c>, <c>y_t = W h_t + b</c>.
/// </summary>
internal sealed class TinyRecurrentNetwork : ITrainableNetwork
{
    private static readonly string[] Names = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "head.weight", "head.bias"];

    private readonly float[] _parameters;
    private readonly int _inputWeights;
    private readonly int _recurrentWeights;
    private readonly int _inputBias;
    private readonly int _recurrentBias;
    private readonly int _headWeights;
    private readonly int _headBias;

    public TinyRecurrentNetwork(int inputSize, int hiddenSize, int outputSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        OutputSize = outputSize;
        _inputWeights = 0;
        _recurrentWeights = _inputWeights + (hiddenSize * inputSize);
        _inputBias = _recurrentWeights + (hiddenSize * hiddenSize);
        _recurrentBias = _inputBias + hiddenSize;
        _headWeights = _recurrentBias + hiddenSize;
        _headBias = _headWeights + (outputSize * hiddenSize);
        ParameterCount = _headBias + outputSize;
        _parameters = new float[ParameterCount];
    }

    public CellType Cell => CellType.Rnn;

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int Layers => 1;

    public IReadOnlyList<LayerShape> LayerShapes => [new LayerShape(CellType.Rnn, InputSize, HiddenSize, Activation.Tanh)];

    public int OutputSize { get; }

    public int ParameterCount { get; }

    public IReadOnlyList<string> ParameterNames => Names;

    public Span<float> ParameterValues => _parameters;

    /// <summary>How many times the trainer announced written parameters.</summary>
    public int ParametersChangedCalls { get; private set; }

    /// <summary>When set, every recorded pass is logged here (which allocates, so only tests that read it set it).</summary>
    public List<RecordedPass>? RecordedPasses { get; set; }

    public void ParametersChanged() => ParametersChangedCalls++;

    public int[] ParameterShape(string name) => name switch
    {
        "weight_ih_l0" => [HiddenSize, InputSize],
        "weight_hh_l0" => [HiddenSize, HiddenSize],
        "bias_ih_l0" or "bias_hh_l0" => [HiddenSize],
        "head.weight" => [OutputSize, HiddenSize],
        "head.bias" => [OutputSize],
        _ => throw new ArgumentException($"Unknown parameter '{name}'.", nameof(name)),
    };

    public void SetParameter(string name, ReadOnlySpan<float> values) => values.CopyTo(Parameter(name, values.Length));

    public void GetParameter(string name, Span<float> destination) => Parameter(name, destination.Length).CopyTo(destination);

    public void InitializeParameters(int seed)
    {
        var random = new ParameterRandom(seed);
        random.FillUniform(_parameters, 1 / MathF.Sqrt(HiddenSize));
        ParametersChanged();
    }

    public ITrainingTape CreateTape(int maxSequenceLength, int maxBatchSize) => new TinyTape(this, maxSequenceLength, maxBatchSize);

    public void ForwardTraining(ITrainingTape tape, ReadOnlySpan<float> inputs, ReadOnlySpan<int> lengths, Span<float> outputs)
    {
        var own = (TinyTape)tape;
        int steps = own.Begin(inputs, lengths, outputs.Length);
        outputs.Clear();
        for (int b = 0; b < lengths.Length; b++)
        {
            own.InitialState.Slice(b * HiddenSize, HiddenSize).CopyTo(own.Hidden(b, 0));
            for (int t = 0; t < lengths[b]; t++)
            {
                ReadOnlySpan<float> x = own.Input(b, t, steps);
                ReadOnlySpan<float> previous = own.Hidden(b, t);
                Span<float> hidden = own.Hidden(b, t + 1);
                for (int j = 0; j < HiddenSize; j++)
                {
                    float sum = _parameters[_inputBias + j] + _parameters[_recurrentBias + j];
                    for (int k = 0; k < InputSize; k++)
                    {
                        sum += _parameters[_inputWeights + (j * InputSize) + k] * x[k];
                    }

                    for (int l = 0; l < HiddenSize; l++)
                    {
                        sum += _parameters[_recurrentWeights + (j * HiddenSize) + l] * previous[l];
                    }

                    hidden[j] = MathF.Tanh(sum);
                }

                Span<float> y = outputs.Slice(((b * steps) + t) * OutputSize, OutputSize);
                for (int o = 0; o < OutputSize; o++)
                {
                    float sum = _parameters[_headBias + o];
                    for (int j = 0; j < HiddenSize; j++)
                    {
                        sum += _parameters[_headWeights + (o * HiddenSize) + j] * hidden[j];
                    }

                    y[o] = sum;
                }
            }
        }

        RecordedPasses?.Add(new RecordedPass(lengths.ToArray(), own.InitialState.Slice(0, lengths.Length * HiddenSize).ToArray(), own.FinalStates()));
    }

    public void Backward(ITrainingTape tape, ReadOnlySpan<float> outputGradients, Span<float> parameterGradients, Span<float> inputGradients)
    {
        var own = (TinyTape)tape;
        int steps = own.Steps;
        int batch = own.Batch;
        TinyTape.Require(outputGradients.Length == batch * steps * OutputSize, "The output gradients are not [B, T, OutputSize].");
        TinyTape.Require(parameterGradients.Length == ParameterCount, "The parameter gradients are not ParameterCount long.");
        inputGradients.Clear();
        Span<float> hiddenGradient = own.HiddenGradient;
        Span<float> preActivationGradient = own.PreActivationGradient;
        Span<float> nextHiddenGradient = own.NextHiddenGradient;
        for (int b = 0; b < batch; b++)
        {
            nextHiddenGradient.Clear();
            for (int t = own.Length(b) - 1; t >= 0; t--)
            {
                ReadOnlySpan<float> x = own.Input(b, t, steps);
                ReadOnlySpan<float> previous = own.Hidden(b, t);
                ReadOnlySpan<float> hidden = own.Hidden(b, t + 1);
                ReadOnlySpan<float> dy = outputGradients.Slice(((b * steps) + t) * OutputSize, OutputSize);
                nextHiddenGradient.CopyTo(hiddenGradient);
                for (int o = 0; o < OutputSize; o++)
                {
                    parameterGradients[_headBias + o] += dy[o];
                    for (int j = 0; j < HiddenSize; j++)
                    {
                        parameterGradients[_headWeights + (o * HiddenSize) + j] += dy[o] * hidden[j];
                        hiddenGradient[j] += _parameters[_headWeights + (o * HiddenSize) + j] * dy[o];
                    }
                }

                for (int j = 0; j < HiddenSize; j++)
                {
                    preActivationGradient[j] = hiddenGradient[j] * (1 - (hidden[j] * hidden[j]));
                }

                nextHiddenGradient.Clear();
                for (int j = 0; j < HiddenSize; j++)
                {
                    float da = preActivationGradient[j];
                    parameterGradients[_inputBias + j] += da;
                    parameterGradients[_recurrentBias + j] += da;
                    for (int k = 0; k < InputSize; k++)
                    {
                        parameterGradients[_inputWeights + (j * InputSize) + k] += da * x[k];
                        if (!inputGradients.IsEmpty)
                        {
                            inputGradients[(((b * steps) + t) * InputSize) + k] += _parameters[_inputWeights + (j * InputSize) + k] * da;
                        }
                    }

                    for (int l = 0; l < HiddenSize; l++)
                    {
                        parameterGradients[_recurrentWeights + (j * HiddenSize) + l] += da * previous[l];
                        nextHiddenGradient[l] += _parameters[_recurrentWeights + (j * HiddenSize) + l] * da;
                    }
                }
            }

            nextHiddenGradient.CopyTo(own.InitialStateGradientBuffer.Slice(b * HiddenSize, HiddenSize));
        }
    }

    private Span<float> Parameter(string name, int length)
    {
        int[] shape = ParameterShape(name);
        int size = shape.Length == 1 ? shape[0] : shape[0] * shape[1];
        TinyTape.Require(length == size, "The span does not have the parameter's length.");
        int offset = name switch
        {
            "weight_ih_l0" => _inputWeights,
            "weight_hh_l0" => _recurrentWeights,
            "bias_ih_l0" => _inputBias,
            "bias_hh_l0" => _recurrentBias,
            "head.weight" => _headWeights,
            _ => _headBias,
        };
        return _parameters.AsSpan(offset, size);
    }
}

/// <summary>One forward pass as the trainer made it: the lengths, and each sequence's initial and final hidden state.</summary>
internal sealed record RecordedPass(int[] Lengths, float[] InitialStates, float[] FinalStates);
