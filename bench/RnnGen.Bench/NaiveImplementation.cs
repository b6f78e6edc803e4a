using System;

namespace RnnGen.Bench;

/// <summary>
/// What a user writes by hand: scalar loops straight over PyTorch's weight matrices, a row's dot product
/// per gate, <see cref="MathF"/> for the activations.
/// </summary>
public sealed class NaiveImplementation : InferenceImplementation
{
    private readonly NetworkWeights _weights;
    private readonly float[][] _h;
    private readonly float[][] _c;
    private readonly float[] _gates;
    private readonly float[] _hiddenGates;
    private readonly LayerWeights[] _layers;
    private readonly float[] _headWeight;
    private readonly float[] _headBias;

    public NaiveImplementation(NetworkWeights weights)
    {
        _weights = weights;
        _layers = LayerWeights.Of(weights);
        _headWeight = weights.HasHead ? weights.Parameters["head.weight"] : [];
        _headBias = weights.HasHead ? weights.Parameters["head.bias"] : [];
        _h = new float[weights.Layers][];
        _c = new float[weights.Layers][];
        for (int layer = 0; layer < weights.Layers; layer++)
        {
            _h[layer] = new float[weights.HiddenSize];
            _c[layer] = new float[weights.HiddenSize];
        }

        _gates = new float[weights.Gates * weights.HiddenSize];
        _hiddenGates = new float[weights.Gates * weights.HiddenSize];
    }

    public override string Name => "naive";

    public override void Reset()
    {
        for (int layer = 0; layer < _weights.Layers; layer++)
        {
            Array.Clear(_h[layer]);
            Array.Clear(_c[layer]);
        }
    }

    public override void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        int hidden = _weights.HiddenSize;
        ReadOnlySpan<float> x = input;
        for (int layer = 0; layer < _weights.Layers; layer++)
        {
            float[] wi = _layers[layer].WeightIh;
            float[] wh = _layers[layer].WeightHh;
            float[] bi = _layers[layer].BiasIh;
            float[] bh = _layers[layer].BiasHh;
            float[] h = _h[layer];
            int inputSize = x.Length;

            // PyTorch keeps the hidden products apart from the input's: a GRU's reset gate scales only them.
            for (int row = 0; row < _gates.Length; row++)
            {
                float sum = bi[row];
                for (int k = 0; k < inputSize; k++)
                {
                    sum += wi[row * inputSize + k] * x[k];
                }

                float hiddenSum = bh[row];
                for (int k = 0; k < hidden; k++)
                {
                    hiddenSum += wh[row * hidden + k] * h[k];
                }

                _gates[row] = sum;
                _hiddenGates[row] = hiddenSum;
            }

            for (int j = 0; j < hidden; j++)
            {
                switch (_weights.Cell)
                {
                    case CellType.Lstm:
                        float i = Sigmoid(_gates[j] + _hiddenGates[j]);
                        float f = Sigmoid(_gates[hidden + j] + _hiddenGates[hidden + j]);
                        float g = MathF.Tanh(_gates[2 * hidden + j] + _hiddenGates[2 * hidden + j]);
                        float o = Sigmoid(_gates[3 * hidden + j] + _hiddenGates[3 * hidden + j]);
                        _c[layer][j] = f * _c[layer][j] + i * g;
                        h[j] = o * MathF.Tanh(_c[layer][j]);
                        break;
                    case CellType.Gru:
                        float r = Sigmoid(_gates[j] + _hiddenGates[j]);
                        float z = Sigmoid(_gates[hidden + j] + _hiddenGates[hidden + j]);
                        float n = MathF.Tanh(_gates[2 * hidden + j] + r * _hiddenGates[2 * hidden + j]);
                        h[j] = (1 - z) * n + z * h[j];
                        break;
                    default:
                        h[j] = MathF.Tanh(_gates[j] + _hiddenGates[j]);
                        break;
                }
            }

            x = h;
        }

        if (_weights.HasHead)
        {
            float[] w = _headWeight;
            float[] b = _headBias;
            for (int row = 0; row < output.Length; row++)
            {
                float sum = b[row];
                for (int k = 0; k < hidden; k++)
                {
                    sum += w[row * hidden + k] * x[k];
                }

                output[row] = sum;
            }
        }
        else
        {
            x.CopyTo(output);
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
