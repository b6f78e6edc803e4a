using System;
using System.Numerics.Tensors;

namespace RnnGen.Bench;

/// <summary>
/// What an informed .NET user writes: the same PyTorch matrices, with every dot product and every
/// elementwise pass done by <see cref="TensorPrimitives"/>, which vectorizes each call on its own.
/// </summary>
public sealed class TensorPrimitivesImplementation : InferenceImplementation
{
    private readonly NetworkWeights _weights;
    private readonly LayerWeights[] _layers;
    private readonly float[] _headWeight;
    private readonly float[] _headBias;
    private readonly float[][] _h;
    private readonly float[][] _c;
    private readonly float[] _gates;
    private readonly float[] _hiddenGates;
    private readonly float[] _scratch;

    public TensorPrimitivesImplementation(NetworkWeights weights)
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
        _scratch = new float[weights.HiddenSize];
    }

    public override string Name => "TensorPrimitives";

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
        for (int layer = 0; layer < _layers.Length; layer++)
        {
            LayerWeights weights = _layers[layer];
            float[] h = _h[layer];
            MatrixVector(weights.WeightIh, x, weights.BiasIh, _gates);
            MatrixVector(weights.WeightHh, h, weights.BiasHh, _hiddenGates);
            Span<float> scratch = _scratch;
            switch (_weights.Cell)
            {
                case CellType.Lstm:
                {
                    Span<float> gates = _gates;
                    TensorPrimitives.Add(gates, _hiddenGates, gates);
                    Span<float> i = gates[..hidden], f = gates.Slice(hidden, hidden), g = gates.Slice(2 * hidden, hidden), o = gates.Slice(3 * hidden, hidden);
                    TensorPrimitives.Sigmoid(i, i);
                    TensorPrimitives.Sigmoid(f, f);
                    TensorPrimitives.Tanh(g, g);
                    TensorPrimitives.Sigmoid(o, o);
                    TensorPrimitives.Multiply(i, g, i);
                    TensorPrimitives.FusedMultiplyAdd(f, _c[layer], i, _c[layer]);
                    TensorPrimitives.Tanh(_c[layer], scratch);
                    TensorPrimitives.Multiply(o, scratch, h);
                    break;
                }

                case CellType.Gru:
                {
                    Span<float> gates = _gates;
                    Span<float> hiddenGates = _hiddenGates;
                    Span<float> rz = gates[..(2 * hidden)];
                    TensorPrimitives.Add(rz, hiddenGates[..(2 * hidden)], rz);
                    TensorPrimitives.Sigmoid(rz, rz);
                    Span<float> r = gates[..hidden], z = gates.Slice(hidden, hidden), n = gates.Slice(2 * hidden, hidden);
                    TensorPrimitives.FusedMultiplyAdd(r, hiddenGates.Slice(2 * hidden, hidden), n, n);
                    TensorPrimitives.Tanh(n, n);

                    // h' = n + z·(h − n), PyTorch's (1 − z)·n + z·h rearranged.
                    TensorPrimitives.Subtract(h, n, scratch);
                    TensorPrimitives.FusedMultiplyAdd(z, scratch, n, h);
                    break;
                }

                default:
                    TensorPrimitives.Add(_gates, _hiddenGates, h);
                    TensorPrimitives.Tanh(h, h);
                    break;
            }

            x = h;
        }

        if (_weights.HasHead)
        {
            MatrixVector(_headWeight, x, _headBias, output);
        }
        else
        {
            x.CopyTo(output);
        }
    }

    private static void MatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> vector, ReadOnlySpan<float> bias, Span<float> result)
    {
        int columns = vector.Length;
        for (int row = 0; row < result.Length; row++)
        {
            result[row] = bias[row] + TensorPrimitives.Dot(matrix.Slice(row * columns, columns), vector);
        }
    }
}
